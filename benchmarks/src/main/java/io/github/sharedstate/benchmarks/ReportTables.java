package io.github.sharedstate.benchmarks;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The Markdown half of the report: scores, ratios to same-run baselines, targets. */
final class ReportTables {
  /** A benchmark compared with its baseline from the same run. */
  record Comparison(String benchmark, String baseline, String what) {}

  /**
   * A speed target on the ratio benchmark score / baseline score: at most {@code limit} for a
   * cost ratio (ns/op), at least {@code limit} when {@code atLeast} (throughput, ops/us).
   */
  record Target(String benchmark, String baseline, double limit, boolean atLeast, String what) {
    Target(String benchmark, String baseline, double limit, String what) {
      this(benchmark, baseline, limit, false, what);
    }

    /** A throughput target: the ratio must be at least {@code limit}. */
    static Target atLeast(String benchmark, String baseline, double limit, String what) {
      return new Target(benchmark, baseline, limit, true, what);
    }

    /** The verdict for a ratio's error range [low, high]. */
    String verdict(double low, double high) {
      boolean met = atLeast ? low >= limit : high <= limit;
      boolean missed = atLeast ? high < limit : low > limit;
      return met ? "met" : missed ? "NOT MET" : "undecided (within error)";
    }
  }

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

  static final List<Target> TARGETS =
      List.of(
          new Target(u("guardedRead"), u("rawReadLock"), 1.10, "unranked read at most 1.10x raw RRWL"),
          new Target(u("guardedWrite"), u("rawWriteLockBoxed"), 1.10, "unranked write at most 1.10x raw RRWL, same work and result"),
          new Target(u("guardedModify"), u("rawWriteLockNoResult"), 1.10, "unranked modify at most 1.10x raw RRWL, same work"),
          new Target(u("guardedWriteGuard"), u("rawWriteLock"), 1.10, "write guard at most 1.10x raw RRWL"),
          new Target(u("exclusiveWith"), u("rawMutexBoxed"), 1.10, "unranked with at most 1.10x ReentrantLock, same work and result"),
          new Target(u("exclusiveModify"), u("rawMutexNoResult"), 1.10, "unranked modify at most 1.10x ReentrantLock, same work"),
          new Target(u("exclusiveLockGuard"), u("rawMutex"), 1.10, "lock guard at most 1.10x ReentrantLock"),
          Target.atLeast("WriteHeavyBenchmark.exclusiveValue@" + TWO, "WriteHeavyBenchmark.reentrantLock@" + TWO, 0.95, "2 writers: ExclusiveValue at least 0.95x ReentrantLock throughput"),
          Target.atLeast("ReadMostlyBenchmark.guardedReader@1:1", "ReadMostlyBenchmark.readWriteLockReader@1:1", 0.90, "1 reader + 1 writer: GuardedValue reader at least 0.9x RRWL's"),
          Target.atLeast("ReadMostlyBenchmark.guardedWriter@1:1", "ReadMostlyBenchmark.readWriteLockWriter@1:1", 0.90, "1 reader + 1 writer: GuardedValue writer at least 0.9x RRWL's"),
          new Target(o("rankedSingle"), o("unrankedSingle"), 1.30, "ranked single with at most 1.3x unranked"),
          new Target(u("rankedGuardedRead"), u("guardedRead"), 1.30, "ranked single read at most 1.3x unranked"),
          new Target(o("rankedPairGuards"), o("rawPair"), 1.50, "ordered nested pair (guards) at most 1.5x raw pair"),
          new Target(o("rankedPair"), o("rawPair"), 1.50, "ordered nested pair (lambdas) at most 1.5x raw pair"),
          new Target(o("learnedPair"), o("unrankedPair"), 1.50, "learned pair (known edges) at most 1.5x unranked pair"),
          new Target(o("learnedPair"), o("guavaLearnedPair"), 0.50, "learned pair at most 0.5x Guava's learned pair"),
          new Target(u("offExclusiveWith"), u("exclusiveWith"), 1.02, "policy OFF with within 2% of unranked"),
          new Target(u("offGuardedRead"), u("guardedRead"), 1.02, "policy OFF read within 2% of unranked"),
          new Target(u("guardedRead"), u("rawReadLock"), 1.00, "unranked read at most 1.00x raw RRWL (cheaper than the lock it replaces)"),
          Target.atLeast(s("guardedRead", TWO), s("guardedRead", ONE), 1.8, "readers only: GuardedValue.read 2 threads at least 1.8x 1 thread"),
          Target.atLeast(s("guardedRead", TWO), s("stampedRead", TWO), 5.0, "readers only: GuardedValue.read at least 5x StampedLock read lock, 2 threads"),
          Target.atLeast(s("orderedRead", TWO), s("orderedRead", ONE), 1.8, "readers only: OrderedReadWriteLock read lock 2 threads at least 1.8x 1 thread"),
          Target.atLeast(s("orderedRead", TWO), s("stampedRead", TWO), 5.0, "readers only: OrderedReadWriteLock read lock at least 5x StampedLock read lock, 2 threads"),
          new Target(o("rankedOrderedLockPair"), o("guavaPair"), 0.80, "ranked OrderedLock nested pair at most 0.8x Guava's WithExplicitOrdering pair"),
          new Target(o("learnedOrderedLockPair"), o("guavaLearnedPair"), 0.80, "learned OrderedLock nested pair at most 0.8x Guava's newInstance(THROW) pair"),
          Target.atLeast(w("guardedReader", RARE), s("guardedRead", TWO), 0.8, "2 readers, write every 100 us: reader throughput at least 0.8x readers only (2 threads)"),
          new Target(w("guardedLatencyWriter·p99", RARE), w("rrwlLatencyWriter·p99", RARE), 2.0, "2 readers, write every 100 us: writer p99 at most 2x RRWL's"),
          Target.atLeast(sn("snapshotGet", ONE), sn("atomicGet", ONE), 1 / 1.10, "SnapshotValue.get at most 1.1x AtomicReference.get (throughput at least 0.91x), 1 thread"),
          Target.atLeast(sn("snapshotGet", TWO), sn("snapshotGet", ONE), 1.80, "SnapshotValue.get at 2 threads at least 1.8x one thread"),
          Target.atLeast(sn("snapshotUpdate", ONE), sn("exclusiveUpdate", ONE), 1 / 1.50, "uncontended SnapshotValue.update at most 1.5x ExclusiveValue.update (throughput at least 0.67x)"),
          Target.atLeast(sh("shardedValue", TWO), sh("shardedValue", ONE), 1.80, "ShardedValue at 2 threads at least 1.8x one thread"),
          Target.atLeast(sh("shardedValue", TWO), sh("exclusiveValue", TWO), 3.00, "ShardedValue at least 3x one ExclusiveValue, 2 threads"),
          Target.atLeast(sh("shardedValue", TWO), sh("guavaStriped", TWO), 0.90, "ShardedValue at least 0.9x Guava Striped, 2 threads"),
          Target.atLeast(h("exclusiveConsumer"), h("conditionConsumer"), 0.90, "hand-off, 1 producer 1 consumer: ExclusiveValue.withWhen at least 0.9x ReentrantLock + Condition by hand"));

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

  static String markdown(List<Measurement> measurements, String profile) {
    Map<String, Measurement> scores = byKey(measurements);
    StringBuilder md = new StringBuilder();
    md.append(String.format(Locale.ROOT,
        "Profile `%s`, %s, JDK %s (%s), %d CPUs, %s %s. Runs with 4 threads oversubscribe a"
            + " 2-core machine on purpose. Percentile rows (`·p50`, `·p99`) have no error"
            + " estimate.%n%n",
        profile, LocalDate.now(), System.getProperty("java.version"),
        System.getProperty("java.vm.name"), Runtime.getRuntime().availableProcessors(),
        System.getProperty("os.name"), System.getProperty("os.arch")));
    md.append("| suite | benchmark | setting | score | error (99.9%) | unit |\n");
    md.append("|---|---|---|---:|---:|---|\n");
    for (Measurement m : measurements) {
      md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | ± %s | %s |%n",
          m.suite(), m.name(), m.setting(), number(m.score()), number(m.error()), m.unit()));
    }
    md.append("\nRatios are this benchmark's score over its baseline's, both from this run. For")
        .append(" ns/op (cost), below 1.00x is faster; for ops/us (throughput), above 1.00x is")
        .append(" faster.\n\n| comparison | ratio | meaning |\n|---|---:|---|\n");
    for (Comparison c : COMPARISONS) {
      double ratio = ratio(scores, c.benchmark(), c.baseline());
      Measurement m = scores.get(c.benchmark());
      String meaning =
          Double.isNaN(ratio) || m == null ? "not measured"
              : m.higherIsBetter() ? (ratio >= 1 ? "faster or equal" : "slower")
              : (ratio <= 1 ? "faster or equal" : "slower");
      md.append(String.format(Locale.ROOT, "| %s | %s | %s |%n", c.what(), text(ratio), meaning));
    }
    md.append("\nA target is met when even the pessimistic end of the ratio's error range is within")
        .append(" the limit, not met when even the optimistic end is beyond it, and undecided")
        .append(" otherwise.\n\n| target | measured (error range) | verdict |\n|---|---:|---|\n");
    List<String> missed = new ArrayList<>();
    for (Target t : TARGETS) {
      double ratio = ratio(scores, t.benchmark(), t.baseline());
      double[] range = range(scores, t.benchmark(), t.baseline());
      String verdict = Double.isNaN(ratio) ? "not measured" : t.verdict(range[0], range[1]);
      if (!verdict.equals("met")) {
        missed.add(t.what() + " (" + verdict + ")");
      }
      md.append(String.format(Locale.ROOT, "| %s | %s (%.2f-%.2f) | %s |%n",
          t.what(), text(ratio), range[0], range[1], verdict));
    }
    md.append(missed.isEmpty() ? "\nAll targets met.\n"
        : "\nTargets not met or undecided: " + String.join("; ", missed) + ".\n");
    return md.toString();
  }

  /**
   * The ratio's optimistic and pessimistic ends, from each score's 99.9% error (NaN errors, as
   * from a single iteration, count as zero).
   */
  static double[] range(Map<String, Measurement> scores, String benchmark, String baseline) {
    Measurement b = scores.get(benchmark);
    Measurement base = scores.get(baseline);
    if (b == null || base == null) {
      return new double[] {Double.NaN, Double.NaN};
    }
    double eb = Double.isNaN(b.error()) ? 0 : b.error();
    double ebase = Double.isNaN(base.error()) ? 0 : base.error();
    double low = (b.score() - eb) / (base.score() + ebase);
    double high = base.score() > ebase ? (b.score() + eb) / (base.score() - ebase) : Double.POSITIVE_INFINITY;
    return new double[] {low, high};
  }

  /** Two decimals, or three significant digits below 1 (a write rate of 0.0123 ops/us). */
  private static String number(double x) {
    return String.format(Locale.ROOT, Math.abs(x) < 1 && x != 0 ? "%.3g" : "%.2f", x);
  }

  private static String text(double ratio) {
    return Double.isNaN(ratio) ? "n/a" : String.format(Locale.ROOT, "%.2fx", ratio);
  }
}
