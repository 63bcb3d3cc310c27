package dev.ctx4j.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

class TimeoutHeaderTest {

  @Test
  void parsesEveryUnit() {
    assertEquals(Duration.ofHours(2), TimeoutHeader.parse("2H"));
    assertEquals(Duration.ofMinutes(3), TimeoutHeader.parse("3M"));
    assertEquals(Duration.ofSeconds(4), TimeoutHeader.parse("4S"));
    assertEquals(Duration.ofMillis(1500), TimeoutHeader.parse("1500m"));
    assertEquals(Duration.of(250, ChronoUnit.MICROS), TimeoutHeader.parse("250u"));
    assertEquals(Duration.ofNanos(7), TimeoutHeader.parse("7n"));
  }

  @Test
  void parsesEightDigitsAndLeadingZeros() {
    assertEquals(Duration.ofHours(99_999_999), TimeoutHeader.parse("99999999H"));
    assertEquals(Duration.ofNanos(99_999_999), TimeoutHeader.parse("99999999n"));
    assertEquals(Duration.ofSeconds(5), TimeoutHeader.parse("00000005S"));
  }

  @Test
  void zeroIsASpentBudget() {
    assertEquals(Duration.ZERO, TimeoutHeader.parse("0n"));
    assertEquals(Duration.ZERO, TimeoutHeader.parse("0H"));
  }

  @Test
  void ignoresSurroundingSpacesAndTabs() {
    assertEquals(Duration.ofSeconds(1), TimeoutHeader.parse(" \t1S\t "));
  }

  @Test
  void rejectsMalformedValuesSayingWhy() {
    assertMalformed("", "it is empty");
    assertMalformed("   ", "it is empty");
    assertMalformed("S", "no digits before the unit");
    assertMalformed("5", "no digits before the unit");
    assertMalformed("123456789S", "more than 8 digits");
    assertMalformed("000000001S", "more than 8 digits");
    assertMalformed("-1S", "'-' at index 0 is not an ASCII digit");
    assertMalformed("+1S", "'+' at index 0 is not an ASCII digit");
    assertMalformed("1 S", "' ' at index 1 is not an ASCII digit");
    assertMalformed("1.5S", "'.' at index 1 is not an ASCII digit");
    assertMalformed("\u0661S", "'\\u0661' at index 0 is not an ASCII digit"); // ARABIC-INDIC DIGIT ONE
    assertMalformed("10s", "unit 's' is not one of H, M, S, m, u, n");
    assertMalformed("10", "unit '0' is not one of H, M, S, m, u, n");
    assertMalformed("abc", "'a' at index 0 is not an ASCII digit");
    assertMalformed("1S\r\nX-Evil: 1", "'S' at index 1 is not an ASCII digit");
  }

  @Test
  void messageQuotesAtMost32CharactersOfAHugeValue() {
    String huge = "9".repeat(10_000) + "S";
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TimeoutHeader.parse(huge));
    assertTrue(e.getMessage().contains("\"" + "9".repeat(32) + "\"... (10001 characters)"), e.getMessage());
    assertTrue(e.getMessage().length() < 300, e.getMessage());
  }

  @Test
  void messageEscapesControlCharacters() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TimeoutHeader.parse("1\nS"));
    assertTrue(e.getMessage().contains("\"1\\u000aS\""), e.getMessage());
  }

  @Test
  void parseRejectsNull() {
    assertThrows(NullPointerException.class, () -> TimeoutHeader.parse(null));
  }

  @Test
  void formatsWithTheFinestUnitThatFitsEightDigits() {
    assertEquals("1n", TimeoutHeader.format(Duration.ofNanos(1)));
    assertEquals("99999999n", TimeoutHeader.format(Duration.ofNanos(99_999_999)));
    assertEquals("100000u", TimeoutHeader.format(Duration.ofNanos(100_000_000)));
    assertEquals("1500000u", TimeoutHeader.format(Duration.ofMillis(1500)));
    assertEquals("99999999u", TimeoutHeader.format(Duration.ofNanos(99_999_999_999L)));
    assertEquals("100000m", TimeoutHeader.format(Duration.ofSeconds(100)));
    assertEquals("100000S", TimeoutHeader.format(Duration.ofSeconds(100_000)));
    assertEquals("99999999S", TimeoutHeader.format(Duration.ofSeconds(99_999_999)));
    assertEquals("1666666M", TimeoutHeader.format(Duration.ofSeconds(100_000_000)));
    assertEquals("99999999M", TimeoutHeader.format(Duration.ofMinutes(99_999_999)));
    assertEquals("1666666H", TimeoutHeader.format(Duration.ofMinutes(100_000_000)));
    assertEquals("99999999H", TimeoutHeader.format(Duration.ofHours(99_999_999)));
  }

  @Test
  void formatRoundsDownSoTheBudgetIsNeverIncreased() {
    // 100.000999999 s does not fit in microseconds' 8 digits: milliseconds, rounded down.
    assertEquals("100000m", TimeoutHeader.format(Duration.ofSeconds(100, 999_999)));
    assertEquals("1666666M", TimeoutHeader.format(Duration.ofSeconds(100_000_019)));
    for (long nanos = 1; nanos < Long.MAX_VALUE / 3; nanos = nanos * 3 + 7) {
      Duration d = Duration.ofNanos(nanos);
      Duration back = TimeoutHeader.parse(TimeoutHeader.format(d));
      assertTrue(back.compareTo(d) <= 0, d + " came back as " + back);
    }
  }

  @Test
  void formatClampsHugeBudgetsToTheLargestValue() {
    assertEquals("99999999H", TimeoutHeader.format(Duration.ofHours(100_000_000)));
    assertEquals("99999999H", TimeoutHeader.format(Duration.ofSeconds(Long.MAX_VALUE, 999_999_999)));
  }

  @Test
  void formatsZeroAndNegativeAsASpentBudget() {
    assertEquals("0n", TimeoutHeader.format(Duration.ZERO));
    assertEquals("0n", TimeoutHeader.format(Duration.ofNanos(-1)));
    assertEquals("0n", TimeoutHeader.format(Duration.ofSeconds(Long.MIN_VALUE)));
  }

  @Test
  void formatRejectsNull() {
    assertThrows(NullPointerException.class, () -> TimeoutHeader.format(null));
  }

  @Test
  void roundTripsValuesThatFitExactly() {
    for (Duration d :
        new Duration[] {
          Duration.ofNanos(1), Duration.ofNanos(12_345_678), Duration.of(3, ChronoUnit.MICROS),
          Duration.ofMillis(250), Duration.ofSeconds(30), Duration.ofMinutes(90), Duration.ofHours(48),
          Duration.ofDays(365 * 100)
        }) {
      assertEquals(d, TimeoutHeader.parse(TimeoutHeader.format(d)), d.toString());
    }
  }

  private static void assertMalformed(String value, String why) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TimeoutHeader.parse(value));
    assertTrue(e.getMessage().startsWith("malformed timeout header value \""), e.getMessage());
    assertTrue(e.getMessage().contains(why), "expected <" + why + "> in: " + e.getMessage());
    assertTrue(
        e.getMessage().endsWith("expected 1 to 8 ASCII digits followed by one unit of H, M, S, m, u, n"
            + " (for example \"1500m\")"),
        e.getMessage());
  }
}
