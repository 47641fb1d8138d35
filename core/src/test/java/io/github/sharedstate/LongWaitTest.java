package io.github.sharedstate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.sharedstate.internal.ReadWriteEngine;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Lock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/**
 * Long-wait reports: a wait that passes its lock's threshold names the holder and what it is
 * doing, once, without changing the wait. Waits past a threshold are awaited on the listener's
 * report, never by sleeping; "nothing more was reported" is checked once a second lock with a
 * threshold several times longer has reported a wait that began later.
 */
final class LongWaitTest {
  private static final Duration SHORT = Duration.ofMillis(50);
  private static final String LOGGER = "io.github.sharedstate.LockDiagnostics";

  // ---- the report names the holder, the lock, the mode, and the holder's method ---------------

  @Test
  void exclusiveValue_waitPastThreshold_reportNamesHolderLockModeAndHolderMethod()
      throws Exception {
    ExclusiveValue<int[]> value =
        ExclusiveValue.builder(new int[1]).name("lw-exclusive").longWaitThreshold(SHORT).build();
    try (Reports reports = new Reports("lw-exclusive");
        LogCapture log = new LogCapture(LOGGER);
        Holder holder = Holder.start("lw-exclusive-holder", h -> value.modify(v -> h.hold()));
        Waiter<Integer> waiter =
            Waiter.start("lw-exclusive-waiter", () -> value.with(v -> ++v[0]))) {
      LockDiagnostics.LongWait report = reports.awaitFirst();
      assertEquals("lw-exclusive", report.lock());
      assertEquals("exclusive", report.mode());
      assertEquals("lw-exclusive-waiter", report.waiter());
      assertEquals(List.of("lw-exclusive-holder"), report.holders());
      assertEquals(0, report.otherReaders());
      assertTrue(report.waited().compareTo(SHORT) >= 0, "waited " + report.waited());
      assertTrue(
          report.heldWhileWaited().compareTo(SHORT) >= 0, "held " + report.heldWhileWaited());
      assertInKnownMethod(report);
      String line = report.describe();
      assertTrue(line.contains("exclusive lock 'lw-exclusive'"), line);
      assertTrue(line.contains("thread 'lw-exclusive-waiter'"), line);
      assertTrue(line.contains("held by thread 'lw-exclusive-holder'"), line);
      assertTrue(line.contains("holdInsideKnownMethod"), line);
      assertTrue(
          log.records().stream()
              .anyMatch(r -> r.getLevel().equals(Level.WARNING) && r.getMessage().equals(line)),
          "the log line is the report: " + messages(log.records()));

      holder.close();
      assertEquals(1, waiter.result());
      LockStats stats = value.stats();
      assertEquals(1, stats.longWaits());
      assertEquals(1, stats.contendedAcquisitions());
      assertEquals(1, reports.count());
    }
  }

  @Test
  void guardedValueWrite_waitPastThresholdBehindWriter_reportNamesTheWriter() throws Exception {
    GuardedValue<int[]> value =
        GuardedValue.builder(new int[1]).name("lw-guarded-write").longWaitThreshold(SHORT).build();
    try (Reports reports = new Reports("lw-guarded-write");
        Holder holder = Holder.start("lw-writer", h -> value.modify(v -> h.hold()));
        Waiter<Integer> waiter = Waiter.start("lw-reader", () -> value.read(v -> v[0]))) {
      LockDiagnostics.LongWait report = reports.awaitFirst();
      assertEquals("read", report.mode());
      assertEquals("lw-reader", report.waiter());
      assertEquals(List.of("lw-writer"), report.holders());
      assertEquals(0, report.otherReaders());
      assertInKnownMethod(report);
      holder.close();
      assertEquals(0, waiter.result());
      assertEquals(1, value.stats().longWaits());
    }
  }

  @Test
  void orderedLock_waitPastThreshold_reportNamesTheOwnerAndItsMethod() throws Exception {
    OrderedLock lock = OrderedLock.builder().name("lw-ordered").longWaitThreshold(SHORT).build();
    try (Reports reports = new Reports("lw-ordered");
        Holder holder = Holder.start("lw-ordered-holder", h -> holdLocked(lock, h));
        Waiter<Boolean> waiter =
            Waiter.start(
                "lw-ordered-waiter",
                () -> lockAndUnlock(lock))) {
      LockDiagnostics.LongWait report = reports.awaitFirst();
      assertEquals("exclusive", report.mode());
      assertEquals(List.of("lw-ordered-holder"), report.holders());
      assertInKnownMethod(report);
      holder.close();
      assertTrue(waiter.result());
      assertEquals(1, lock.stats().longWaits());
    }
  }

  @Test
  void guardedValueNonFair_writerBehindFastReader_reportNamesTheReader() throws Exception {
    assumeReaderBias();
    GuardedValue<int[]> value =
        GuardedValue.builder(new int[1]).name("lw-fast-reader").longWaitThreshold(SHORT).build();
    ReadWriteEngine engine = (ReadWriteEngine) value.core().engine();
    AtomicBoolean fast = new AtomicBoolean();
    try (Reports reports = new Reports("lw-fast-reader");
        Holder reader =
            Holder.start(
                "lw-fast-reader-holder",
                h ->
                    value.read(
                        v -> {
                          fast.set(engine.readHoldCount(0) > 0); // in a reader cell
                          h.hold();
                          return v;
                        }));
        Waiter<Integer> writer = Waiter.start("lw-writer-waiter", () -> value.write(v -> ++v[0]))) {
      LockDiagnostics.LongWait report = reports.awaitFirst();
      assumeFastRead(fast);
      assertEquals("write", report.mode());
      assertEquals("lw-writer-waiter", report.waiter());
      assertEquals(List.of("lw-fast-reader-holder"), report.holders(), report.describe());
      assertEquals(0, report.otherReaders());
      assertInKnownMethod(report);
      reader.close();
      assertEquals(1, writer.result());
      assertEquals(1, value.stats().longWaits());
    }
  }

  @Test
  void orderedReadWriteLockNonFair_writerBehindFastReader_reportNamesTheReader()
      throws Exception {
    assumeReaderBias();
    OrderedReadWriteLock lock =
        OrderedReadWriteLock.builder().name("lw-rw-fast").longWaitThreshold(SHORT).build();
    AtomicBoolean fast = new AtomicBoolean();
    try (Reports reports = new Reports("lw-rw-fast");
        Holder reader =
            Holder.start(
                "lw-rw-reader",
                h -> {
                  lock.readLock().lock();
                  try {
                    fast.set(lock.engine().readHoldCount(0) > 0); // in a reader cell
                    h.hold();
                  } finally {
                    lock.readLock().unlock();
                  }
                });
        Waiter<Boolean> writer =
            Waiter.start(
                "lw-rw-writer",
                () -> lockAndUnlock(lock.writeLock()))) {
      LockDiagnostics.LongWait report = reports.awaitFirst();
      assumeFastRead(fast);
      assertEquals("write", report.mode());
      assertEquals(List.of("lw-rw-reader"), report.holders(), report.describe());
      assertInKnownMethod(report);
      reader.close();
      assertTrue(writer.result());
    }
  }

  @Test
  void guardedValueFair_writerBehindTwoSlowReaders_reportCountsThemAsOtherReaders()
      throws Exception {
    GuardedValue<int[]> value =
        GuardedValue.builder(new int[1])
            .name("lw-fair-readers")
            .fair(true)
            .longWaitThreshold(SHORT)
            .build();
    Consumer<Holder> read =
        h ->
            value.read(
                v -> {
                  h.hold();
                  return v;
                });
    try (Reports reports = new Reports("lw-fair-readers");
        Holder first = Holder.start("lw-slow-reader-1", read);
        Holder second = Holder.start("lw-slow-reader-2", read);
        Waiter<Integer> writer = Waiter.start("lw-fair-writer", () -> value.write(v -> ++v[0]))) {
      LockDiagnostics.LongWait report = reports.awaitFirst();
      assertEquals("write", report.mode());
      assertEquals(List.of(), report.holders());
      assertEquals(2, report.otherReaders());
      assertEquals(List.of(), report.holderStack());
      assertTrue(report.describe().contains("2 unnamed read holds"), report.describe());
      first.close();
      second.close();
      assertEquals(1, writer.result());
    }
  }

  @Test
  void orderedReadWriteLockFair_writerBehindSlowReader_reportCountsIt() throws Exception {
    OrderedReadWriteLock lock =
        OrderedReadWriteLock.builder()
            .name("lw-rw-fair")
            .fair(true)
            .longWaitThreshold(SHORT)
            .build();
    try (Reports reports = new Reports("lw-rw-fair");
        Holder reader = Holder.start("lw-rw-fair-reader", h -> holdLocked(lock.readLock(), h));
        Waiter<Boolean> writer =
            Waiter.start(
                "lw-rw-fair-writer",
                () -> lockAndUnlock(lock.writeLock()))) {
      LockDiagnostics.LongWait report = reports.awaitFirst();
      assertEquals(List.of(), report.holders());
      assertEquals(1, report.otherReaders());
      reader.close();
      assertTrue(writer.result());
    }
  }

  @Test
  void snapshotAndShardedValues_waitPastThreshold_reportNamesTheWriter() throws Exception {
    SnapshotValue<Integer> snapshot =
        SnapshotValue.builder(0).name("lw-snapshot").longWaitThreshold(SHORT).build();
    ShardedValue<int[]> sharded =
        ShardedValue.builder(() -> new int[1])
            .name("lw-sharded")
            .shards(1)
            .longWaitThreshold(SHORT)
            .build();
    try (Reports snapshotReports = new Reports("lw-snapshot");
        Reports shardedReports = new Reports("lw-sharded[0]");
        Holder h1 = Holder.start("lw-snapshot-holder", h -> snapshot.update(v -> hold(h, v)));
        Holder h2 = Holder.start("lw-sharded-holder", h -> sharded.modify(0, v -> h.hold()));
        Waiter<Integer> w1 = Waiter.start("lw-snapshot-waiter", () -> snapshot.update(v -> v + 1));
        Waiter<Integer> w2 =
            Waiter.start("lw-sharded-waiter", () -> sharded.with(0, v -> ++v[0]))) {
      assertEquals(List.of("lw-snapshot-holder"), snapshotReports.awaitFirst().holders());
      LockDiagnostics.LongWait shardReport = shardedReports.awaitFirst();
      assertEquals(List.of("lw-sharded-holder"), shardReport.holders());
      assertInKnownMethod(shardReport);
      h1.close();
      h2.close();
      assertEquals(1, w1.result());
      assertEquals(1, w2.result());
      assertEquals(1, snapshot.stats().longWaits());
      assertEquals(1, sharded.stats().longWaits());
    }
  }

  private static <T> T hold(Holder holder, T value) {
    holder.hold();
    return value;
  }

  // ---- once per wait; nothing before the threshold; nothing at threshold 0 ---------------------

  @Test
  void twoWaiters_waitPastThreeThresholds_eachWaitReportedExactlyOnce() throws Exception {
    ExclusiveValue<int[]> value =
        ExclusiveValue.builder(new int[1]).name("lw-once").longWaitThreshold(SHORT).build();
    try (Reports reports = new Reports("lw-once");
        Holder holder = Holder.start("lw-once-holder", h -> value.modify(v -> h.hold()));
        Waiter<Integer> a = Waiter.start("lw-once-a", () -> value.with(v -> ++v[0]));
        Waiter<Integer> b = Waiter.start("lw-once-b", () -> value.with(v -> ++v[0]))) {
      reports.awaitCount(2);
      passThreeThresholds("lw-once-clock");
      assertEquals(2, reports.count());
      assertEquals(
          List.of("lw-once-a", "lw-once-b"),
          reports.all().stream().map(LockDiagnostics.LongWait::waiter).sorted().toList());
      holder.close();
      assertEquals(3, a.result() + b.result());
      assertEquals(2, value.stats().longWaits());
    }
  }

  @Test
  void waitShorterThanThreshold_reportsNothing() throws Exception {
    ExclusiveValue<int[]> value =
        ExclusiveValue.builder(new int[1])
            .name("lw-short")
            .longWaitThreshold(Duration.ofSeconds(10))
            .build();
    try (Reports reports = new Reports("lw-short");
        Holder holder = Holder.start("lw-short-holder", h -> value.modify(v -> h.hold()));
        Waiter<Integer> waiter = Waiter.start("lw-short-waiter", () -> value.with(v -> ++v[0]))) {
      holder.close();
      assertEquals(1, waiter.result());
      assertEquals(1, value.stats().contendedAcquisitions());
      assertEquals(0, value.stats().longWaits());
      assertEquals(0, reports.count());
    }
  }

  @Test
  void zeroThreshold_waitPastOtherLocksThreshold_reportsNothing() throws Exception {
    ExclusiveValue<int[]> value =
        ExclusiveValue.builder(new int[1])
            .name("lw-off")
            .longWaitThreshold(Duration.ZERO)
            .build();
    OrderedLock lock = OrderedLock.builder().name("lw-off-lock").longWaitThreshold(Duration.ZERO)
        .build();
    try (Reports reports = new Reports("lw-off");
        Reports lockReports = new Reports("lw-off-lock");
        Holder holder = Holder.start("lw-off-holder", h -> value.modify(v -> h.hold()));
        Holder lockHolder = Holder.start("lw-off-lock-holder", h -> holdLocked(lock, h));
        Waiter<Integer> waiter = Waiter.start("lw-off-waiter", () -> value.with(v -> ++v[0]));
        Waiter<Boolean> lockWaiter =
            Waiter.start(
                "lw-off-lock-waiter",
                () -> lockAndUnlock(lock))) {
      passThreeThresholds("lw-off-clock");
      assertEquals(0, reports.count());
      assertEquals(0, lockReports.count());
      holder.close();
      lockHolder.close();
      assertEquals(1, waiter.result());
      assertTrue(lockWaiter.result());
      assertEquals(0, value.stats().longWaits());
      assertEquals(1, value.stats().contendedAcquisitions());
      assertEquals(0, lock.stats().longWaits());
    }
  }

  @Test
  void orderThreshold_appliesToItsValues_andAValuesOwnThresholdWins() throws Exception {
    LockOrder order = LockOrder.builder().rank("R").longWaitThreshold(SHORT).build();
    ExclusiveValue<int[]> inherits =
        ExclusiveValue.builder(new int[1]).name("lw-order-inherits").order(order).build();
    ExclusiveValue<int[]> own =
        ExclusiveValue.builder(new int[1])
            .name("lw-order-own")
            .order(order)
            .longWaitThreshold(Duration.ZERO)
            .build();
    try (Reports inherited = new Reports("lw-order-inherits");
        Reports owned = new Reports("lw-order-own");
        Holder h1 = Holder.start("lw-order-holder-1", h -> inherits.modify(v -> h.hold()));
        Holder h2 = Holder.start("lw-order-holder-2", h -> own.modify(v -> h.hold()));
        Waiter<Integer> w1 = Waiter.start("lw-order-waiter-1", () -> inherits.with(v -> ++v[0]));
        Waiter<Integer> w2 = Waiter.start("lw-order-waiter-2", () -> own.with(v -> ++v[0]))) {
      assertEquals(List.of("lw-order-holder-1"), inherited.awaitFirst().holders());
      passThreeThresholds("lw-order-clock");
      assertEquals(0, owned.count());
      h1.close();
      h2.close();
      assertEquals(1, w1.result());
      assertEquals(1, w2.result());
    }
  }

  // ---- the wait itself is unchanged ---------------------------------------------------------

  @Test
  void timedWait_reportedThenTimesOut_asBefore_holdingNothing() throws Exception {
    ExclusiveValue<int[]> value =
        ExclusiveValue.builder(new int[1]).name("lw-timeout").longWaitThreshold(SHORT).build();
    Duration timeout = Duration.ofMillis(300);
    AtomicInteger bodies = new AtomicInteger();
    try (Reports reports = new Reports("lw-timeout");
        Holder holder = Holder.start("lw-timeout-holder", h -> value.modify(v -> h.hold()));
        Waiter<Integer> waiter =
            Waiter.start(
                "lw-timeout-waiter", () -> value.tryWith(timeout, v -> bodies.incrementAndGet()))) {
      assertEquals("lw-timeout-waiter", reports.awaitFirst().waiter());
      Throwable failure = waiter.failure();
      LockTimeoutException timedOut = assertInstanceOf(LockTimeoutException.class, failure);
      assertTrue(timedOut.getMessage().contains("lw-timeout"), timedOut.getMessage());
      LockStats stats = value.stats();
      assertEquals(1, stats.timeouts());
      assertEquals(0, stats.contendedAcquisitions());
      assertEquals(1, stats.longWaits());
      assertTrue(stats.maxWait().compareTo(timeout) >= 0, "waited " + stats.maxWait());
      holder.close();
      assertEquals(0, bodies.get());
      assertEquals(1, (int) value.tryWith(Duration.ZERO, v -> ++v[0])); // nobody holds it
      assertEquals(1, reports.count());
    }
  }

  @Test
  void orderedLockTryLock_reportedThenTimesOut_returnsFalseHoldingNothing() throws Exception {
    OrderedLock lock =
        OrderedLock.builder().name("lw-trylock").longWaitThreshold(SHORT).build();
    try (Reports reports = new Reports("lw-trylock");
        Holder holder = Holder.start("lw-trylock-holder", h -> holdLocked(lock, h));
        Waiter<Boolean> waiter =
            Waiter.start(
                "lw-trylock-waiter",
                () -> {
                  boolean taken = lock.tryLock(300, TimeUnit.MILLISECONDS);
                  assertFalse(lock.isHeldByCurrentThread());
                  return taken;
                })) {
      reports.awaitFirst();
      assertFalse(waiter.result());
      assertEquals(1, lock.stats().timeouts());
      assertEquals(1, lock.stats().longWaits());
      holder.close();
      assertTrue(lock.tryLock());
      lock.unlock();
    }
  }

  @Test
  void interruptedWait_reportedThenInterrupted_throwsAsBefore_holdingNothing() throws Exception {
    ExclusiveValue<int[]> value =
        ExclusiveValue.builder(new int[1]).name("lw-interrupt").longWaitThreshold(SHORT).build();
    AtomicInteger bodies = new AtomicInteger();
    try (Reports reports = new Reports("lw-interrupt");
        Holder holder = Holder.start("lw-interrupt-holder", h -> value.modify(v -> h.hold()));
        Waiter<Integer> waiter =
            Waiter.start(
                "lw-interrupt-waiter",
                () -> value.withInterruptibly(v -> bodies.incrementAndGet()))) {
      reports.awaitFirst();
      waiter.thread.interrupt();
      assertInstanceOf(InterruptedException.class, waiter.failure());
      LockStats stats = value.stats();
      assertEquals(0, stats.timeouts()); // an interrupted wait is counted nowhere, as before
      assertEquals(0, stats.contendedAcquisitions());
      assertEquals(1, stats.longWaits());
      holder.close();
      assertEquals(0, bodies.get());
      assertEquals(1, (int) value.tryWith(Duration.ZERO, v -> ++v[0])); // nobody holds it
    }
  }

  // ---- listeners -----------------------------------------------------------------------------

  @Test
  void throwingListener_doesNotBreakTheWaiter_andTheReportStillCounts() throws Exception {
    ExclusiveValue<int[]> value =
        ExclusiveValue.builder(new int[1]).name("lw-throwing").longWaitThreshold(SHORT).build();
    LockDiagnostics.Listener throwing =
        new LockDiagnostics.Listener() {
          @Override
          public void longWait(LockDiagnostics.LongWait report) {
            throw new IllegalStateException("listener failed on purpose");
          }
        };
    LockDiagnostics.addListener(throwing);
    try (LogCapture log = new LogCapture(LOGGER);
        Reports reports = new Reports("lw-throwing"); // registered after the throwing one
        Holder holder = Holder.start("lw-throwing-holder", h -> value.modify(v -> h.hold()));
        Waiter<Integer> waiter =
            Waiter.start("lw-throwing-waiter", () -> value.with(v -> ++v[0]))) {
      assertEquals(List.of("lw-throwing-holder"), reports.awaitFirst().holders());
      holder.close();
      assertEquals(1, waiter.result());
      assertEquals(1, value.stats().longWaits());
      assertEquals(2, (int) value.with(v -> ++v[0])); // the lock works on
      assertTrue(
          log.records().stream()
              .anyMatch(
                  r ->
                      r.getLevel().equals(Level.SEVERE)
                          && r.getThrown() instanceof IllegalStateException),
          "the listener's failure is logged: " + messages(log.records()));
    } finally {
      LockDiagnostics.removeListener(throwing);
    }
  }

  // ---- builders ------------------------------------------------------------------------------

  @Test
  void builders_negativeOrNullThreshold_rejected() {
    Duration negative = Duration.ofMillis(-1);
    List<Function<Duration, ?>> options =
        List.of(
            d -> GuardedValue.builder(0).longWaitThreshold(d),
            d -> ExclusiveValue.builder(0).longWaitThreshold(d),
            d -> SnapshotValue.builder(0).longWaitThreshold(d),
            d -> ShardedValue.builder(() -> 0).longWaitThreshold(d),
            d -> OrderedLock.builder().longWaitThreshold(d),
            d -> OrderedReadWriteLock.builder().longWaitThreshold(d),
            d -> LockOrder.builder().longWaitThreshold(d));
    for (Function<Duration, ?> option : options) {
      assertThrows(IllegalArgumentException.class, () -> option.apply(negative));
      assertThrows(NullPointerException.class, () -> option.apply(null));
    }
  }

  // ---- helpers -------------------------------------------------------------------------------

  private static void assertInKnownMethod(LockDiagnostics.LongWait report) {
    assertTrue(
        report.holderStack().stream()
            .anyMatch(
                frame ->
                    frame.getClassName().startsWith(Holder.class.getName())
                        && frame.getMethodName().equals("holdInsideKnownMethod")),
        "the holder's stack shows where it is: " + report.holderStack());
  }

  /** Holds {@code lock} on the holder's thread until the holder is closed. */
  private static void holdLocked(Lock lock, Holder holder) {
    lock.lock();
    try {
      holder.hold();
    } finally {
      lock.unlock();
    }
  }

  /** Skips a test of fast readers when the reader-biased path is off. */
  /**
   * The reader-cell table is process-wide: when another thread's read holds the cell the
   * reader's thread hashes to, the read takes the plain lock and is counted, not named. Then the
   * test has nothing to check (the fair tests cover unnamed readers).
   */
  private static void assumeFastRead(AtomicBoolean fast) {
    assumeTrue(fast.get(), "the reader's cell was taken by another thread's read");
  }

  private static void assumeReaderBias() {
    assumeFalse(
        "0".equals(System.getProperty("io.github.sharedstate.readerCells")), "reader bias off");
  }

  /** Takes and releases {@code lock}, waiting without interruption; returns true. */
  private static boolean lockAndUnlock(Lock lock) {
    lock.lock();
    try {
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Returns once a thread has waited three times {@link #SHORT} for another lock, whose wait began
   * after every wait the caller has started: by then those waits have lasted that long too.
   */
  private static void passThreeThresholds(String name) throws Exception {
    ExclusiveValue<int[]> clock =
        ExclusiveValue.builder(new int[1])
            .name(name)
            .longWaitThreshold(SHORT.multipliedBy(3))
            .build();
    try (Reports reports = new Reports(name);
        Holder holder = Holder.start(name + "-holder", h -> clock.modify(v -> h.hold()));
        Waiter<Integer> waiter = Waiter.start(name + "-waiter", () -> clock.with(v -> ++v[0]))) {
      assertTrue(reports.awaitFirst().waited().compareTo(SHORT.multipliedBy(3)) >= 0);
    }
  }

  private static List<String> messages(List<LogRecord> records) {
    return records.stream().map(r -> r.getLevel() + " " + r.getMessage()).toList();
  }

  /** Collects the long-wait reports about one lock while registered. */
  private static final class Reports implements LockDiagnostics.Listener, AutoCloseable {
    private final String lock;
    private final List<LockDiagnostics.LongWait> seen = new CopyOnWriteArrayList<>();

    Reports(String lock) {
      this.lock = lock;
      LockDiagnostics.addListener(this);
    }

    @Override
    public void longWait(LockDiagnostics.LongWait report) {
      if (report.lock().equals(lock)) {
        synchronized (this) {
          seen.add(report);
          notifyAll();
        }
      }
    }

    /** Waits (generously) until {@code n} reports came. */
    synchronized void awaitCount(int n) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (seen.size() < n) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError(
              "expected " + n + " long-wait reports for '" + lock + "', got " + seen);
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
    }

    LockDiagnostics.LongWait awaitFirst() throws InterruptedException {
      awaitCount(1);
      return seen.get(0);
    }

    int count() {
      return seen.size();
    }

    List<LockDiagnostics.LongWait> all() {
      return List.copyOf(seen);
    }

    @Override
    public void close() {
      LockDiagnostics.removeListener(this);
    }
  }

  /**
   * Holds a lock on its own thread, inside {@link #holdInsideKnownMethod}, until closed; {@link
   * #start} returns once it holds it.
   */
  private static final class Holder implements AutoCloseable {
    private final CountDownLatch held = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final Thread thread;

    private Holder(String name, Consumer<Holder> lockAndHold) {
      this.thread = new Thread(() -> lockAndHold.accept(this), name);
    }

    /** Starts a thread that takes a lock and calls {@link #hold} holding it. */
    static Holder start(String name, Consumer<Holder> lockAndHold) throws InterruptedException {
      Holder holder = new Holder(name, lockAndHold);
      holder.thread.start();
      assertTrue(holder.held.await(10, TimeUnit.SECONDS), name + " never took the lock");
      return holder;
    }

    void hold() {
      holdInsideKnownMethod();
    }

    /** The method the holder is in while it holds the lock, for the reports' stacks. */
    private void holdInsideKnownMethod() {
      held.countDown();
      boolean interrupted = false;
      while (true) {
        try {
          release.await();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }

    /** Lets the holder release its lock and waits for its thread to end; idempotent. */
    @Override
    public void close() throws InterruptedException {
      release.countDown();
      thread.join(10_000);
      assertFalse(thread.isAlive(), thread.getName() + " did not end");
    }
  }

  /**
   * Runs a task that waits for a lock on its own thread; {@link #start} returns once the thread
   * is parked (waiting for the lock).
   */
  private static final class Waiter<R> implements AutoCloseable {
    private final FutureTask<R> task;
    final Thread thread;

    private Waiter(String name, Callable<R> body) {
      this.task = new FutureTask<>(body);
      this.thread = new Thread(task, name);
    }

    static <R> Waiter<R> start(String name, Callable<R> body) {
      Waiter<R> waiter = new Waiter<>(name, body);
      waiter.thread.start();
      Await.parked(waiter.thread);
      return waiter;
    }

    R result() throws Exception {
      return task.get(10, TimeUnit.SECONDS);
    }

    Throwable failure() {
      ExecutionException failed =
          assertThrows(ExecutionException.class, () -> task.get(10, TimeUnit.SECONDS));
      return failed.getCause();
    }

    /**
     * Interrupts a waiter that a failed test left waiting; one that waits uninterruptibly ends
     * once the holders, closed next, let go.
     */
    @Override
    public void close() {
      if (!task.isDone()) {
        thread.interrupt();
      }
    }
  }
}
