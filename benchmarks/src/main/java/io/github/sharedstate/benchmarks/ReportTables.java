package io.github.sharedstate.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The Markdown half of the report: scores, ratios to same-run baselines, the verdict table. */
final class ReportTables {
  /** A benchmark compared with its baseline from the same run. */
  record Comparison(String benchmark, String baseline, String what) {}

  private static final String ONE = "1 thread";
  private static final String TWO = "2 threads";

  /** ReadWithWriterBenchmark's settings: 2 readers, 1 writer, a write every 10 or 100 us. */
  private static final String OFTEN = "2:1 writeIntervalUs=10";
  private static final String RARE = "2:1 writeIntervalUs=100";

  /** What the ReadMostlyBenchmark mixes measure on 2 cores. */
  private static final Map<String, String> SATURATED =
      Map.of(
          "1:1", "hand-off under saturation 1:1 (2 threads on 2 cores, writer never rests)",
          "3:1", "hand-off under saturation 3:1 (4 threads on 2 cores, writer never rests)");

  static final List<Comparison> COMPARISONS = comparisons();

  private ReportTables() {}

  private static String u(String method) {
    return "UncontendedBenchmark." + method + "@" + ONE;
  }

  private static String o(String method) {
    return "OrderingBenchmark." + method + "@" + ONE;
  }

  private static String s(String method, String threads) {
    return "ReadScalingBenchmark." + method + "@" + threads;
  }

  private static String w(String member, String setting) {
    return "ReadWithWriterBenchmark." + member + "@" + setting;
  }

  private static String sn(String method, String threads) {
    return "SnapshotBenchmark." + method + "@" + threads;
  }

  private static String sh(String method, String threads) {
    return "ShardedBenchmark." + method + "@" + threads;
  }

  private static String h(String member) {
    return "HandOffBenchmark." + member + "@1:1";
  }

  private static List<Comparison> comparisons() {
    List<Comparison> list = new ArrayList<>();
    list.add(new Comparison(u("guardedRead"), u("rawReadLock"), "GuardedValue.read / RRWL read lock"));
    list.add(new Comparison(u("guardedReentrantRead"), u("guardedRead"), "GuardedValue.read inside a read / one read"));
    list.add(new Comparison(u("guardedReadGuard"), u("rawReadLock"), "GuardedValue.lockRead guard / RRWL read lock"));
    list.add(new Comparison(u("guardedTryRead"), u("rawTimedReadLock"), "GuardedValue.tryRead / RRWL tryLock(timeout)"));
    list.add(new Comparison(u("rankedGuardedRead"), u("guardedRead"), "ranked read / unranked read"));
    list.add(new Comparison(u("offGuardedRead"), u("guardedRead"), "policy OFF read / unranked read"));
    list.add(new Comparison(u("guardedWrite"), u("rawWriteLockBoxed"), "GuardedValue.write / RRWL write lock, same work and boxed result"));
    list.add(new Comparison(u("guardedWrite"), u("rawWriteLock"), "GuardedValue.write / RRWL write lock returning a primitive (reference)"));
    list.add(new Comparison(u("guardedModify"), u("rawWriteLockNoResult"), "GuardedValue.modify / RRWL write lock, no result"));
    list.add(new Comparison(u("guardedWriteGuard"), u("rawWriteLock"), "GuardedValue.lockWrite guard / RRWL write lock"));
    list.add(new Comparison(u("guardedRevokingWrite"), u("guardedWriteTimedEach"), "GuardedValue.write revoking the reader bias / write without (both timed per call)"));
    list.add(new Comparison(u("guardedUpdate"), u("rawWriteLockReplace"), "GuardedValue.update / RRWL write lock + replace"));
    list.add(new Comparison(u("exclusiveWith"), u("rawMutexBoxed"), "ExclusiveValue.with / ReentrantLock, same work and boxed result"));
    list.add(new Comparison(u("exclusiveWith"), u("rawMutex"), "ExclusiveValue.with / ReentrantLock returning a primitive (reference)"));
    list.add(new Comparison(u("exclusiveModify"), u("rawMutexNoResult"), "ExclusiveValue.modify / ReentrantLock, no result"));
    list.add(new Comparison(u("exclusiveWithWhen"), u("exclusiveWith"), "ExclusiveValue.withWhen, predicate true at once / with"));
    list.add(new Comparison(u("exclusiveLockGuard"), u("rawMutex"), "ExclusiveValue.lock guard / ReentrantLock"));
    list.add(new Comparison(u("exclusiveTryWith"), u("rawTimedMutex"), "ExclusiveValue.tryWith / ReentrantLock tryLock(timeout)"));
    list.add(new Comparison(u("rankedExclusiveWith"), u("exclusiveWith"), "ranked with / unranked with"));
    list.add(new Comparison(u("offExclusiveWith"), u("exclusiveWith"), "policy OFF with / unranked with"));
    list.add(new Comparison(u("orderedLock"), u("rawMutex"), "OrderedLock lock/unlock, unranked / ReentrantLock"));
    list.add(new Comparison(u("rankedOrderedLock"), u("rawMutex"), "OrderedLock lock/unlock, ranked / ReentrantLock"));
    list.add(new Comparison(u("rankedOrderedLock"), u("orderedLock"), "OrderedLock, ranked / unranked"));
    list.add(new Comparison(u("orderedLock"), u("exclusiveLockGuard"), "OrderedLock lock/unlock / ExclusiveValue.lock guard"));
    list.add(new Comparison(u("orderedReadLock"), u("rawReadLock"), "OrderedReadWriteLock read lock/unlock, unranked / RRWL read lock"));
    list.add(new Comparison(u("orderedReadLock"), u("guardedRead"), "OrderedReadWriteLock read lock/unlock / GuardedValue.read"));
    list.add(new Comparison(u("orderedWriteLock"), u("rawWriteLock"), "OrderedReadWriteLock write lock/unlock, unranked / RRWL write lock"));
    list.add(new Comparison(o("unrankedSingle"), o("rawSingle"), "unranked ExclusiveValue / ReentrantLock"));
    list.add(new Comparison(o("rankedSingle"), o("rawSingle"), "ranked ExclusiveValue / ReentrantLock"));
    list.add(new Comparison(o("guavaSingle"), o("rawSingle"), "Guava cycle-detecting lock / ReentrantLock"));
    list.add(new Comparison(o("rankedSingle"), o("guavaSingle"), "ranked ExclusiveValue / Guava cycle-detecting lock"));
    list.add(new Comparison(o("unrankedPair"), o("rawPair"), "unranked nested pair / raw nested pair"));
    list.add(new Comparison(o("rankedPair"), o("rawPair"), "ranked nested pair / raw nested pair"));
    list.add(new Comparison(o("rankedPair"), o("unrankedPair"), "ranked nested pair / unranked pair"));
    list.add(new Comparison(o("unrankedPairGuards"), o("rawPair"), "unranked pair of guards / raw pair"));
    list.add(new Comparison(o("rankedPairGuards"), o("rawPair"), "ranked pair of guards / raw pair"));
    list.add(new Comparison(o("rankedPairGuards"), o("unrankedPairGuards"), "ranked pair of guards / unranked guards"));
    list.add(new Comparison(o("rankedPairGuards"), o("guavaPair"), "ranked pair of guards / Guava pair"));
    list.add(new Comparison(o("guavaPair"), o("rawPair"), "Guava WithExplicitOrdering pair / raw pair"));
    list.add(new Comparison(o("rankedPair"), o("guavaPair"), "ranked nested pair / Guava pair"));
    list.add(new Comparison(o("rankedOrderedLockPair"), o("guavaPair"), "ranked OrderedLock pair / Guava WithExplicitOrdering pair"));
    list.add(new Comparison(o("rankedOrderedLockPair"), o("rawPair"), "ranked OrderedLock pair / raw pair"));
    list.add(new Comparison(o("rankedOrderedLockPair"), o("rankedPairGuards"), "ranked OrderedLock pair / ranked pair of guards"));
    list.add(new Comparison(o("rankedTriple"), o("rawTriple"), "ranked nested triple / raw triple"));
    list.add(new Comparison(o("guavaTriple"), o("rawTriple"), "Guava triple / raw triple"));
    list.add(new Comparison(o("rankedTriple"), o("guavaTriple"), "ranked nested triple / Guava triple"));
    list.add(new Comparison(o("withAllTwoShards"), o("rawPair"), "withAll of two same-rank values / raw pair"));
    list.add(new Comparison(o("learnedPair"), o("unrankedPair"), "learned pair (known edges) / unranked pair"));
    list.add(new Comparison(o("learnedPair"), o("rankedPair"), "learned pair / ranked pair"));
    list.add(new Comparison(o("learnedPair"), o("guavaLearnedPair"), "learned pair / Guava newInstance pair"));
    list.add(new Comparison(o("learnedPairGuards"), o("unrankedPairGuards"), "learned pair of guards / unranked guards"));
    list.add(new Comparison(o("learnedPairGuards"), o("guavaLearnedPair"), "learned pair of guards / Guava newInstance pair"));
    list.add(new Comparison(o("guavaLearnedPair"), o("rawPair"), "Guava newInstance pair / raw pair"));
    list.add(new Comparison(o("learnedOrderedLockPair"), o("guavaLearnedPair"), "learned OrderedLock pair / Guava newInstance pair"));
    list.add(new Comparison(o("learnedOrderedLockPair"), o("rawPair"), "learned OrderedLock pair / raw pair"));
    list.add(new Comparison(o("learnedOrderedLockPair"), o("learnedPairGuards"), "learned OrderedLock pair / learned pair of guards"));
    list.add(new Comparison(o("unrankedTriple"), o("rawTriple"), "unranked nested triple / raw triple"));
    list.add(new Comparison(o("learnedTriple"), o("unrankedTriple"), "learned triple (known edges) / unranked triple"));
    list.add(new Comparison(o("learnedTriple"), o("guavaLearnedTriple"), "learned triple / Guava newInstance triple"));
    for (String threads : List.of("1 thread", "2 threads", "4 threads")) {
      String w = "WriteHeavyBenchmark.";
      list.add(new Comparison(w + "exclusiveValue@" + threads, w + "reentrantLock@" + threads, "write-heavy ExclusiveValue / ReentrantLock, " + threads));
      list.add(new Comparison(w + "synchronizedBlock@" + threads, w + "reentrantLock@" + threads, "write-heavy synchronized / ReentrantLock, " + threads));
    }
    for (String mix : List.of("1:1", "3:1")) {
      String r = "ReadMostlyBenchmark.";
      String label = SATURATED.get(mix);
      for (String role : List.of("Reader", "Writer")) {
        list.add(new Comparison(r + "guarded" + role + "@" + mix, r + "readWriteLock" + role + "@" + mix, label + ": GuardedValue / RRWL, " + role.toLowerCase(Locale.ROOT) + "s"));
        list.add(new Comparison(r + "stampedLock" + role + "@" + mix, r + "readWriteLock" + role + "@" + mix, label + ": StampedLock / RRWL, " + role.toLowerCase(Locale.ROOT) + "s"));
        list.add(new Comparison(r + "synchronized" + role + "@" + mix, r + "readWriteLock" + role + "@" + mix, label + ": synchronized / RRWL, " + role.toLowerCase(Locale.ROOT) + "s"));
      }
    }
    readScaling(list);
    readWithWriter(list);
    for (String t : List.of(ONE, TWO)) {
      String at = ", " + t;
      list.add(new Comparison(sn("snapshotGet", t), sn("atomicGet", t), "SnapshotValue.get / AtomicReference.get" + at));
      list.add(new Comparison(sn("snapshotGet", t), sn("guardedRead", t), "SnapshotValue.get / GuardedValue.read" + at));
      list.add(new Comparison(sn("snapshotGet", t), sn("stampedRead", t), "SnapshotValue.get / StampedLock read lock" + at));
      list.add(new Comparison(sn("snapshotUpdate", t), sn("exclusiveUpdate", t), "SnapshotValue.update / ExclusiveValue.update" + at));
      list.add(new Comparison(sn("snapshotUpdate", t), sn("atomicUpdate", t), "SnapshotValue.update / AtomicReference.updateAndGet" + at));
    }
    for (String method : List.of("snapshotGet", "atomicGet", "guardedRead", "snapshotUpdate")) {
      list.add(new Comparison(sn(method, TWO), sn(method, ONE), method + ": 2 threads / 1 thread"));
    }
    for (String t : List.of(ONE, TWO, "4 threads")) {
      String at = ", " + t;
      list.add(new Comparison(sh("shardedValue", t), sh("exclusiveValue", t), "ShardedValue / one ExclusiveValue" + at));
      list.add(new Comparison(sh("shardedValue", t), sh("guavaStriped", t), "ShardedValue / Guava Striped" + at));
      list.add(new Comparison(sh("shardedValue", t), sh("concurrentHashMapMerge", t), "ShardedValue / ConcurrentHashMap.merge" + at));
      list.add(new Comparison(sh("shardedValue", t), sh("longAdder", t), "ShardedValue / LongAdder" + at));
      list.add(new Comparison(sh("shardedValueOrderOff", t), sh("shardedValue", t), "ShardedValue, order policy OFF / ranked" + at));
    }
    for (String t : List.of(TWO, "4 threads")) {
      list.add(new Comparison(sh("shardedValue", t), sh("shardedValue", ONE), "shardedValue: " + t + " / 1 thread"));
      list.add(new Comparison(sh("exclusiveValue", t), sh("exclusiveValue", ONE), "exclusiveValue: " + t + " / 1 thread"));
      list.add(new Comparison(sh("plainShardCounters", t), sh("plainShardCounters", ONE), "unlocked per-shard counters (the cache-traffic floor): " + t + " / 1 thread"));
      list.add(new Comparison(sh("shardedValueAffine", t), sh("shardedValueAffine", ONE), "shardedValue, affine keys: " + t + " / 1 thread"));
      list.add(new Comparison(sh("shardedValueAffine", t), sh("exclusiveValueAffine", t), "ShardedValue / one ExclusiveValue, affine keys, " + t));
    }
    for (String queue : List.of("condition", "arrayQueue", "linkedQueue")) {
      String name = queue.equals("condition") ? "ReentrantLock + Condition" : queue.equals("arrayQueue") ? "ArrayBlockingQueue" : "LinkedBlockingQueue";
      list.add(new Comparison(h("exclusiveConsumer"), h(queue + "Consumer"), "hand-off 1:1, consumer: ExclusiveValue.withWhen / " + name));
    }
    list.add(new Comparison(h("exclusiveConsumer"), h("conditionTimedLockConsumer"), "hand-off 1:1, consumer, mutex wait timed on both sides: ExclusiveValue.tryWithWhen / ReentrantLock.tryLock + Condition.awaitNanos"));
    list.add(new Comparison(h("exclusiveUntimedConsumer"), h("conditionUntimedConsumer"), "hand-off 1:1, consumer, no timeout on either side: ExclusiveValue.withWhenInterruptibly / ReentrantLock + Condition.await()"));
    return List.copyOf(list);
  }

  /** Readers only: each read against the RRWL read lock, and 2 threads against 1. */
  private static void readScaling(List<Comparison> list) {
    Map<String, String> reads = new LinkedHashMap<>();
    reads.put("guardedRead", "GuardedValue.read");
    reads.put("orderedRead", "OrderedReadWriteLock read lock");
    reads.put("biasedRawRead", "raw reader bias on RRWL");
    reads.put("rrwlRead", "RRWL read lock");
    reads.put("stampedRead", "StampedLock read lock");
    reads.put("stampedOptimistic", "StampedLock optimistic read");
    reads.put("atomicGet", "AtomicReference.get");
    for (String work : List.of("", "Work")) {
      String section = "readers only, " + (work.isEmpty() ? "empty section" : "~100 ns section");
      for (Map.Entry<String, String> read : reads.entrySet()) {
        String method = read.getKey() + work;
        list.add(new Comparison(s(method, TWO), s(method, ONE), section + ": " + read.getValue() + ", 2 threads / 1 thread"));
        for (String threads : List.of(ONE, TWO)) {
          if (!read.getKey().equals("rrwlRead")) {
            list.add(new Comparison(s(method, threads), s("rrwlRead" + work, threads), section + ", " + threads + ": " + read.getValue() + " / RRWL read lock"));
          }
        }
      }
      list.add(new Comparison(s("guardedRead" + work, TWO), s("stampedRead" + work, TWO), section + ", 2 threads: GuardedValue.read / StampedLock read lock"));
      list.add(new Comparison(s("guardedRead" + work, TWO), s("biasedRawRead" + work, TWO), section + ", 2 threads: GuardedValue.read / raw reader bias on RRWL"));
      list.add(new Comparison(s("orderedRead" + work, TWO), s("stampedRead" + work, TWO), section + ", 2 threads: OrderedReadWriteLock read lock / StampedLock read lock"));
      list.add(new Comparison(s("orderedRead" + work, TWO), s("biasedRawRead" + work, TWO), section + ", 2 threads: OrderedReadWriteLock read lock / raw reader bias on RRWL"));
    }
  }

  /** Two readers and a writer that rests: each against RRWL, and readers against readers only. */
  private static void readWithWriter(List<Comparison> list) {
    for (String setting : List.of(OFTEN, RARE)) {
      String interval = " every " + setting.substring(setting.indexOf('=') + 1) + " us: ";
      String every = "2 readers, write" + interval;
      list.add(new Comparison(w("guardedReader", setting), w("rrwlReader", setting), every + "GuardedValue / RRWL, readers"));
      list.add(new Comparison(w("guardedWriter", setting), w("rrwlWriter", setting), every + "GuardedValue / RRWL, write rate achieved"));
      for (String p : List.of("·p50", "·p99")) {
        list.add(new Comparison(w("guardedLatencyWriter" + p, setting), w("rrwlLatencyWriter" + p, setting), every + "GuardedValue / RRWL, writer latency " + p.substring(1)));
      }
      list.add(new Comparison(w("guardedReader", setting), s("guardedRead", TWO), every + "GuardedValue readers / readers only (2 threads)"));
      list.add(new Comparison(w("idleReader", setting), s("guardedRead", TWO), "2 readers, wake-up" + interval + "GuardedValue readers beside a thread that only wakes / readers only (the scheduler's share)"));
      list.add(new Comparison(w("rrwlReader", setting), s("rrwlRead", TWO), every + "RRWL readers / readers only (2 threads)"));
    }
  }

  static Map<String, Measurement> byKey(List<Measurement> measurements) {
    Map<String, Measurement> map = new LinkedHashMap<>();
    for (Measurement m : measurements) {
      map.put(m.key(), m);
    }
    return map;
  }

  /** Benchmark score over baseline score, or NaN when either was not measured. */
  static double ratio(Map<String, Measurement> scores, String benchmark, String baseline) {
    Measurement b = scores.get(benchmark);
    Measurement base = scores.get(baseline);
    return b == null || base == null ? Double.NaN : b.score() / base.score();
  }

  /**
   * {@return the JMH half of the report: every score, then the measured comparisons}
   *
   * @param measurements the JMH rows
   */
  static String markdown(List<Measurement> measurements) {
    Map<String, Measurement> scores = byKey(measurements);
    StringBuilder md = new StringBuilder();
    md.append("Runs with 4 threads oversubscribe a 2-core machine on purpose. Percentile rows")
        .append(" (`·p50`, `·p99`) have no error estimate.\n\n");
    md.append("| suite | benchmark | setting | score | error (99.9%) | unit |\n");
    md.append("|---|---|---|---:|---:|---|\n");
    for (Measurement m : measurements) {
      md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | ± %s | %s |%n",
          m.suite(), m.name(), m.setting(), number(m.score()), number(m.error()), m.unit()));
    }
    md.append("\nRatios are this benchmark's score over its baseline's, both from this run. For")
        .append(" ns/op (cost), below 1.00x is faster; for ops/us (throughput), above 1.00x is")
        .append(" faster. Only comparisons whose two rows ran are listed.\n\n")
        .append("| comparison | ratio | meaning |\n|---|---:|---|\n");
    for (Comparison c : COMPARISONS) {
      double ratio = ratio(scores, c.benchmark(), c.baseline());
      Measurement m = scores.get(c.benchmark());
      if (Double.isNaN(ratio) || m == null) {
        continue;
      }
      String meaning =
          m.higherIsBetter() ? (ratio >= 1 ? "faster or equal" : "slower")
              : (ratio <= 1 ? "faster or equal" : "slower");
      md.append(String.format(Locale.ROOT, "| %s | %s | %s |%n", c.what(), text(ratio), meaning));
    }
    return md.toString();
  }

  /**
   * {@return the verdict table: every target with its measured ratio, 95% interval, verdict and
   * method, then the count of each verdict}
   *
   * @param decided every target's verdict
   */
  static String verdicts(List<SpeedTargets.Decided> decided) {
    StringBuilder md = new StringBuilder();
    md.append("| target | limit | measured ratio | 95% interval | verdict | method |\n")
        .append("|---|---|---:|---|---|---|\n");
    int met = 0;
    int notMet = 0;
    int undecided = 0;
    for (SpeedTargets.Decided d : decided) {
      switch (d.verdict()) {
        case MET -> met++;
        case NOT_MET -> notMet++;
        default -> undecided++;
      }
      String method =
          d.target().method() == SpeedTargets.Method.PAIRED
              ? "paired `" + d.target().pair() + "`, " + d.basis()
              : "JMH, " + d.basis();
      md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n",
          d.target().what(), d.target().target(), text(d.ratio()), interval(d),
          d.verdict().label(), method));
    }
    md.append(String.format(Locale.ROOT,
        "%n**%d targets: %d met, %d not met, %d undecided.**%n", decided.size(), met, notMet,
        undecided));
    return md.toString();
  }

  private static String interval(SpeedTargets.Decided d) {
    if (Double.isNaN(d.low())) {
      return "n/a";
    }
    if (d.low() <= 0 || Double.isInfinite(d.high())) {
      return "none (too few scores)";
    }
    return String.format(Locale.ROOT, "[%.3f, %.3f]", d.low(), d.high());
  }

  /** Two decimals, or three significant digits below 1 (a write rate of 0.0123 ops/us). */
  private static String number(double x) {
    return String.format(Locale.ROOT, Math.abs(x) < 1 && x != 0 ? "%.3g" : "%.2f", x);
  }

  private static String text(double ratio) {
    return Double.isNaN(ratio) ? "n/a" : String.format(Locale.ROOT, "%.3fx", ratio);
  }
}
