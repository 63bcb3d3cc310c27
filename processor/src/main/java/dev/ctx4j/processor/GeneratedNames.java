package dev.ctx4j.processor;

import com.palantir.javapoet.ClassName;
import javax.lang.model.element.TypeElement;

/**
 * The names ctx4j gives to what it generates and the names of the runtime types generated code refers to. The scheme
 * never varies: {@code Foo} gets {@code Ctx4j_Foo} in Foo's package, {@code Outer.Inner} gets
 * {@code Ctx4j_Outer_Inner} (AutoValue's rule: a prefix, nesting joined with {@code _}).
 */
final class GeneratedNames {
  static final String PREFIX = "Ctx4j_";
  static final String PROCESSOR = "dev.ctx4j.processor.Ctx4jProcessor";

  static final String CANCELLABLE = "dev.ctx4j.Cancellable";
  static final String TIMEOUT = "dev.ctx4j.Timeout";

  static final ClassName CONTEXT = ClassName.get("dev.ctx4j", "Context");
  static final ClassName CALL = ClassName.get("dev.ctx4j.internal", "Call");
  static final ClassName WRAPPED_METHOD = ClassName.get("dev.ctx4j.internal", "WrappedMethod");
  static final ClassName CTX4J_GENERATED = ClassName.get("dev.ctx4j.internal", "Ctx4jGenerated");
  static final ClassName CANCELLED_EXCEPTION = ClassName.get("dev.ctx4j", "CancelledException");
  static final ClassName DEADLINE_EXCEEDED_EXCEPTION = ClassName.get("dev.ctx4j", "DeadlineExceededException");
  static final ClassName TIME_UNIT = ClassName.get("java.util.concurrent", "TimeUnit");
  static final ClassName OBJECTS = ClassName.get("java.util", "Objects");
  static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");

  static final String COMPLETION_STAGE = "java.util.concurrent.CompletionStage";
  static final String COMPLETABLE_FUTURE = "java.util.concurrent.CompletableFuture";
  static final String FUTURE = "java.util.concurrent.Future";

  private GeneratedNames() {}

  /** Returns {@code Ctx4j_Foo} for {@code Foo}, {@code Ctx4j_Outer_Inner} for {@code Outer.Inner}. */
  static ClassName wrapperName(TypeElement type) {
    ClassName source = ClassName.get(type);
    return ClassName.get(source.packageName(), PREFIX + String.join("_", source.simpleNames()));
  }

  /** Returns the name used in messages for a method: {@code Foo.method}, with Foo's simple name. */
  static String methodLabel(TypeElement type, String method) {
    return type.getSimpleName() + "." + method;
  }
}
