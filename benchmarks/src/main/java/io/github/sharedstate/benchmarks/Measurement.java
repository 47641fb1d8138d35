package io.github.sharedstate.benchmarks;

import java.util.List;

/**
 * One measured score from a report run.
 *
 * @param suite the benchmark class's simple name
 * @param name the benchmark method (or, in a group, the group member), with {@code ·p50} or
 *     {@code ·p99} for a percentile of a sampled ({@code SampleTime}) result
 * @param setting the thread setting it ran with, such as {@code "1 thread"} or {@code "3:1"},
 *     followed by its JMH parameters, such as {@code "2:1 writeIntervalUs=100"}
 * @param score the score
 * @param error the 99.9% confidence half-width (NaN for a percentile)
 * @param unit JMH's unit, such as {@code ns/op} or {@code ops/us}
 * @param samples the score of every measured iteration of every fork (for a percentile row, that
 *     percentile of each iteration), from which a ratio's interval is computed
 */
record Measurement(
    String suite,
    String name,
    String setting,
    double score,
    double error,
    String unit,
    List<Double> samples) {

  /**
   * Copies the samples.
   *
   * @param suite the benchmark class's simple name
   * @param name the benchmark method or group member
   * @param setting the thread setting and parameters
   * @param score the score
   * @param error the 99.9% confidence half-width
   * @param unit JMH's unit
   * @param samples the per-iteration scores
   */
  Measurement {
    samples = List.copyOf(samples);
  }

  /** {@return the samples as an array} */
  double[] sampleArray() {
    return samples.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** {@return the key used to look the score up: {@code Suite.name@setting}} */
  String key() {
    return suite + "." + name + "@" + setting;
  }

  /** {@return whether a higher score is better (throughput) rather than lower (time)} */
  boolean higherIsBetter() {
    return unit.startsWith("ops/");
  }
}
