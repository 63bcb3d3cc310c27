package dev.ctx4j.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class InboundBudgetTest {
  private static final InboundBudget POLICY = InboundBudget.defaults().maxTimeout(Duration.ofSeconds(10));

  @Test
  void defaults() {
    InboundBudget d = InboundBudget.defaults();
    assertEquals("ctx4j-timeout", d.headerName());
    assertEquals(Duration.ofSeconds(30), d.maxTimeout());
    assertEquals(Duration.ZERO, d.safetyMargin());
    assertEquals(Duration.ZERO, d.rejectBelow());
  }

  @Test
  void isImmutable() {
    InboundBudget d = InboundBudget.defaults();
    InboundBudget changed = d.maxTimeout(Duration.ofSeconds(1)).safetyMargin(Duration.ofMillis(5))
        .rejectBelow(Duration.ofMillis(9)).headerName("x-budget");
    assertEquals(InboundBudget.defaults(), d);
    assertEquals(Duration.ofSeconds(30), d.maxTimeout());
    assertNotEquals(d, changed);
    assertEquals(
        "InboundBudget{headerName=x-budget, maxTimeout=PT1S, safetyMargin=PT0.005S, rejectBelow=PT0.009S}",
        changed.toString());
    assertEquals(changed, InboundBudget.defaults().headerName("x-budget").maxTimeout(Duration.ofSeconds(1))
        .safetyMargin(Duration.ofMillis(5)).rejectBelow(Duration.ofMillis(9)));
    assertEquals(changed.hashCode(), InboundBudget.defaults().headerName("x-budget")
        .maxTimeout(Duration.ofSeconds(1)).safetyMargin(Duration.ofMillis(5)).rejectBelow(Duration.ofMillis(9))
        .hashCode());
  }

  @Test
  void rejectsBadSettingsWithClearMessages() {
    InboundBudget d = InboundBudget.defaults();
    assertEquals("maxTimeout must be positive, was PT0S",
        assertThrows(IllegalArgumentException.class, () -> d.maxTimeout(Duration.ZERO)).getMessage());
    assertEquals("safetyMargin must not be negative, was PT-0.001S",
        assertThrows(IllegalArgumentException.class, () -> d.safetyMargin(Duration.ofMillis(-1))).getMessage());
    assertEquals("rejectBelow must not be negative, was PT-1S",
        assertThrows(IllegalArgumentException.class, () -> d.rejectBelow(Duration.ofSeconds(-1))).getMessage());
    assertEquals("header name must not be empty",
        assertThrows(IllegalArgumentException.class, () -> d.headerName("")).getMessage());
    assertEquals("header name must be an HTTP token (letters, digits and !#$%&'*+-.^_`|~), was \"a b\" with ' ' at"
            + " index 1",
        assertThrows(IllegalArgumentException.class, () -> d.headerName("a b")).getMessage());
    // a threshold above the maximum would answer 504 to every request with the header and run those without it
    assertEquals("rejectBelow must not exceed maxTimeout (PT10S), was PT20S",
        assertThrows(IllegalArgumentException.class,
            () -> d.maxTimeout(Duration.ofSeconds(10)).rejectBelow(Duration.ofSeconds(20))).getMessage());
    assertEquals("maxTimeout must not be below rejectBelow (PT20S), was PT10S",
        assertThrows(IllegalArgumentException.class,
            () -> d.rejectBelow(Duration.ofSeconds(20)).maxTimeout(Duration.ofSeconds(10))).getMessage());
    assertEquals(Duration.ofSeconds(10), d.maxTimeout(Duration.ofSeconds(10)).rejectBelow(Duration.ofSeconds(10))
        .rejectBelow());
    assertThrows(NullPointerException.class, () -> d.headerName(null));
    assertThrows(NullPointerException.class, () -> d.maxTimeout(null));
    assertThrows(NullPointerException.class, () -> d.safetyMargin(null));
    assertThrows(NullPointerException.class, () -> d.rejectBelow(null));
  }

  @Test
  void headerAbsentGetsTheMaximum() {
    assertRuns(Duration.ofSeconds(10), POLICY.decide(null));
    assertRuns(Duration.ofSeconds(10), POLICY.decide(List.of()));
    // the margin is for the caller's budget; a request without one gets the whole maximum
    assertRuns(Duration.ofSeconds(10), POLICY.safetyMargin(Duration.ofSeconds(1)).decide(List.of()));
  }

  @Test
  void headerBudgetIsUsed() {
    assertRuns(Duration.ofMillis(1500), POLICY.decide(List.of("1500m")));
  }

  @Test
  void headerBudgetIsClampedToTheMaximum() {
    assertRuns(Duration.ofSeconds(10), POLICY.decide(List.of("11S")));
    assertRuns(Duration.ofSeconds(10), POLICY.decide(List.of("99999999H")));
  }

  @Test
  void safetyMarginIsSubtractedThenTheMaximumApplies() {
    InboundBudget p = POLICY.safetyMargin(Duration.ofMillis(200));
    assertRuns(Duration.ofMillis(1300), p.decide(List.of("1500m")));
    assertRuns(Duration.ofMillis(9800), p.decide(List.of("10S")));
    assertRuns(Duration.ofSeconds(10), p.decide(List.of("1M")));
  }

  @Test
  void spentBudgetIsRejectedWith504() {
    InboundBudget.Decision zero = POLICY.decide(List.of("0n"));
    assertEquals(504, zero.status);
    assertEquals("ctx4j: not started, the request's budget is spent: ctx4j-timeout 0n minus the server's safety"
        + " margin PT0S leaves PT0S", zero.message);
    InboundBudget.Decision eaten = POLICY.safetyMargin(Duration.ofMillis(5)).decide(List.of("4m"));
    assertEquals(504, eaten.status);
    assertTrue(eaten.message.contains("leaves PT-0.001S"), eaten.message);
  }

  @Test
  void budgetBelowTheThresholdIsRejectedWith504() {
    InboundBudget p = POLICY.safetyMargin(Duration.ofMillis(5)).rejectBelow(Duration.ofMillis(20));
    InboundBudget.Decision d = p.decide(List.of("24m"));
    assertEquals(504, d.status);
    assertEquals("ctx4j: not started, the request's budget is too small: ctx4j-timeout 24m minus the server's"
        + " safety margin PT0.005S leaves PT0.019S, below the server's threshold PT0.02S", d.message);
    assertRuns(Duration.ofMillis(20), p.decide(List.of("25m")));
  }

  @Test
  void malformedHeaderIsRejectedWith400() {
    InboundBudget.Decision d = POLICY.decide(List.of("1.5S"));
    assertEquals(400, d.status);
    assertEquals("ctx4j: bad ctx4j-timeout header: malformed timeout header value \"1.5S\": '.' at index 1 is not an"
        + " ASCII digit; expected 1 to 8 ASCII digits followed by one unit of H, M, S, m, u, n (for example"
        + " \"1500m\")", d.message);
    assertEquals(400, POLICY.decide(List.of("123456789S")).status);
    assertEquals(400, POLICY.decide(List.of("")).status);
    assertEquals(400, POLICY.decide(List.of("1S, 2S")).status);
  }

  @Test
  void repeatedHeaderIsRejectedWith400() {
    InboundBudget.Decision d = POLICY.headerName("x-budget").decide(List.of("1S", "2S"));
    assertEquals(400, d.status);
    assertEquals("ctx4j: the x-budget header was sent 2 times; send it once", d.message);
  }

  private static void assertRuns(Duration expected, InboundBudget.Decision decision) {
    assertFalse(decision.rejected(), () -> decision.status + " " + decision.message);
    assertEquals(expected, decision.budget);
  }
}
