package shop;

import dev.ctx4j.Cancellable;
import dev.ctx4j.Context;
import dev.ctx4j.Timeout;
import java.io.IOException;
import java.util.List;

/** A class: type-level @Cancellable, one method's own @Timeout wins; constructors are mirrored. */
@Cancellable
public class Inventory {
  private final String warehouse;

  public Inventory(String warehouse) {
    this.warehouse = warehouse;
  }

  protected Inventory(List<String> warehouses, int index) throws IOException {
    this(warehouses.get(index));
  }

  Inventory() {
    this("main");
  }

  private Inventory(int ignored) {
    this("never");
  }

  public int reserve(Context ctx, String sku, int quantity) {
    return quantity;
  }

  @Timeout(500)
  protected String warehouse(Context ctx) {
    return warehouse;
  }

  public final String name() {
    return warehouse;
  }

  static Inventory of(String warehouse) {
    return new Inventory(warehouse);
  }
}
