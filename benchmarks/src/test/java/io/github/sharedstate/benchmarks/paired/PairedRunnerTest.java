package io.github.sharedstate.benchmarks.paired;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The runner end to end on synthetic workloads of known cost. The checks are tolerant on purpose:
 * these tests run on 2-core machines shared with builds, where one window in a few can lose a slice
 * of its time to another process. They ask that the interval come within 10% of the true ratio, not
 * that it contain it exactly (a 95% interval misses 1 time in 20 by definition).
 */
final class PairedRunnerTest {
  private static final int STEPS = 500;
  private static final Profile QUICK = new Profile("test", Duration.ofMillis(20), 3, 15, 15, 1, 1);
  private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

  private static PairedResult run(
      Supplier<Workload> candidate,
      Supplier<Workload> baseline,
      RatioKind kind,
      Optional<Target> target)
      throws InterruptedException {
    return PairedRunner.alternate(
        "test", "synthetic", kind, candidate, baseline, QUICK, target, QUIET);
  }

  @Test
  void twiceTheWork_costRatio_isAboutTwo() throws InterruptedException {
    PairedResult r =
        run(() -> new Spin(2 * STEPS), () -> new Spin(STEPS), RatioKind.COST, Optional.empty());
    assertEquals(15, r.rounds());
    MedianInterval ci = r.ratio();
    assertTrue(ci.low() <= ci.median() && ci.median() <= ci.high(), ci.toString());
    assertTrue(ci.low() <= 2.2 && ci.high() >= 1.8, "interval near 2: " + ci);
    assertTrue(ci.median() > 1.6 && ci.median() < 2.4, "median near 2: " + ci);
    double perOp = r.candidateMedian() / r.baselineMedian();
    assertTrue(perOp > 1.6 && perOp < 2.4, "side medians in ns/op, about 2:1: " + r);
  }

  @Test
  void twiceTheWork_throughputRatio_isAboutHalf() throws InterruptedException {
    PairedResult r =
        run(
            () -> new Spin(2 * STEPS),
            () -> new Spin(STEPS),
            RatioKind.THROUGHPUT,
            Optional.of(Target.atLeast(0.95)));
    MedianInterval ci = r.ratio();
    assertTrue(ci.low() <= 0.55 && ci.high() >= 0.45, "interval near 0.5: " + ci);
    assertEquals(Optional.of(Verdict.NOT_MET), r.verdict(), r.toString());
  }

  @Test
  void sameWork_intervalComesToOne() throws InterruptedException {
    PairedResult r =
        run(() -> new Spin(STEPS), () -> new Spin(STEPS), RatioKind.COST, Optional.empty());
    MedianInterval ci = r.ratio();
    assertTrue(ci.low() <= 1.1 && ci.high() >= 0.9, "interval near 1: " + ci);
  }

  @Test
  void decidedVerdict_stopsAtMinRounds_undecided_goesToMax() throws InterruptedException {
    Profile upTo = new Profile("test", Duration.ofMillis(5), 1, 6, 10, 2, 1);
    PairedResult decided =
        PairedRunner.alternate(
            "test",
            "synthetic",
            RatioKind.COST,
            () -> new Spin(4 * STEPS),
            () -> new Spin(STEPS),
            upTo,
            Optional.of(Target.atMost(1.10)),
            QUIET);
    assertEquals(Optional.of(Verdict.NOT_MET), decided.verdict());
    assertEquals(6, decided.rounds());
    // the same work against a limit of 1.0: mostly undecided, which must go on to the most rounds
    PairedResult same =
        PairedRunner.alternate(
            "test",
            "synthetic",
            RatioKind.COST,
            () -> new Spin(STEPS),
            () -> new Spin(STEPS),
            upTo,
            Optional.of(Target.atMost(1.0)),
            QUIET);
    assertTrue(List.of(6, 8, 10).contains(same.rounds()), same.toString());
    assertTrue(
        same.rounds() == 10 || same.verdict().get() != Verdict.UNDECIDED,
        "stopped early while undecided: " + same);
  }

  @Test
  void twoThreadWorkload_bothThreadsRunEveryWindow() throws InterruptedException {
    Set<String> seen = ConcurrentHashMap.newKeySet();
    Workload twoThreads =
        new Workload() {
          @Override
          public int threads() {
            return 2;
          }

          @Override
          public long run(int thread, Window window, Blackhole sink) {
            seen.add(thread + " " + Thread.currentThread().getName());
            return new Spin(STEPS).run(thread, window, sink);
          }
        };
    PairedResult r =
        PairedRunner.alternate(
            "test",
            "two threads",
            RatioKind.THROUGHPUT,
            () -> twoThreads,
            TwoSpins::new,
            new Profile("test", Duration.ofMillis(5), 0, 6, 6, 1, 1),
            Optional.empty(),
            QUIET);
    assertEquals(2, r.threads());
    assertEquals(Set.of("0 paired-candidate-0", "1 paired-candidate-1"), seen);
  }

  @Test
  void everyWindow_runsANewInstance_onNewThreads() throws InterruptedException {
    Set<Workload> instances = ConcurrentHashMap.newKeySet();
    Set<Thread> threads = ConcurrentHashMap.newKeySet();
    Supplier<Workload> recorded =
        () ->
            new Spin(STEPS) {
              @Override
              public long run(int thread, Window window, Blackhole sink) {
                instances.add(this);
                threads.add(Thread.currentThread());
                return super.run(thread, window, sink);
              }
            };
    PairedRunner.alternate(
        "test",
        "fresh",
        RatioKind.COST,
        recorded,
        () -> new Spin(STEPS),
        new Profile("test", Duration.ofMillis(5), 2, 6, 6, 1, 1),
        Optional.empty(),
        QUIET);
    assertEquals(8, instances.size(), "one instance per candidate window (2 warm-up + 6)");
    assertEquals(8, threads.size(), "one thread per candidate window");
  }

  @Test
  void sidesOnDifferentThreadCounts_throw() {
    assertThrows(
        IllegalArgumentException.class,
        () -> run(TwoSpins::new, () -> new Spin(STEPS), RatioKind.COST, Optional.empty()));
  }

  @Test
  void failingWorkload_failsTheRun_withItsCause() {
    Workload failing =
        (thread, window, sink) -> {
          throw new ArithmeticException("boom");
        };
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> run(() -> failing, () -> new Spin(STEPS), RatioKind.COST, Optional.empty()));
    assertTrue(e.getCause() instanceof ArithmeticException, e.toString());
  }

  @Test
  void resultLine_roundTrips() {
    PairedResult r =
        new PairedResult(
            "exclusive.with",
            "what",
            RatioKind.COST,
            1,
            30,
            12.5,
            11.25,
            new MedianInterval(1.04, 1.01, 1.07, 0.957, 30),
            Optional.of(Target.atMost(1.1)));
    assertEquals(r, PairedResult.parse(r.toLine(), "what"));
    PairedResult noTarget =
        new PairedResult(
            "x@builds",
            "w",
            RatioKind.THROUGHPUT,
            2,
            8,
            3,
            4,
            new MedianInterval(0.75, 0.7, 0.8, 0.99, 8),
            Optional.empty());
    assertEquals(noTarget, PairedResult.parse(noTarget.toLine(), "w"));
  }

  @Test
  void ofJvms_spansTheJvmsIntervals_soAVerdictHoldsOnlyWhereEveryJvmGivesIt() {
    PairedResult fast = oneJvm(1.06, 1.03, 1.10, 30, 20.4);
    PairedResult slow = oneJvm(1.45, 1.40, 1.48, 60, 14.3);
    PairedResult both = PairedResult.ofJvms(List.of(fast, slow));
    assertEquals(90, both.rounds());
    assertEquals(1.03, both.ratio().low());
    assertEquals(1.48, both.ratio().high());
    assertEquals(1.255, both.ratio().median(), 1e-9); // the median of two: their mean
    assertEquals(List.of(1.06, 1.45), both.jvmRatios());
    assertEquals(Verdict.MET, fast.verdict().orElseThrow());
    assertEquals(Verdict.NOT_MET, slow.verdict().orElseThrow());
    assertEquals(Verdict.UNDECIDED, both.verdict().orElseThrow());
    assertEquals(fast, PairedResult.ofJvms(List.of(fast)));
    assertThrows(IllegalArgumentException.class, () -> PairedResult.ofJvms(List.of()));
    PairedResult other =
        new PairedResult(
            "other", "w", RatioKind.COST, 1, 30, 1, 1, fast.ratio(), Optional.empty());
    assertThrows(IllegalArgumentException.class, () -> PairedResult.ofJvms(List.of(fast, other)));
  }

  private static PairedResult oneJvm(
      double median, double low, double high, int rounds, double baseline) {
    return new PairedResult(
        "ranked.with",
        "ranked / unranked",
        RatioKind.COST,
        1,
        rounds,
        median * baseline,
        baseline,
        new MedianInterval(median, low, high, 0.957, rounds),
        Optional.of(Target.atMost(1.15)));
  }

  @Test
  void table_hasEveryColumn() {
    PairedResult r =
        new PairedResult(
            "exclusive.with",
            "with / lock",
            RatioKind.COST,
            1,
            30,
            12.5,
            11.25,
            new MedianInterval(1.04, 1.01, 1.07, 0.957, 30),
            Optional.of(Target.atMost(1.1)));
    String text = PairedTable.text(List.of(r));
    assertTrue(
        text.contains("exclusive.with")
            && text.contains("12.50 ns/op")
            && text.contains("1.040x")
            && text.contains("[1.010, 1.070]")
            && text.contains("<= 1.10")
            && text.contains("met"),
        text);
    String md = PairedTable.markdown(List.of(r), Profile.SMOKE);
    assertTrue(md.contains("| exclusive.with | with / lock | cost | 1 | 30 |"), md);
  }

  /** Two threads of spinning: the baseline for a two-thread candidate. */
  private static final class TwoSpins extends Spin {
    TwoSpins() {
      super(STEPS);
    }

    @Override
    public int threads() {
      return 2;
    }
  }
}
