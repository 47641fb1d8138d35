package io.github.sharedstate.benchmarks.paired;

import java.util.Arrays;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * The ratio of two independently measured rows (two JMH benchmarks, each a sample of iteration
 * scores) with a distribution-free confidence interval: the Hodges-Lehmann estimate of the shift
 * between the two samples' logarithms and its Mann-Whitney (Moses) interval, turned back into a
 * ratio.
 *
 * <p>Method: with candidate scores {@code a(1..m)} and baseline scores {@code b(1..n)}, take the
 * {@code m n} log-ratios {@code d = ln a(i) - ln b(j)}, sorted. The estimate is their median; the
 * interval is {@code [d(k), d(mn-k+1)]} with the largest {@code k} for which {@code 2 P(U <= k-1)
 * <= 1 - level}, where {@code U} is the Mann-Whitney statistic under no difference, whose exact
 * distribution is counted here (the number of orderings of {@code m + n} values in which {@code u}
 * pairs have the candidate first, over {@code C(m+n, m)}). Both ends and the estimate are then
 * exponentiated. It assumes only that the two rows differ by a factor (a shift of the
 * logarithms), not any shape of their distributions. With 15 scores a side at 95% it is {@code
 * [d(65), d(161)]} of 225; with 6 a side {@code [d(6), d(31)]} of 36; with fewer than 4 a side there
 * is none ({@link #low()} 0, {@link #high()} infinite: undecided).
 *
 * <p>What it does not cover: each iteration counts as an independent draw, though iterations of
 * one fork share that fork's compiled code, and the two rows ran minutes apart, so drift of the
 * machine between them is not in the interval. That is why targets that a few percent decide are
 * decided by the paired runner, and this interval is kept for ratios of rows far from their limit
 * or that cannot be paired (scaling from 1 to 2 threads, peers measured in other suites).
 *
 * @param ratio the estimate: the median of the pairwise ratios {@code a(i) / b(j)}
 * @param low the interval's lower end (0 when there are too few scores for one)
 * @param high the interval's upper end (infinite when there are too few scores for one)
 * @param coverage the interval's exact coverage under the shift model (1 when there is no interval)
 * @param candidateCount the candidate's number of scores
 * @param baselineCount the baseline's number of scores
 */
public record RatioInterval(
    double ratio,
    double low,
    double high,
    double coverage,
    int candidateCount,
    int baselineCount) {

  /** The most scores a side for the exact distribution; beyond it, the normal approximation. */
  private static final int EXACT_LIMIT = 50;

  /**
   * Computes the ratio and its interval.
   *
   * @param candidate the candidate row's scores (such as JMH iteration scores), all positive
   * @param baseline the baseline row's scores, all positive
   * @param level the confidence level, such as 0.95
   * @throws IllegalArgumentException if a side is empty, a score is not a positive number, or the
   *     level is not between 0 and 1
   */
  public static RatioInterval of(double[] candidate, double[] baseline, double level) {
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("level must be between 0 and 1: " + level);
    }
    check(candidate, "candidate");
    check(baseline, "baseline");
    int m = candidate.length;
    int n = baseline.length;
    double[] d = new double[m * n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        d[i * n + j] = Math.log(candidate[i]) - Math.log(baseline[j]);
      }
    }
    Arrays.sort(d);
    int total = m * n;
    double median =
        total % 2 == 1 ? d[total / 2] : (d[total / 2 - 1] + d[total / 2]) / 2;
    double[] cdf = mannWhitneyCdf(m, n);
    double alpha = 1 - level;
    int k = 0; // the largest k with 2 P(U <= k - 1) <= alpha; 0 when even k = 1 is too wide
    while (k + 1 <= total - k && 2 * cdf[k] <= alpha * (1 + 1e-12)) {
      k++;
    }
    if (k == 0) {
      return new RatioInterval(Math.exp(median), 0, Double.POSITIVE_INFINITY, 1, m, n);
    }
    double coverage = 1 - 2 * cdf[k - 1];
    return new RatioInterval(
        Math.exp(median), Math.exp(d[k - 1]), Math.exp(d[total - k]), coverage, m, n);
  }

  /** {@return whether {@code x} lies in the interval, ends included} */
  public boolean contains(double x) {
    return low <= x && x <= high;
  }

  /**
   * {@return P(U &lt;= u) for u = 0 .. m n under no difference: exact for up to {@value
   * #EXACT_LIMIT} scores a side, the normal approximation with continuity correction beyond}
   *
   * @param m the candidate's number of scores
   * @param n the baseline's number of scores
   */
  static double[] mannWhitneyCdf(int m, int n) {
    int total = m * n;
    double[] cdf = new double[total + 1];
    if (m > EXACT_LIMIT || n > EXACT_LIMIT) {
      double mean = total / 2.0;
      double sd = Math.sqrt(total * (m + n + 1) / 12.0);
      NormalDistribution normal = new NormalDistribution(null, 0, 1);
      for (int u = 0; u <= total; u++) {
        cdf[u] = normal.cumulativeProbability((u + 0.5 - mean) / sd);
      }
      return cdf;
    }
    // f[j][u]: orderings of i candidate and j baseline values with U = u, for the current i;
    // f(i, j, u) = f(i - 1, j, u - j) + f(i, j - 1, u), normalised as frequencies to stay finite.
    double[][] f = new double[n + 1][];
    for (int j = 0; j <= n; j++) {
      f[j] = new double[] {1}; // i = 0: one ordering, U = 0
    }
    for (int i = 1; i <= m; i++) {
      double[][] g = new double[n + 1][];
      for (int j = 0; j <= n; j++) {
        g[j] = new double[i * j + 1];
        double[] fromCandidate = f[j]; // the last value is a candidate's: it is above j baselines
        for (int u = 0; u < fromCandidate.length; u++) {
          g[j][u + j] += fromCandidate[u] * i / (i + j);
        }
        if (j > 0) {
          double[] fromBaseline = g[j - 1]; // the last value is a baseline's: no new pairs
          for (int u = 0; u < fromBaseline.length; u++) {
            g[j][u] += fromBaseline[u] * j / (i + j);
          }
        }
      }
      f = g;
    }
    double[] p = f[n];
    double sum = 0;
    for (int u = 0; u <= total; u++) {
      sum += p[u];
      cdf[u] = Math.min(1, sum);
    }
    return cdf;
  }

  private static void check(double[] scores, String side) {
    if (scores.length == 0) {
      throw new IllegalArgumentException("the " + side + " has no scores");
    }
    for (double x : scores) {
      if (!(x > 0) || Double.isInfinite(x)) {
        throw new IllegalArgumentException(
            "the " + side + "'s scores must be positive numbers: " + Arrays.toString(scores));
      }
    }
  }
}
