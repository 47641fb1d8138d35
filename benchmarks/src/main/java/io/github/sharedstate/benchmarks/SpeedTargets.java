package io.github.sharedstate.benchmarks;

import io.github.sharedstate.benchmarks.paired.PairedResult;
import io.github.sharedstate.benchmarks.paired.RatioInterval;
import io.github.sharedstate.benchmarks.paired.Target;
import io.github.sharedstate.benchmarks.paired.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Every speed target of the report, in one list, each decided one way: by a pair of the paired
 * runner (the targets that a few percent decide) or by the ratio of two JMH rows of the same run
 * with its {@link RatioInterval} (scaling from 1 to 2 threads, peers in other suites, targets far
 * from their limit).
 */
final class SpeedTargets {
  /** How a target is decided. */
  enum Method {
    PAIRED,
    JMH
  }

  /**
   * One target.
   *
   * @param what the target in words
   * @param label a short name for the chart
   * @param target the limit on the ratio candidate / baseline
   * @param method how it is decided
   * @param pair the pair's name (paired targets), or empty
   * @param benchmark the candidate row's key (JMH targets), or empty
   * @param baseline the baseline row's key (JMH targets), or empty
   */
  record SpeedTarget(
      String what,
      String label,
      Target target,
      Method method,
      String pair,
      String benchmark,
      String baseline) {}

  /**
   * A target's verdict.
   *
   * @param target the target
   * @param ratio the measured ratio: the median paired ratio, or the JMH rows' Hodges-Lehmann
   *     ratio; NaN when not measured
   * @param low the 95% interval's lower end
   * @param high the 95% interval's upper end
   * @param verdict met, not met or undecided
   * @param basis what the interval rests on, such as {@code 60 rounds} or {@code 15 x 15
   *     iterations}
   */
  record Decided(
      SpeedTarget target, double ratio, double low, double high, Verdict verdict, String basis) {

    boolean measured() {
      return !Double.isNaN(ratio);
    }
  }

  private static final String ONE = "1 thread";
  private static final String TWO = "2 threads";
  private static final String RARE = "2:1 writeIntervalUs=100";

  static final List<SpeedTarget> ALL =
      List.of(
          paired("unranked with at most 1.10x ReentrantLock, same work and result", "with / ReentrantLock", "exclusive.with", Target.atMost(1.10)),
          paired("unranked modify at most 1.10x ReentrantLock, same work", "modify / ReentrantLock", "exclusive.modify", Target.atMost(1.10)),
          paired("lock guard at most 1.10x ReentrantLock", "lock guard / ReentrantLock", "exclusive.lock-guard", Target.atMost(1.10)),
          paired("unranked read at most 1.10x raw RRWL", "read / RRWL", "guarded.read", Target.atMost(1.10)),
          paired("unranked read at most 1.00x raw RRWL (cheaper than the lock it replaces)", "read / RRWL (1.00)", "guarded.read", Target.atMost(1.00)),
          paired("unranked read at most 1.20x raw RRWL", "read / RRWL (1.20)", "guarded.read", Target.atMost(1.20)),
          paired("unranked write at most 1.10x raw RRWL, same work and result", "write / RRWL", "guarded.write", Target.atMost(1.10)),
          paired("unranked modify at most 1.10x raw RRWL, same work", "modify / RRWL", "guarded.modify", Target.atMost(1.10)),
          paired("write guard at most 1.10x raw RRWL", "write guard / RRWL", "guarded.write-guard", Target.atMost(1.10)),
          paired("2 writers: ExclusiveValue at least 0.95x ReentrantLock throughput", "2 writers / ReentrantLock", "exclusive.two-writers", Target.atLeast(0.95)),
          paired("1 reader + 1 writer: GuardedValue reader at least 0.9x RRWL's", "1R+1W reader / RRWL", "guarded.1r1w.reader", Target.atLeast(0.90)),
          paired("1 reader + 1 writer: GuardedValue writer at least 0.9x RRWL's", "1R+1W writer / RRWL", "guarded.1r1w.writer", Target.atLeast(0.90)),
          paired("2 readers, write every 100 us: reader throughput at least 0.8x readers only (2 threads)", "readers + writer / readers", "guarded.readers-beside-writer", Target.atLeast(0.80)),
          paired("hand-off, 1 producer 1 consumer: ExclusiveValue.withWhen at least 0.9x ReentrantLock + Condition by hand", "hand-off / Condition", "exclusive.hand-off", Target.atLeast(0.90)),
          paired("ranked single with at most 1.3x unranked", "ranked / unranked with", "ranked.with", Target.atMost(1.30)),
          paired("ranked single with at most 1.15x unranked", "ranked / unranked with (1.15)", "ranked.with", Target.atMost(1.15)),
          paired("ranked single read at most 1.3x unranked", "ranked / unranked read", "ranked.read", Target.atMost(1.30)),
          paired("ranked single read at most 1.15x unranked", "ranked / unranked read (1.15)", "ranked.read", Target.atMost(1.15)),
          paired("policy OFF with within 2% of unranked", "OFF / unranked with", "off.with", Target.atMost(1.02)),
          paired("policy OFF read within 2% of unranked", "OFF / unranked read", "off.read", Target.atMost(1.02)),
          jmh("ordered nested pair (guards) at most 1.5x raw pair", "ranked pair (guards) / raw", o("rankedPairGuards"), o("rawPair"), Target.atMost(1.50)),
          jmh("ordered nested pair (lambdas) at most 1.5x raw pair", "ranked pair / raw", o("rankedPair"), o("rawPair"), Target.atMost(1.50)),
          jmh("learned pair (known edges) at most 1.5x unranked pair", "learned pair / unranked", o("learnedPair"), o("unrankedPair"), Target.atMost(1.50)),
          paired("learned nested pair at most 0.8x Guava's CycleDetectingLockFactory.newInstance(THROW) pair", "learned pair / Guava", "learned.pair-vs-guava", Target.atMost(0.80)),
          jmh("ranked OrderedLock nested pair at most 0.8x Guava's WithExplicitOrdering pair", "OrderedLock pair / Guava", o("rankedOrderedLockPair"), o("guavaPair"), Target.atMost(0.80)),
          jmh("learned OrderedLock nested pair at most 0.8x Guava's newInstance(THROW) pair", "learned OrderedLock / Guava", o("learnedOrderedLockPair"), o("guavaLearnedPair"), Target.atMost(0.80)),
          jmh("readers only: GuardedValue.read 2 threads at least 1.8x 1 thread", "read 2T / 1T", s("guardedRead", TWO), s("guardedRead", ONE), Target.atLeast(1.8)),
          jmh("readers only: GuardedValue.read at least 5x StampedLock read lock, 2 threads", "read / StampedLock, 2T", s("guardedRead", TWO), s("stampedRead", TWO), Target.atLeast(5.0)),
          jmh("readers only: OrderedReadWriteLock read lock 2 threads at least 1.8x 1 thread", "ORWL read 2T / 1T", s("orderedRead", TWO), s("orderedRead", ONE), Target.atLeast(1.8)),
          jmh("readers only: OrderedReadWriteLock read lock at least 5x StampedLock read lock, 2 threads", "ORWL read / StampedLock, 2T", s("orderedRead", TWO), s("stampedRead", TWO), Target.atLeast(5.0)),
          jmh("2 readers, write every 100 us: writer p99 at most 2x RRWL's", "writer p99 / RRWL", w("guardedLatencyWriter·p99"), w("rrwlLatencyWriter·p99"), Target.atMost(2.0)),
          jmh("SnapshotValue.get at most 1.1x AtomicReference.get (throughput at least 0.91x), 1 thread", "SnapshotValue.get / Atomic", sn("snapshotGet", ONE), sn("atomicGet", ONE), Target.atLeast(1 / 1.10)),
          jmh("SnapshotValue.get at 2 threads at least 1.8x one thread", "SnapshotValue.get 2T / 1T", sn("snapshotGet", TWO), sn("snapshotGet", ONE), Target.atLeast(1.80)),
          jmh("uncontended SnapshotValue.update at most 1.5x ExclusiveValue.update (throughput at least 0.67x)", "Snapshot update / Exclusive", sn("snapshotUpdate", ONE), sn("exclusiveUpdate", ONE), Target.atLeast(1 / 1.50)),
          paired("ShardedValue, random keys, at least 1.0x Guava Striped, 2 threads", "Sharded random / Striped, 2T", "sharded.random-keys", Target.atLeast(1.0)),
          jmh("ShardedValue, affine keys, at 2 threads at least 1.8x one thread", "Sharded affine 2T / 1T", sh("shardedValueAffine", TWO), sh("shardedValueAffine", ONE), Target.atLeast(1.80)),
          jmh("ShardedValue, affine keys, at least 3x one ExclusiveValue, 2 threads", "Sharded affine / Exclusive, 2T", sh("shardedValueAffine", TWO), sh("exclusiveValueAffine", TWO), Target.atLeast(3.00)));

  private SpeedTargets() {}

  private static SpeedTarget paired(String what, String label, String pair, Target target) {
    return new SpeedTarget(what, label, target, Method.PAIRED, pair, "", "");
  }

  private static SpeedTarget jmh(
      String what, String label, String benchmark, String baseline, Target target) {
    return new SpeedTarget(what, label, target, Method.JMH, "", benchmark, baseline);
  }

  static String o(String method) {
    return "OrderingBenchmark." + method + "@" + ONE;
  }

  static String s(String method, String threads) {
    return "ReadScalingBenchmark." + method + "@" + threads;
  }

  static String w(String member) {
    return "ReadWithWriterBenchmark." + member + "@" + RARE;
  }

  static String sn(String method, String threads) {
    return "SnapshotBenchmark." + method + "@" + threads;
  }

  static String sh(String method, String threads) {
    return "ShardedBenchmark." + method + "@" + threads;
  }

  /**
   * {@return every target's verdict}
   *
   * @param scores the JMH rows by key (empty when JMH did not run)
   * @param paired the paired runs (empty when they did not run)
   */
  static List<Decided> decide(Map<String, Measurement> scores, List<PairedResult> paired) {
    List<Decided> list = new ArrayList<>();
    for (SpeedTarget t : ALL) {
      list.add(t.method() == Method.PAIRED ? fromPair(t, paired) : fromJmh(t, scores));
    }
    return list;
  }

  private static Decided fromPair(SpeedTarget t, List<PairedResult> paired) {
    Optional<PairedResult> found =
        paired.stream().filter(r -> r.pair().equals(t.pair())).findFirst();
    if (found.isEmpty()) {
      return notMeasured(t);
    }
    PairedResult r = found.get();
    double low = r.ratio().low();
    double high = r.ratio().high();
    return new Decided(
        t,
        r.ratio().median(),
        low,
        high,
        Verdict.of(low, high, t.target()),
        r.rounds() + " rounds");
  }

  private static Decided fromJmh(SpeedTarget t, Map<String, Measurement> scores) {
    Measurement b = scores.get(t.benchmark());
    Measurement base = scores.get(t.baseline());
    if (b == null || base == null || b.samples().isEmpty() || base.samples().isEmpty()) {
      return notMeasured(t);
    }
    double[] candidate = b.sampleArray();
    double[] baseline = base.sampleArray();
    if (!positive(candidate) || !positive(baseline)) {
      return new Decided(
          t, Double.NaN, Double.NaN, Double.NaN, Verdict.UNDECIDED, "a score of zero or less");
    }
    RatioInterval r = RatioInterval.of(candidate, baseline, 0.95);
    return new Decided(
        t,
        r.ratio(),
        r.low(),
        r.high(),
        Verdict.of(r.low(), r.high(), t.target()),
        String.format(
            Locale.ROOT, "%d x %d iterations", r.candidateCount(), r.baselineCount()));
  }

  private static boolean positive(double[] samples) {
    for (double x : samples) {
      if (!(x > 0) || Double.isInfinite(x)) {
        return false;
      }
    }
    return true;
  }

  private static Decided notMeasured(SpeedTarget t) {
    return new Decided(t, Double.NaN, Double.NaN, Double.NaN, Verdict.UNDECIDED, "not measured");
  }
}
