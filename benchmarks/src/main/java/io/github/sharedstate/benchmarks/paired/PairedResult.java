package io.github.sharedstate.benchmarks.paired;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.commons.math3.stat.descriptive.rank.Median;

/**
 * What a paired run measured: the median of the per-round ratios candidate / baseline with its
 * interval, each side's median score, and the verdict on the target.
 *
 * @param pair the pair's name
 * @param what the comparison in words
 * @param kind which way the ratio is taken, and the unit of the side scores
 * @param threads threads per side
 * @param rounds measured rounds (warm-up not counted)
 * @param candidateMedian the candidate's median score over the rounds, in {@code kind.unit()}
 * @param baselineMedian the baseline's median score over the rounds, in {@code kind.unit()}
 * @param ratio the median of the per-round ratios and its interval
 * @param target the target on the ratio, if there is one (a build comparison may have none)
 * @param jvmRatios the median ratio of each JVM the pair ran in, in order (one for one JVM)
 */
public record PairedResult(
    String pair,
    String what,
    RatioKind kind,
    int threads,
    int rounds,
    double candidateMedian,
    double baselineMedian,
    MedianInterval ratio,
    Optional<Target> target,
    List<Double> jvmRatios) {

  /**
   * A result of one JVM.
   *
   * @param pair the pair's name
   * @param what the comparison in words
   * @param kind which way the ratio is taken
   * @param threads threads per side
   * @param rounds measured rounds
   * @param candidateMedian the candidate's median score
   * @param baselineMedian the baseline's median score
   * @param ratio the median of the per-round ratios and its interval
   * @param target the target on the ratio, if any
   */
  public PairedResult(
      String pair,
      String what,
      RatioKind kind,
      int threads,
      int rounds,
      double candidateMedian,
      double baselineMedian,
      MedianInterval ratio,
      Optional<Target> target) {
    this(
        pair,
        what,
        kind,
        threads,
        rounds,
        candidateMedian,
        baselineMedian,
        ratio,
        target,
        List.of(ratio.median()));
  }

  /** Copies the list of JVM ratios. */
  public PairedResult {
    jvmRatios = List.copyOf(jvmRatios);
  }

  /**
   * Combines the results of one pair run in several JVMs, one after another. Each JVM compiles the
   * pair its own way, and on a small machine two JVMs can differ by more than the rounds of either
   * vary (library code that both sides share compiled for one side's profile or the other's), so
   * the interval of one JVM describes that JVM only. The combined interval is the span of the JVMs' intervals, from the lowest lower end
   * to the highest upper end: a verdict on it holds only where it holds in every JVM. The ratio
   * and the side scores are the medians of the JVMs' own; the rounds add up.
   *
   * @param runs the results of one pair, one per JVM, at least one
   * @return the combined result ({@code runs}' only element when there is one)
   * @throws IllegalArgumentException if {@code runs} is empty or holds results of different pairs
   */
  public static PairedResult ofJvms(List<PairedResult> runs) {
    if (runs.isEmpty()) {
      throw new IllegalArgumentException("no runs to combine");
    }
    PairedResult first = runs.get(0);
    if (runs.size() == 1) {
      return first;
    }
    int rounds = 0;
    double low = Double.POSITIVE_INFINITY;
    double high = Double.NEGATIVE_INFINITY;
    double coverage = 1;
    double[] ratios = new double[runs.size()];
    double[] candidates = new double[runs.size()];
    double[] baselines = new double[runs.size()];
    for (int i = 0; i < runs.size(); i++) {
      PairedResult run = runs.get(i);
      if (!run.pair.equals(first.pair)) {
        throw new IllegalArgumentException(
            "results of different pairs: " + first.pair + " and " + run.pair);
      }
      rounds += run.rounds;
      low = Math.min(low, run.ratio.low());
      high = Math.max(high, run.ratio.high());
      coverage = Math.min(coverage, run.ratio.coverage());
      ratios[i] = run.ratio.median();
      candidates[i] = run.candidateMedian;
      baselines[i] = run.baselineMedian;
    }
    Median median = new Median();
    return new PairedResult(
        first.pair,
        first.what,
        first.kind,
        first.threads,
        rounds,
        median.evaluate(candidates),
        median.evaluate(baselines),
        new MedianInterval(median.evaluate(ratios), low, high, coverage, rounds),
        first.target,
        Arrays.stream(ratios).boxed().toList());
  }

  /** The tag of the one line a forked run prints for its parent. */
  static final String LINE_TAG = "PAIRED-RESULT";

  /** {@return the verdict of the ratio's interval on the target, if there is a target} */
  public Optional<Verdict> verdict() {
    return target.map(t -> Verdict.of(ratio, t));
  }

  /** {@return this result as one tab-separated line, for a parent JVM to read back} */
  String toLine() {
    return String.join(
        "\t",
        LINE_TAG,
        pair,
        kind.name(),
        Integer.toString(threads),
        Integer.toString(rounds),
        Double.toString(candidateMedian),
        Double.toString(baselineMedian),
        Double.toString(ratio.median()),
        Double.toString(ratio.low()),
        Double.toString(ratio.high()),
        Double.toString(ratio.coverage()),
        target.map(Target::toString).orElse("-"));
  }

  /**
   * Reads a line {@link #toLine()} wrote.
   *
   * @param line the line
   * @param what the comparison in words (not carried on the line)
   * @throws IllegalArgumentException if the line is not one
   */
  static PairedResult parse(String line, String what) {
    String[] f = line.split("\t");
    if (f.length != 12 || !f[0].equals(LINE_TAG)) {
      throw new IllegalArgumentException("not a paired result line: " + line);
    }
    int rounds = Integer.parseInt(f[4]);
    MedianInterval ratio =
        new MedianInterval(
            Double.parseDouble(f[7]),
            Double.parseDouble(f[8]),
            Double.parseDouble(f[9]),
            Double.parseDouble(f[10]),
            rounds);
    Optional<Target> target =
        f[11].equals("-") ? Optional.empty() : Optional.of(Target.parse(f[11]));
    return new PairedResult(
        f[1],
        what,
        RatioKind.valueOf(f[2]),
        Integer.parseInt(f[3]),
        rounds,
        Double.parseDouble(f[5]),
        Double.parseDouble(f[6]),
        ratio,
        target);
  }
}
