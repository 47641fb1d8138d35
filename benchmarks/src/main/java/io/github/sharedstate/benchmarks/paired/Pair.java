package io.github.sharedstate.benchmarks.paired;

import java.util.List;
import java.util.stream.Stream;

/**
 * A named comparison of two workloads doing the same work: the candidate (the library) and the
 * baseline (the raw JDK primitive), with the targets on their ratio.
 *
 * @param name the name on the command line and in the report, such as {@code exclusive.with}
 * @param what the comparison in words
 * @param candidate the candidate side
 * @param baseline the baseline side, on as many threads as the candidate
 * @param kind which way the ratio candidate / baseline is taken
 * @param target the pair's headline target on the ratio, shown in {@code paired.md}
 * @param moreTargets further limits on the same ratio that the report decides too (the runner
 *     goes on while any of the targets is undecided, up to the profile's most rounds)
 */
public record Pair(
    String name,
    String what,
    Class<? extends Workload> candidate,
    Class<? extends Workload> baseline,
    RatioKind kind,
    Target target,
    List<Target> moreTargets) {

  /**
   * Copies the further targets.
   *
   * @param name the name on the command line and in the report
   * @param what the comparison in words
   * @param candidate the candidate side
   * @param baseline the baseline side
   * @param kind which way the ratio is taken
   * @param target the headline target
   * @param moreTargets further limits on the same ratio
   */
  public Pair {
    moreTargets = List.copyOf(moreTargets);
  }

  /**
   * A pair with one target.
   *
   * @param name the name on the command line and in the report
   * @param what the comparison in words
   * @param candidate the candidate side
   * @param baseline the baseline side
   * @param kind which way the ratio is taken
   * @param target the target on the ratio
   */
  public Pair(
      String name,
      String what,
      Class<? extends Workload> candidate,
      Class<? extends Workload> baseline,
      RatioKind kind,
      Target target) {
    this(name, what, candidate, baseline, kind, target, List.of());
  }

  /** {@return the headline target and the further ones: every limit the runner must decide} */
  public List<Target> targets() {
    return Stream.concat(Stream.of(target), moreTargets.stream()).toList();
  }
}
