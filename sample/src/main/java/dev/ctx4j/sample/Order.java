package dev.ctx4j.sample;

/**
 * An order, as the {@link OrderService} returns it.
 *
 * @param id the order's id
 * @param item what was ordered
 */
public record Order(String id, String item) {
  /**
   * Returns the order as a small JSON object, for the HTTP response.
   *
   * @return {@code {"id":"42","item":"coffee beans"}}
   */
  public String toJson() {
    return "{\"id\":\"" + id + "\",\"item\":\"" + item + "\"}";
  }
}
