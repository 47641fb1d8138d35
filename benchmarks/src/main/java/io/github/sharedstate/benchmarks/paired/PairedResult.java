package io.github.sharedstate.benchmarks.paired;

import java.util.Optional;

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
    Optional<Target> target) {

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
