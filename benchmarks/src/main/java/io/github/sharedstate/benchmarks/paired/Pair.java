package io.github.sharedstate.benchmarks.paired;

/**
 * A named comparison of two workloads doing the same work: the candidate (the library) and the
 * baseline (the raw JDK primitive), with the target on their ratio.
 *
 * @param name the name on the command line and in the report, such as {@code exclusive.with}
 * @param what the comparison in words
 * @param candidate the candidate side
 * @param baseline the baseline side, on as many threads as the candidate
 * @param kind which way the ratio candidate / baseline is taken
 * @param target the target on the ratio
 */
public record Pair(
    String name,
    String what,
    Class<? extends Workload> candidate,
    Class<? extends Workload> baseline,
    RatioKind kind,
    Target target) {}
