package io.github.sharedstate.benchmarks.paired;

/**
 * Which way a pair's ratio is taken. Both come from the same measurement, operations per window
 * time; they differ in what the ratio and the per-side scores mean.
 */
public enum RatioKind {
  /**
   * Candidate time per operation over baseline time per operation (ns/op): below 1 the candidate is
   * cheaper. The project's uncontended rows ({@code ExclusiveValue.with} / {@code ReentrantLock})
   * are cost ratios.
   */
  COST("ns/op", "cost ratio (time per op, candidate / baseline)"),

  /**
   * Candidate throughput over baseline throughput (ops/us): above 1 the candidate does more. The
   * project's contended rows (two writers) are throughput ratios.
   */
  THROUGHPUT("ops/us", "throughput ratio (ops per time, candidate / baseline)");

  private final String unit;
  private final String meaning;

  RatioKind(String unit, String meaning) {
    this.unit = unit;
    this.meaning = meaning;
  }

  /** {@return the unit of a side's score: ns/op for a cost ratio, ops/us for throughput} */
  public String unit() {
    return unit;
  }

  /** {@return what the ratio is, in words} */
  public String meaning() {
    return meaning;
  }

  /**
   * {@return a side's score in this kind's unit}
   *
   * @param opsPerMicro the side's throughput in one window, all its threads together
   */
  public double score(double opsPerMicro) {
    return this == COST ? 1_000 / opsPerMicro : opsPerMicro;
  }

  /**
   * {@return the round's ratio candidate / baseline in this kind}
   *
   * @param candidateOpsPerMicro the candidate's throughput in its window of the round
   * @param baselineOpsPerMicro the baseline's throughput in its window of the round
   */
  public double ratio(double candidateOpsPerMicro, double baselineOpsPerMicro) {
    return this == COST
        ? baselineOpsPerMicro / candidateOpsPerMicro
        : candidateOpsPerMicro / baselineOpsPerMicro;
  }
}
