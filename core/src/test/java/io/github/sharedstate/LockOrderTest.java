package io.github.sharedstate;

import static io.github.sharedstate.GuardedValueTest.assertDoesNotHoldAnyLock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.logging.LogRecord;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;

final class LockOrderTest {
  enum Locks {
    AGENT_REGISTRY,
    TASK_QUEUE,
    METRICS
  }

  private final LockOrder order = LockOrder.of(Locks.class);
  private final GuardedValue<String> agents = GuardedValue.of("agents", order.rank(Locks.AGENT_REGISTRY));
  private final ExclusiveValue<String> queue = ExclusiveValue.of("queue", order.rank(Locks.TASK_QUEUE));
  private final GuardedValue<String> metrics = GuardedValue.of("metrics", order.rank(Locks.METRICS));

  @Test
  void inOrder_nesting_isAllowed() {
    assertEquals("metrics", agents.write(a -> queue.with(q -> metrics.read(m -> m))));
    assertTrue(order.heldByCurrentThread().isEmpty());
  }

  @Test
  void twoLockInversion_throwsBeforeWaiting_withAFullMessage() {
    String name = Thread.currentThread().getName();
    Thread.currentThread().setName("handler-1");
    LockOrderViolationException e;
    try {
      e = assertThrows(LockOrderViolationException.class, () -> queue.with(q -> agents.read(a -> a)));
    } finally {
      Thread.currentThread().setName(name);
    }
    String message = e.getMessage();
    assertTrue(message.contains("'AGENT_REGISTRY' (rank 0"), message);
    assertTrue(message.contains("'TASK_QUEUE' (rank 1"), message);
    assertTrue(message.contains("handler-1"), message);
    assertTrue(message.contains("AGENT_REGISTRY < TASK_QUEUE < METRICS"), message);
    assertEquals("AGENT_REGISTRY", e.requestedLock());
    assertEquals("TASK_QUEUE", e.heldLock());
    assertNull(e.getCause(), "no acquisition sites are captured by default");
    assertEquals(1, agents.stats().violations());
    assertEquals(0, agents.stats().acquisitions(), "the out-of-order lock is never taken");
    assertTrue(order.heldByCurrentThread().isEmpty());
  }

  @Test
  void violation_inEnclosingWriter_poisonsIt_likeAnyFailure() {
    assertThrows(LockOrderViolationException.class, () -> queue.with(q -> agents.read(a -> a)));
    assertTrue(queue.isPoisoned(), "one rule for every exception");
    queue.clearPoison();
    assertThrows(LockOrderViolationException.class, () -> metrics.read(m -> agents.read(a -> a)));
    assertFalse(metrics.isPoisoned(), "readers never poison");
  }

  @Test
  void threeLockTransitive_holdingHighest_rejectsLowest() {
    assertThrows(
        LockOrderViolationException.class,
        () -> metrics.write(m -> agents.read(a -> a)));
    assertTrue(metrics.isPoisoned());
    metrics.clearPoison();
    assertThrows(
        LockOrderViolationException.class,
        () -> agents.read(a -> metrics.read(m -> queue.with(q -> q))));
    assertTrue(order.heldByCurrentThread().isEmpty());
    assertDoesNotHoldAnyLock(agents);
    assertDoesNotHoldAnyLock(metrics);
  }

  @Test
  void reentry_downgrade_allowed_upgradeRejected() {
    assertEquals("agents", agents.write(a -> queue.with(q -> agents.read(x -> x))));
    assertEquals("queue", queue.with(q -> queue.with(x -> x)));
    assertEquals("agents", agents.write(a -> agents.read(x -> x)));
    assertThrows(LockUpgradeException.class, () -> agents.read(a -> agents.write(x -> x)));
    assertTrue(order.heldByCurrentThread().isEmpty());
  }

  @Test
  void sameRank_nestedOneByOne_isRejected() {
    LockOrder accounts = LockOrder.builder().rank("account").build();
    ExclusiveValue<long[]> a = ExclusiveValue.builder(new long[] {100}).name("a").rank(accounts.rank("account")).build();
    ExclusiveValue<long[]> b = ExclusiveValue.builder(new long[] {100}).name("b").rank(accounts.rank("account")).build();
    LockOrderViolationException e =
        assertThrows(LockOrderViolationException.class, () -> a.with(x -> b.with(y -> y)));
    assertTrue(e.getMessage().contains("withAll"));
  }

  @Test
  void withAll_inBothArgumentOrders_neverDeadlocks_andConserves() throws Exception {
    LockOrder accounts = LockOrder.builder().name("bank").rank("account").build();
    ExclusiveValue<long[]> a = ExclusiveValue.builder(new long[] {1_000}).name("a").rank(accounts.rank("account")).build();
    GuardedValue<long[]> b = GuardedValue.builder(new long[] {1_000}).name("b").rank(accounts.rank("account")).build();
    CyclicBarrier start = new CyclicBarrier(2);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      boolean forward = t == 0;
      Thread thread =
          new Thread(
              () -> {
                try {
                  start.await();
                } catch (Exception e) {
                  throw new AssertionError(e);
                }
                for (int i = 0; i < 10_000; i++) {
                  List<SharedValue> pair = forward ? List.of(a, b) : List.of(b, a);
                  accounts.withAll(
                      pair,
                      () -> {
                        long[] from = forward ? a.with(x -> x) : b.write(x -> x);
                        long[] to = forward ? b.write(x -> x) : a.with(x -> x);
                        from[0]--;
                        to[0]++;
                        return null;
                      });
                }
              });
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join(60_000);
      assertFalse(thread.isAlive(), "withAll deadlocked");
    }
    assertEquals(2_000L, a.with(x -> x[0]) + b.read(x -> x[0]));
    assertTrue(accounts.heldByCurrentThread().isEmpty());
  }

  @Test
  void withAll_rejectsBadInput_andPoisonsAllOnFailure() {
    LockOrder accounts = LockOrder.builder().rank("account").rank("audit").build();
    ExclusiveValue<Integer> a = ExclusiveValue.builder(1).name("a").rank(accounts.rank("account")).build();
    ExclusiveValue<Integer> b = ExclusiveValue.builder(2).name("b").rank(accounts.rank("account")).build();
    ExclusiveValue<Integer> audit = ExclusiveValue.of(3, accounts.rank("audit"));
    assertThrows(IllegalArgumentException.class, () -> accounts.withAll(List.of(), () -> 1));
    assertThrows(IllegalArgumentException.class, () -> accounts.withAll(List.of(a, a), () -> 1));
    assertThrows(
        IllegalArgumentException.class, () -> accounts.withAll(List.of(a, queue), () -> 1));
    assertThrows(
        IllegalArgumentException.class,
        () -> accounts.withAll(List.of(a, ExclusiveValue.of(1)), () -> 1));
    assertThrows(NullPointerException.class, () -> accounts.withAll(List.of(a), null));
    assertThrows(
        LockOrderViolationException.class,
        () -> audit.with(x -> accounts.withAll(List.of(a, b), () -> 1)));
    audit.clearPoison();

    IllegalStateException failure = new IllegalStateException("transfer failed");
    assertThrows(
        IllegalStateException.class,
        () ->
            accounts.withAll(
                List.of(b, a),
                () -> {
                  throw failure;
                }));
    assertTrue(a.isPoisoned() && b.isPoisoned());
    assertThrows(PoisonedException.class, () -> accounts.withAll(List.of(a, b), () -> 1));
    a.clearPoison();
    b.clearPoison();
    assertEquals(3, (int) accounts.withAll(List.of(b, a), () -> a.with(x -> x) + b.with(y -> y)));
    assertEquals(4, (int) accounts.withAll(List.of(a, b), () -> audit.with(x -> x + 1)));
    assertTrue(accounts.heldByCurrentThread().isEmpty());
    assertDoesNotHoldAnyLock(a);
    assertDoesNotHoldAnyLock(b);
  }

  @Test
  void heldByCurrentThread_reportsNamesRanksAndAccess() {
    List<LockOrder.HeldLock> seen =
        agents.write(a -> queue.with(q -> metrics.read(m -> order.heldByCurrentThread())));
    assertEquals(
        List.of(
            new LockOrder.HeldLock("AGENT_REGISTRY", "AGENT_REGISTRY", 0, true),
            new LockOrder.HeldLock("TASK_QUEUE", "TASK_QUEUE", 1, true),
            new LockOrder.HeldLock("METRICS", "METRICS", 2, false)),
        seen);
  }

  @Test
  void warnPolicy_logsOncePerPair_countsAndContinues() {
    LockOrder warn = LockOrder.builder(Locks.class).name("warned").policy(LockOrder.Policy.WARN).build();
    GuardedValue<Integer> low = GuardedValue.of(1, warn.rank(Locks.AGENT_REGISTRY));
    GuardedValue<Integer> high = GuardedValue.of(2, warn.rank(Locks.METRICS));
    List<LogRecord> records;
    try (LogCapture log = new LogCapture("io.github.sharedstate.LockOrder")) {
      for (int i = 0; i < 3; i++) {
        assertEquals(1, (int) high.read(h -> low.read(l -> l)));
      }
      records = log.records();
    }
    assertEquals(1, records.size(), "one log line per distinct pair");
    assertTrue(records.get(0).getMessage().contains("lock order violation in 'warned'"));
    assertEquals(3, low.stats().violations());
    assertTrue(warn.heldByCurrentThread().isEmpty());
  }

  @Test
  void offPolicy_tracksNothing() {
    LockOrder off = LockOrder.builder(Locks.class).policy(LockOrder.Policy.OFF).build();
    GuardedValue<Integer> low = GuardedValue.of(1, off.rank(Locks.AGENT_REGISTRY));
    GuardedValue<Integer> high = GuardedValue.of(2, off.rank(Locks.METRICS));
    assertEquals(1, (int) high.read(h -> low.read(l -> l)));
    assertEquals(0, low.stats().violations());
    assertTrue(high.read(h -> off.heldByCurrentThread()).isEmpty());
  }

  @Test
  void twoOrders_areIndependent_nestingAcrossThemIsNotChecked() {
    LockOrder other = LockOrder.of(Locks.class);
    GuardedValue<Integer> otherLow = GuardedValue.of(1, other.rank(Locks.AGENT_REGISTRY));
    assertEquals(1, (int) metrics.read(m -> otherLow.read(o -> o)));
    assertEquals(
        List.of(new LockOrder.HeldLock("AGENT_REGISTRY", "AGENT_REGISTRY", 0, false)),
        metrics.read(m -> otherLow.read(o -> other.heldByCurrentThread())));
    assertEquals(1, metrics.read(m -> otherLow.read(o -> order.heldByCurrentThread())).size());
  }

  @Test
  void interleavedOrders_eachChecksOnlyItsOwnHeldLocks() {
    LockOrder other = LockOrder.of(Locks.class);
    GuardedValue<Integer> otherLow = GuardedValue.of(1, other.rank(Locks.AGENT_REGISTRY));
    GuardedValue<Integer> otherHigh = GuardedValue.of(3, other.rank(Locks.METRICS));
    LockOrderViolationException inOrder =
        assertThrows(
            LockOrderViolationException.class,
            () -> metrics.read(m -> otherLow.read(o -> queue.with(q -> q))));
    assertEquals("METRICS", inOrder.heldLock(), "the conflict is in order's own entries");
    LockOrderViolationException inOther =
        assertThrows(
            LockOrderViolationException.class,
            () -> otherHigh.read(h -> agents.read(a -> otherLow.read(o -> o))));
    assertEquals("METRICS", inOther.heldLock());
    assertEquals("AGENT_REGISTRY", inOther.requestedLock());
    assertTrue(order.heldByCurrentThread().isEmpty());
    assertTrue(other.heldByCurrentThread().isEmpty());
  }

  @Test
  void aThreadKeepsNoOrderItIsDoneWith() {
    // The held-lock record keeps the lock a thread released last at each depth, so a second
    // order used afterwards is what lets the first one go.
    WeakReference<LockOrder> first = useShortLivedOrder();
    useShortLivedOrder();
    for (int i = 0; i < 100 && first.get() != null; i++) {
      System.gc();
    }
    assertNull(first.get(), "the thread still keeps an order it no longer uses");
  }

  /** Nests two values of a new order on this thread and forgets both. */
  private static WeakReference<LockOrder> useShortLivedOrder() {
    LockOrder shortLived = LockOrder.of(Locks.class);
    ExclusiveValue<int[]> low = ExclusiveValue.of(new int[1], shortLived.rank(Locks.TASK_QUEUE));
    ExclusiveValue<int[]> high = ExclusiveValue.of(new int[1], shortLived.rank(Locks.METRICS));
    low.modify(l -> high.modify(h -> h[0]++));
    return new WeakReference<>(shortLived);
  }

  @Test
  void timedAndGuardForms_followTheSameRules() throws Exception {
    try (WriteGuard<String> q = queue.lock()) {
      assertThrows(LockOrderViolationException.class, agents::lockRead);
      assertThrows(LockOrderViolationException.class, () -> agents.tryLockWrite(Duration.ZERO));
      assertThrows(LockOrderViolationException.class, () -> agents.tryRead(Duration.ZERO, a -> a));
      assertThrows(LockOrderViolationException.class, () -> agents.readInterruptibly(a -> a));
      assertEquals("metrics", metrics.tryRead(Duration.ofSeconds(1), m -> m));
    }
    assertTrue(order.heldByCurrentThread().isEmpty());
  }

  @Test
  void guardsClosedOutOfNestingOrder_keepTheRecordRight() {
    ReadGuard<String> a = agents.lockRead();
    WriteGuard<String> q = queue.lock();
    a.close(); // out of order
    assertEquals(
        List.of(new LockOrder.HeldLock("TASK_QUEUE", "TASK_QUEUE", 1, true)),
        order.heldByCurrentThread());
    assertThrows(LockOrderViolationException.class, agents::lockRead);
    q.close();
    assertTrue(order.heldByCurrentThread().isEmpty());
    assertEquals("agents", agents.read(x -> x));
  }

  @Test
  void failedWaits_leaveNoEntryInTheRecord() throws Exception {
    try (LockHolder holder = LockHolder.holding(queue)) {
      try (ReadGuard<String> a = agents.lockRead()) {
        assertThrows(LockTimeoutException.class, () -> queue.tryWith(Duration.ofMillis(1), q -> q));
        assertEquals(1, order.heldByCurrentThread().size());
      }
      Thread.currentThread().interrupt();
      assertThrows(InterruptedException.class, () -> queue.withInterruptibly(q -> q));
    }
    assertTrue(order.heldByCurrentThread().isEmpty());
    // A stale entry for the queue would make this in-order acquisition a violation.
    assertEquals("agents", agents.read(a -> a));
  }

  @Test
  void anotherThread_isCheckedAgainstItsOwnHeldLocksOnly() throws Exception {
    agents.modify(a -> {}); // this thread has taken agents before
    try (WriteGuard<String> q = queue.lock()) {
      // Another thread that holds nothing may take agents; with this thread's record it would
      // seem to hold the queue and be rejected.
      FutureTask<String> other = new FutureTask<>(() -> agents.read(a -> a));
      new Thread(other, "other").start();
      assertEquals("agents", other.get(10, TimeUnit.SECONDS));
      // This thread, which holds the queue, is still rejected after the other one took agents.
      assertThrows(LockOrderViolationException.class, () -> agents.read(a -> a));
    }
  }

  @Test
  void deepNesting_growsTheRecordAndKeepsItRight() {
    for (boolean sites : new boolean[] {false, true}) {
      LockOrder.Builder builder = LockOrder.builder().captureAcquisitionSites(sites);
      for (int i = 0; i < 6; i++) {
        builder.rank("level" + i);
      }
      LockOrder deep = builder.build();
      List<ExclusiveValue<Integer>> values = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        values.add(ExclusiveValue.builder(i).name("v" + i).rank(deep.rank("level" + i)).build());
      }
      List<WriteGuard<Integer>> guards = new ArrayList<>();
      for (ExclusiveValue<Integer> value : values) {
        guards.add(value.lock());
      }
      List<LockOrder.HeldLock> held = deep.heldByCurrentThread();
      assertEquals(6, held.size());
      assertEquals("level5", held.get(5).rankName());
      ExclusiveValue<Integer> sameRank = ExclusiveValue.of(2, deep.rank("level2"));
      LockOrderViolationException e =
          assertThrows(LockOrderViolationException.class, () -> sameRank.with(v -> v));
      assertEquals("v2", e.heldLock()); // the first held lock that forbids it
      assertEquals(sites, e.getCause() != null);
      for (int i = guards.size() - 1; i >= 0; i--) {
        guards.get(i).close();
      }
      assertTrue(deep.heldByCurrentThread().isEmpty());
    }
  }

  @Test
  void guardsClosedOutOfOrder_keepEachAcquisitionSiteWithItsLock() {
    LockOrder debug = LockOrder.builder(Locks.class).captureAcquisitionSites(true).build();
    ExclusiveValue<String> low = ExclusiveValue.of("low", debug.rank(Locks.AGENT_REGISTRY));
    ExclusiveValue<String> middle = ExclusiveValue.of("middle", debug.rank(Locks.TASK_QUEUE));
    ExclusiveValue<String> high = ExclusiveValue.of("high", debug.rank(Locks.METRICS));
    WriteGuard<String> l = low.lock();
    WriteGuard<String> m = lockMiddle(middle);
    WriteGuard<String> h = high.lock();
    l.close(); // out of order: the entries above it move down, with their sites
    LockOrderViolationException e = assertThrows(LockOrderViolationException.class, low::lock);
    assertEquals("TASK_QUEUE", e.heldLock());
    Throwable site = e.getCause();
    assertNotNull(site);
    assertTrue(
        Arrays.stream(site.getStackTrace())
            .anyMatch(frame -> frame.getMethodName().equals("lockMiddle")),
        "the cause should show where the middle lock was taken");
    h.close();
    m.close();
    assertTrue(debug.heldByCurrentThread().isEmpty());
  }

  private static WriteGuard<String> lockMiddle(ExclusiveValue<String> middle) {
    return middle.lock();
  }

  @Test
  void captureAcquisitionSites_putsTheHeldLocksSiteInTheCause() {
    LockOrder debug = LockOrder.builder(Locks.class).captureAcquisitionSites(true).build();
    GuardedValue<Integer> low = GuardedValue.of(1, debug.rank(Locks.AGENT_REGISTRY));
    GuardedValue<Integer> high = GuardedValue.of(2, debug.rank(Locks.METRICS));
    LockOrderViolationException e =
        assertThrows(LockOrderViolationException.class, () -> high.read(h -> low.read(l -> l)));
    assertNotNull(e.getCause());
    assertTrue(e.getMessage().contains("The cause shows where"));
  }

  @Test
  void builderAndLookup_rejectBadInput() {
    assertTrue(LockOrder.builder().build().ranks().isEmpty(), "no ranks: a learned order");
    assertThrows(IllegalArgumentException.class, () -> LockOrder.builder().rank("a").rank("a"));
    assertThrows(IllegalArgumentException.class, () -> LockOrder.builder().rank(" "));
    assertThrows(NullPointerException.class, () -> LockOrder.builder().rank(null));
    assertThrows(NullPointerException.class, () -> LockOrder.builder().policy(null));
    assertThrows(NullPointerException.class, () -> LockOrder.of(null));
    IllegalArgumentException unknown =
        assertThrows(IllegalArgumentException.class, () -> order.rank("nope"));
    assertTrue(unknown.getMessage().contains("AGENT_REGISTRY < TASK_QUEUE < METRICS"));
    assertThrows(IllegalArgumentException.class, () -> order.rank(Thread.State.NEW));
    assertEquals("AGENT_REGISTRY < TASK_QUEUE < METRICS", order.describe());
    assertEquals(3, order.ranks().size());
    assertEquals(1, order.rank(Locks.TASK_QUEUE).level());
    assertEquals("Locks", order.name());
    assertEquals(LockOrder.Policy.THROW, order.policy());
    assertEquals(order.rank(Locks.METRICS), metrics.rank().orElseThrow());
  }

  @Test
  void violationsAndLongWaits_areFlightRecorderEvents() throws Exception {
    Path file = Files.createTempFile("sharedstate", ".jfr");
    try (Recording recording = new Recording()) {
      recording.enable("io.github.sharedstate.LockOrderViolation");
      recording.enable("io.github.sharedstate.ContendedAcquisition").withThreshold(Duration.ZERO);
      recording.start();
      assertThrows(LockOrderViolationException.class, () -> queue.with(q -> agents.read(a -> a)));
      queue.clearPoison();
      Thread waiter;
      try (LockHolder holder = LockHolder.holdingWrite(metrics)) {
        waiter = new Thread(() -> metrics.read(m -> m));
        waiter.start();
        Await.parked(waiter);
      }
      waiter.join(10_000);
      recording.stop();
      recording.dump(file);
    }
    List<RecordedEvent> events = RecordingFile.readAllEvents(file);
    Files.delete(file);
    RecordedEvent violation =
        events.stream()
            .filter(e -> e.getEventType().getName().equals("io.github.sharedstate.LockOrderViolation"))
            .findFirst()
            .orElseThrow();
    assertEquals("AGENT_REGISTRY", violation.getString("requested"));
    assertEquals("TASK_QUEUE", violation.getString("held"));
    assertTrue(violation.getBoolean("thrown"));
    RecordedEvent contended =
        events.stream()
            .filter(e -> e.getEventType().getName().equals("io.github.sharedstate.ContendedAcquisition"))
            .findFirst()
            .orElseThrow();
    assertEquals("METRICS", contended.getString("lock"));
    assertInstanceOf(Boolean.class, contended.getValue("acquired"));
    assertTrue(contended.getDuration().toNanos() > 0, "the event spans the wait");
  }
}
