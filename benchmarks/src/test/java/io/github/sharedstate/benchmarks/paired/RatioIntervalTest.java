package io.github.sharedstate.benchmarks.paired;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

final class RatioIntervalTest {
  /** {@code n} scores around {@code center}, each off by a random factor within +-{@code spread}. */
  private static double[] scores(Random random, int n, double center, double spread) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = center * (1 + spread * (2 * random.nextDouble() - 1));
    }
    return x;
  }

  @Test
  void mannWhitneyCdf_smallCases_matchCountedOrderings() {
    // m = n = 2: the 6 orderings give U = 0, 1, 2, 2, 3, 4
    double[] cdf = RatioInterval.mannWhitneyCdf(2, 2);
    assertEquals(1 / 6.0, cdf[0], 1e-12);
    assertEquals(2 / 6.0, cdf[1], 1e-12);
    assertEquals(4 / 6.0, cdf[2], 1e-12);
    assertEquals(1.0, cdf[4], 1e-12);
    // m = n = 4: P(U = 0) = 1 / C(8, 4) = 1 / 70
    assertEquals(1 / 70.0, RatioInterval.mannWhitneyCdf(4, 4)[0], 1e-12);
    // m = n = 6: the tabled two-sided 5% critical value is 5, so P(U <= 5) <= 0.025 < P(U <= 6)
    double[] six = RatioInterval.mannWhitneyCdf(6, 6);
    assertTrue(six[5] <= 0.025 && six[6] > 0.025, six[5] + " " + six[6]);
  }

  @Test
  void sixAndSix_intervalIsSixthToThirtyFirstRatio() {
    double[] a = {2, 2, 2, 2, 2, 2};
    double[] b = {1, 1, 1, 1, 1, 1};
    RatioInterval r = RatioInterval.of(a, b, 0.95);
    assertEquals(2.0, r.ratio(), 1e-12);
    assertEquals(2.0, r.low(), 1e-12);
    assertEquals(2.0, r.high(), 1e-12);
    assertTrue(r.coverage() >= 0.95 && r.coverage() < 0.96, "exact coverage: " + r.coverage());
  }

  @Test
  void knownRatio_comesOutInsideTheInterval() {
    Random random = new Random(42);
    int covered = 0;
    for (int trial = 0; trial < 200; trial++) {
      double[] candidate = scores(random, 15, 30.0, 0.10); // 1.5x the baseline, +-10% noise
      double[] baseline = scores(random, 15, 20.0, 0.10);
      RatioInterval r = RatioInterval.of(candidate, baseline, 0.95);
      assertTrue(r.low() <= r.ratio() && r.ratio() <= r.high(), r.toString());
      if (r.contains(1.5)) {
        covered++;
      }
    }
    // a 95% interval: about 190 of 200; 180 leaves room for chance (binomial sd ~3)
    assertTrue(covered >= 180, "covered the true ratio " + covered + " times of 200");
  }

  @Test
  void identicalRows_intervalContainsOne() {
    Random random = new Random(7);
    int covered = 0;
    for (int trial = 0; trial < 200; trial++) {
      RatioInterval r =
          RatioInterval.of(scores(random, 6, 10, 0.2), scores(random, 6, 10, 0.2), 0.95);
      if (r.contains(1.0)) {
        covered++;
      }
    }
    assertTrue(covered >= 180, "contained 1.0 " + covered + " times of 200");
  }

  @Test
  void clearlyDifferentRows_decideATarget() {
    Random random = new Random(3);
    RatioInterval r =
        RatioInterval.of(scores(random, 15, 21, 0.05), scores(random, 15, 10, 0.05), 0.95);
    assertEquals(Verdict.MET, Verdict.of(r.low(), r.high(), Target.atLeast(1.8)));
    assertEquals(Verdict.NOT_MET, Verdict.of(r.low(), r.high(), Target.atLeast(3.0)));
  }

  @Test
  void tooFewScores_noInterval_undecided() {
    RatioInterval r = RatioInterval.of(new double[] {2, 2, 2}, new double[] {1, 1, 1}, 0.95);
    assertEquals(0, r.low());
    assertEquals(Double.POSITIVE_INFINITY, r.high());
    assertEquals(Verdict.UNDECIDED, Verdict.of(r.low(), r.high(), Target.atLeast(1.5)));
  }

  @Test
  void largeSamples_useTheNormalApproximation_andStillCover() {
    Random random = new Random(11);
    RatioInterval r =
        RatioInterval.of(scores(random, 60, 12, 0.1), scores(random, 60, 10, 0.1), 0.95);
    assertTrue(r.contains(1.2), r.toString());
    assertTrue(r.high() / r.low() < 1.1, "60 a side gives a narrow interval: " + r);
  }

  @Test
  void badInput_throws() {
    assertThrows(
        IllegalArgumentException.class,
        () -> RatioInterval.of(new double[0], new double[] {1}, 0.95));
    assertThrows(
        IllegalArgumentException.class,
        () -> RatioInterval.of(new double[] {1, 0}, new double[] {1}, 0.95));
    assertThrows(
        IllegalArgumentException.class,
        () -> RatioInterval.of(new double[] {1}, new double[] {Double.NaN}, 0.95));
    assertThrows(
        IllegalArgumentException.class,
        () -> RatioInterval.of(new double[] {1}, new double[] {1}, 1.0));
  }

  @Test
  void verdict_nanInterval_isUndecided() {
    assertEquals(Verdict.UNDECIDED, Verdict.of(Double.NaN, Double.NaN, Target.atMost(1.1)));
  }
}
