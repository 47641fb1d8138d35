package io.github.sharedstate.benchmarks.paired;

import java.util.Arrays;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.stat.descriptive.rank.Median;

/**
 * The median of a sample and a distribution-free confidence interval for it, bounded by two of the
 * sample's own values (order statistics).
 *
 * <p>Method: in a sample of {@code n} independent values, the number below the true median is
 * binomial ({@code n}, 1/2). So with the values sorted, {@code x(1) <= ... <= x(n)}, the interval
 * {@code [x(k), x(n-k+1)]} misses the median with probability {@code 2 P(B <= k-1)}, B ~ Bin(n,
 * 1/2). The interval takes the largest {@code k} for which that is at most {@code 1 - level}; its
 * exact coverage, at least {@code level}, is {@link #coverage()}. It assumes nothing about the
 * shape of the distribution, and is deterministic: the same values always give the same interval.
 * For 30 values at 95% it is {@code [x(10), x(21)]} (95.7%); a 95% interval needs at least 6
 * values.
 *
 * @param median the sample median (the mean of the two middle values for an even count)
 * @param low the interval's lower end, a value of the sample
 * @param high the interval's upper end, a value of the sample
 * @param coverage the interval's exact coverage probability, at least the level asked for
 * @param n the number of values
 */
public record MedianInterval(double median, double low, double high, double coverage, int n) {

  /**
   * Computes the median and its interval.
   *
   * @param values the sample (not changed); independent draws, such as one ratio per round
   * @param level the confidence level, such as 0.95
   * @throws IllegalArgumentException if {@code level} is not between 0 and 1, a value is NaN, or
   *     there are fewer values than {@link #minimumSize(double)} for the level
   */
  public static MedianInterval of(double[] values, double level) {
    checkLevel(level);
    int n = values.length;
    int minimum = minimumSize(level);
    if (n < minimum) {
      throw new IllegalArgumentException(
          "a " + level + " interval for the median needs at least " + minimum + " values: " + n);
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    if (Double.isNaN(sorted[n - 1])) { // NaN sorts last
      throw new IllegalArgumentException("values must not be NaN: " + Arrays.toString(values));
    }
    int k = rank(n, level);
    double miss = 2 * new BinomialDistribution(null, n, 0.5).cumulativeProbability(k - 1);
    return new MedianInterval(
        new Median().evaluate(sorted), sorted[k - 1], sorted[n - k], 1 - miss, n);
  }

  /**
   * {@return the fewest values for which an interval at {@code level} exists: below it even the
   * sample's minimum and maximum cover the median with less than {@code level}}
   *
   * @param level the confidence level, such as 0.95 (6 values)
   */
  public static int minimumSize(double level) {
    checkLevel(level);
    int n = 1;
    while (2 * Math.pow(0.5, n) > 1 - level) { // [x(1), x(n)] misses with 2 / 2^n
      n++;
    }
    return n;
  }

  /** {@return whether {@code x} lies in the interval, ends included} */
  public boolean contains(double x) {
    return low <= x && x <= high;
  }

  /**
   * The largest k, 1-based, with 2 P(B <= k - 1) <= 1 - level and k <= n - k + 1 (the interval is
   * not empty).
   */
  private static int rank(int n, double level) {
    BinomialDistribution b = new BinomialDistribution(null, n, 0.5);
    double alpha = 1 - level;
    int k = 1;
    while (k + 1 <= n - k && 2 * b.cumulativeProbability(k) <= alpha * (1 + 1e-12)) {
      k++;
    }
    return k;
  }

  private static void checkLevel(double level) {
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("level must be between 0 and 1: " + level);
    }
  }
}
