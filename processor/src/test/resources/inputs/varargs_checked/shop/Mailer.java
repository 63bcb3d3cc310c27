package shop;

import dev.ctx4j.Context;
import dev.ctx4j.Timeout;
import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;
import java.util.concurrent.TimeoutException;

/** Varargs, checked exceptions, final and annotated parameters. */
public interface Mailer {
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.PARAMETER)
  @interface Address {
    String value() default "";
  }

  @Timeout(30_000)
  int send(Context ctx, @Address("to") final String to, String... lines) throws IOException, TimeoutException;

  @Timeout(30_000)
  @SuppressWarnings("unchecked") // heap pollution: List<String>... is not reifiable
  <E extends Exception> void sendAll(Context ctx, List<String>... batches) throws E, InterruptedException;
}
