package dev.ctx4j.sample;

import io.grpc.MethodDescriptor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * The inventory service's one gRPC method, {@code ctx4j.sample.Inventory/Stock}, written by hand: a
 * {@link MethodDescriptor} with a small text {@link MethodDescriptor.Marshaller} for each direction, no protobuf (as
 * grpc-java's own tests do). Shared by the server ({@link InventoryService}) and its client ({@link InventoryClient}).
 *
 * <p>The request carries the request id, so that the inventory's log lines name the request that caused them (ctx4j
 * values stay inside the JVM; only the deadline and the cancellation cross the wire, in {@code grpc-timeout} and
 * {@code RST_STREAM}). The reply is the count in stock, as text.
 */
final class InventoryProtocol {
  /** The service's name. */
  static final String SERVICE = "ctx4j.sample.Inventory";

  /** {@code Stock}: how many of an item are in stock; {@code NOT_FOUND} for an unknown item. */
  static final MethodDescriptor<StockQuery, Integer> STOCK =
      MethodDescriptor.<StockQuery, Integer>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "Stock"))
          .setRequestMarshaller(new TextMarshaller<>(StockQuery::encode, StockQuery::decode))
          .setResponseMarshaller(new TextMarshaller<>(String::valueOf, Integer::valueOf))
          .build();

  private InventoryProtocol() {}

  /**
   * The request of {@code Stock}.
   *
   * @param requestId the id of the request that needs the count, for the log
   * @param item the item
   */
  record StockQuery(String requestId, String item) {
    String encode() {
      return requestId + "\n" + item;
    }

    static StockQuery decode(String text) {
      int newline = text.indexOf('\n');
      if (newline < 0) {
        throw new IllegalArgumentException("not a stock query: " + text);
      }
      return new StockQuery(text.substring(0, newline), text.substring(newline + 1));
    }
  }

  /** Encodes a message as UTF-8 text. */
  private static final class TextMarshaller<T> implements MethodDescriptor.Marshaller<T> {
    private final Function<T, String> encode;
    private final Function<String, T> decode;

    TextMarshaller(Function<T, String> encode, Function<String, T> decode) {
      this.encode = encode;
      this.decode = decode;
    }

    @Override
    public InputStream stream(T value) {
      return new ByteArrayInputStream(encode.apply(value).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public T parse(InputStream stream) {
      try (stream) {
        return decode.apply(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
