package io.github.sharedstate.benchmarks.paired;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

final class MedianIntervalTest {

  /** 1..n in a shuffled order: the k-th order statistic is k. */
  private static double[] shuffledRanks(int n) {
    List<Double> values = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      values.add((double) i);
    }
    Collections.shuffle(values, new Random(42));
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }

  @Test
  void thirtyValues_95_isTenthToTwentyFirst() {
    MedianInterval ci = MedianInterval.of(shuffledRanks(30), 0.95);
    assertEquals(15.5, ci.median());
    assertEquals(10, ci.low());
    assertEquals(21, ci.high());
    // 1 - 2 P(B <= 9), B ~ Bin(30, 1/2): 2 * 0.021387 missed
    assertEquals(0.95723, ci.coverage(), 1e-5);
    assertEquals(30, ci.n());
  }

  @Test
  void tenValues_95_isSecondToNinth() {
    MedianInterval ci = MedianInterval.of(shuffledRanks(10), 0.95);
    assertEquals(5.5, ci.median());
    assertEquals(2, ci.low());
    assertEquals(9, ci.high());
    assertEquals(1 - 2 * 11 / 1024.0, ci.coverage(), 1e-12); // P(B <= 1) = 11 / 1024
  }

  @Test
  void sixValues_95_isWholeRange() {
    MedianInterval ci = MedianInterval.of(new double[] {3, 1, 2, 6, 5, 4}, 0.95);
    assertEquals(3.5, ci.median());
    assertEquals(1, ci.low());
    assertEquals(6, ci.high());
    assertEquals(1 - 2 / 64.0, ci.coverage(), 1e-12);
  }

  @Test
  void oddCount_medianIsMiddleValue() {
    MedianInterval ci = MedianInterval.of(new double[] {9, 1, 5, 7, 3, 2, 8}, 0.95);
    assertEquals(5, ci.median());
    assertEquals(1, ci.low()); // n = 7: [x(1), x(7)], 2 P(B <= 1) = 0.125 > 0.05
    assertEquals(9, ci.high());
  }

  @Test
  void hundredValues_95_isFortieth_toSixtyFirst() {
    MedianInterval ci = MedianInterval.of(shuffledRanks(100), 0.95);
    assertEquals(40, ci.low()); // the textbook pair for n = 100 at 95%: ranks 40 and 61
    assertEquals(61, ci.high());
    assertTrue(ci.coverage() >= 0.95);
  }

  @Test
  void valuesUnchanged_andSameInputGivesSameInterval() {
    double[] values = shuffledRanks(20);
    double[] copy = values.clone();
    MedianInterval first = MedianInterval.of(values, 0.95);
    assertEquals(first, MedianInterval.of(values, 0.95));
    for (int i = 0; i < values.length; i++) {
      assertEquals(copy[i], values[i]);
    }
  }

  @Test
  void contains_endsIncluded() {
    MedianInterval ci = new MedianInterval(1.0, 0.9, 1.1, 0.95, 30);
    assertTrue(ci.contains(0.9));
    assertTrue(ci.contains(1.1));
    assertFalse(ci.contains(1.1000001));
  }

  @Test
  void minimumSize_isSixAt95_andEightAt99() {
    assertEquals(6, MedianInterval.minimumSize(0.95));
    assertEquals(8, MedianInterval.minimumSize(0.99));
  }

  @Test
  void tooFewValues_badLevel_orNaN_throw() {
    assertThrows(IllegalArgumentException.class, () -> MedianInterval.of(new double[5], 0.95));
    assertThrows(IllegalArgumentException.class, () -> MedianInterval.of(new double[10], 1.0));
    assertThrows(IllegalArgumentException.class, () -> MedianInterval.of(new double[10], 0));
    double[] withNaN = {1, 2, 3, Double.NaN, 5, 6};
    assertThrows(IllegalArgumentException.class, () -> MedianInterval.of(withNaN, 0.95));
  }
}
