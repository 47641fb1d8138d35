package io.github.sharedstate.benchmarks.paired;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

final class VerdictTest {
  private static MedianInterval interval(double low, double high) {
    return new MedianInterval((low + high) / 2, low, high, 0.95, 30);
  }

  @Test
  void costTarget_wholeIntervalBelowLimit_met() {
    assertEquals(Verdict.MET, Verdict.of(interval(1.02, 1.08), Target.atMost(1.10)));
  }

  @Test
  void costTarget_upperEndOnLimit_met() {
    assertEquals(Verdict.MET, Verdict.of(interval(1.02, 1.10), Target.atMost(1.10)));
  }

  @Test
  void costTarget_wholeIntervalAbove_notMet() {
    assertEquals(Verdict.NOT_MET, Verdict.of(interval(1.11, 1.30), Target.atMost(1.10)));
  }

  @Test
  void costTarget_straddles_undecided() {
    assertEquals(Verdict.UNDECIDED, Verdict.of(interval(1.05, 1.15), Target.atMost(1.10)));
  }

  @Test
  void costTarget_lowerEndOnLimit_undecided() {
    assertEquals(Verdict.UNDECIDED, Verdict.of(interval(1.10, 1.15), Target.atMost(1.10)));
  }

  @Test
  void throughputTarget_wholeIntervalAbove_met() {
    assertEquals(Verdict.MET, Verdict.of(interval(0.95, 1.20), Target.atLeast(0.95)));
  }

  @Test
  void throughputTarget_wholeIntervalBelow_notMet() {
    assertEquals(Verdict.NOT_MET, Verdict.of(interval(0.80, 0.94), Target.atLeast(0.95)));
  }

  @Test
  void throughputTarget_straddles_undecided() {
    assertEquals(Verdict.UNDECIDED, Verdict.of(interval(0.90, 1.00), Target.atLeast(0.95)));
  }

  @Test
  void target_parse_roundTrips() {
    assertEquals(Target.atMost(1.10), Target.parse("<=1.10"));
    assertEquals(Target.atLeast(0.95), Target.parse(">= 0.95x"));
    assertEquals(Target.atMost(1.02), Target.parse(Target.atMost(1.02).toString()));
    assertEquals("<= 1.10", Target.atMost(1.1).toString());
  }

  @Test
  void target_badText_orLimit_throws() {
    assertThrows(IllegalArgumentException.class, () -> Target.parse("1.10"));
    assertThrows(IllegalArgumentException.class, () -> Target.atMost(0));
    assertThrows(IllegalArgumentException.class, () -> Target.atLeast(Double.NaN));
  }

  @Test
  void ratioKind_cost_isTimeRatio_throughput_isRateRatio() {
    // the candidate does 50 ops/us (20 ns/op), the baseline 100 ops/us (10 ns/op)
    assertEquals(2.0, RatioKind.COST.ratio(50, 100), 1e-12);
    assertEquals(0.5, RatioKind.THROUGHPUT.ratio(50, 100), 1e-12);
    assertEquals(20.0, RatioKind.COST.score(50), 1e-12);
    assertEquals(50.0, RatioKind.THROUGHPUT.score(50), 1e-12);
  }
}
