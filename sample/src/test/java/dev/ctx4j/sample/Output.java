package dev.ctx4j.sample;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** A {@link PrintStream} that a test can read back, line by line; also echoed to standard output for the reports. */
final class Output {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  PrintStream stream() {
    return stream;
  }

  String text() {
    stream.flush();
    String text = bytes.toString(StandardCharsets.UTF_8);
    return text;
  }

  List<String> lines() {
    return text().lines().toList();
  }
}
