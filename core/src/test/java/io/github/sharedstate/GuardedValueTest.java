package io.github.sharedstate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

final class GuardedValueTest {

  /** Two fields that a writer always changes together. */
  static final class Pair {
    long left;
    long right;
  }

  @Test
  void read_write_update_seeAndChangeTheValue() {
    GuardedValue<Map<String, Integer>> value = GuardedValue.of(new HashMap<>());
    value.write(m -> m.put("a", 1));
    assertEquals(1, (int) value.read(m -> m.get("a")));
    assertNull(value.read(m -> m.get("missing")));
    Map<String, Integer> replaced = value.update(m -> Map.of("b", 2));
    assertEquals(Map.of("b", 2), replaced);
    assertEquals(2, (int) value.read(m -> m.get("b")));
    LockStats stats = value.stats();
    assertEquals(3, stats.readAcquisitions());
    assertEquals(2, stats.writeAcquisitions());
    assertEquals(0, stats.contendedAcquisitions());
  }

  @Test
  void nullArguments_areRejectedByName() {
    GuardedValue<String> value = GuardedValue.of("x");
    assertThrows(NullPointerException.class, () -> GuardedValue.of(null));
    assertEquals("fn", assertThrows(NullPointerException.class, () -> value.read(null)).getMessage());
    assertEquals("fn", assertThrows(NullPointerException.class, () -> value.write(null)).getMessage());
    assertEquals("op", assertThrows(NullPointerException.class, () -> value.update(null)).getMessage());
    assertEquals(
        "repair", assertThrows(NullPointerException.class, () -> value.recover(null)).getMessage());
    assertEquals(
        "timeout",
        assertThrows(NullPointerException.class, () -> value.tryRead(null, s -> s)).getMessage());
    assertThrows(NullPointerException.class, () -> GuardedValue.builder("x").name(null));
    assertThrows(NullPointerException.class, () -> GuardedValue.builder("x").rank(null));
    assertThrows(
        IllegalArgumentException.class, () -> value.tryWrite(Duration.ofMillis(-1), s -> s));
    assertEquals(0, value.stats().acquisitions(), "rejected calls must not take the lock");
  }

  @Test
  void update_returningNull_keepsOldValueAndDoesNotPoison() {
    GuardedValue<String> value = GuardedValue.of("old");
    NullPointerException e = assertThrows(NullPointerException.class, () -> value.update(s -> null));
    assertTrue(e.getMessage().contains("op returned null"));
    assertEquals("old", value.read(s -> s));
    assertFalse(value.isPoisoned());
  }

  @Test
  void update_failing_keepsOldValueAndDoesNotPoison() {
    GuardedValue<String> value = GuardedValue.of("old");
    assertThrows(
        IllegalStateException.class,
        () ->
            value.update(
                s -> {
                  throw new IllegalStateException("boom");
                }));
    assertEquals("old", value.read(s -> s));
    assertFalse(value.isPoisoned());
    assertEquals(0, value.stats().poisonings());
  }

  @Test
  void write_failing_poisons_untilRecover() throws InterruptedException {
    GuardedValue<List<String>> value =
        GuardedValue.builder((List<String>) new ArrayList<String>()).name("items").build();
    RuntimeException failure = new RuntimeException("half done");
    Thread writer =
        new Thread(
            () ->
                assertSame(
                    failure,
                    assertThrows(
                        RuntimeException.class,
                        () ->
                            value.write(
                                list -> {
                                  list.add("partial");
                                  throw failure;
                                })),
                    "the writer's own exception reaches its caller"),
            "writer-thread");
    writer.start();
    writer.join();
    assertTrue(value.isPoisoned());

    PoisonedException onRead = assertThrows(PoisonedException.class, () -> value.read(List::size));
    assertSame(failure, onRead.getCause());
    assertEquals("items", onRead.valueName());
    assertEquals("writer-thread", onRead.failedThreadName());
    assertTrue(onRead.getMessage().contains("recover"));
    assertThrows(PoisonedException.class, () -> value.write(List::size));
    assertThrows(PoisonedException.class, () -> value.update(l -> l));
    assertThrows(PoisonedException.class, value::lockRead);
    assertThrows(PoisonedException.class, value::lockWrite);

    List<String> repaired = value.recover(list -> new ArrayList<>(List.of("clean")));
    assertFalse(value.isPoisoned());
    assertEquals(repaired, value.read(l -> l));
    assertEquals(1, value.stats().poisonings());
    assertDoesNotHoldAnyLock(value);
  }

  @Test
  void write_throwingError_poisonsToo() {
    GuardedValue<String> value = GuardedValue.of("v");
    assertThrows(
        StackOverflowError.class,
        () ->
            value.write(
                s -> {
                  throw new StackOverflowError("deep");
                }));
    assertInstanceOf(
        StackOverflowError.class,
        assertThrows(PoisonedException.class, () -> value.read(s -> s)).getCause());
    value.clearPoison();
    assertEquals("v", value.read(s -> s));
  }

  @Test
  void read_failing_neverPoisons() {
    GuardedValue<String> value = GuardedValue.of("v");
    assertThrows(
        ArithmeticException.class,
        () ->
            value.read(
                s -> {
                  throw new ArithmeticException();
                }));
    assertFalse(value.isPoisoned());
    assertDoesNotHoldAnyLock(value);
  }

  @Test
  void poisonOnFailureFalse_optsOut() {
    GuardedValue<String> value = GuardedValue.builder("v").poisonOnFailure(false).build();
    assertThrows(
        IllegalStateException.class,
        () ->
            value.write(
                s -> {
                  throw new IllegalStateException();
                }));
    assertFalse(value.isPoisoned());
    assertEquals("v", value.read(s -> s));
  }

  @Test
  void recover_failing_leavesPoisonInPlace() {
    GuardedValue<String> value = GuardedValue.of("v");
    assertThrows(
        RuntimeException.class,
        () ->
            value.write(
                s -> {
                  throw new RuntimeException("first");
                }));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            value.recover(
                s -> {
                  throw new IllegalArgumentException("repair failed");
                }));
    assertTrue(value.isPoisoned());
    assertThrows(NullPointerException.class, () -> value.recover(s -> null));
    assertTrue(value.isPoisoned());
    assertEquals("fixed", value.recover(s -> "fixed"));
    assertEquals("fixed", value.read(s -> s));
  }

  @Test
  void readThenWrite_onSameValue_isRejectedAtOnce() {
    GuardedValue<String> value = GuardedValue.builder("v").name("config").build();
    LockUpgradeException e =
        assertThrows(LockUpgradeException.class, () -> value.read(s -> value.write(t -> t)));
    assertTrue(e.getMessage().contains("config"));
    assertTrue(e.getMessage().contains("cannot be upgraded"));
    assertThrows(LockUpgradeException.class, () -> value.read(s -> value.update(t -> t)));
    assertThrows(LockUpgradeException.class, () -> value.read(s -> value.lockWrite()));
    assertFalse(value.isPoisoned(), "a reader's failure never poisons");
    assertDoesNotHoldAnyLock(value);
  }

  @Test
  void reentry_andDowngrade_work() {
    GuardedValue<String> value = GuardedValue.of("v");
    assertEquals("v", value.read(a -> value.read(b -> b)));
    assertEquals("v", value.write(a -> value.write(b -> b)));
    assertEquals("v", value.write(a -> value.read(b -> b)));
    assertEquals("w", value.write(a -> value.update(b -> "w")));
    assertDoesNotHoldAnyLock(value);
  }

  @Test
  void reentrantRead_whileAWriterWaits_doesNotQueueBehindIt() throws Exception {
    GuardedValue<String> value = GuardedValue.of("v");
    Thread writer = new Thread(() -> value.update(s -> s + "!"));
    try (ReadGuard<String> outer = value.lockRead()) {
      writer.start();
      Await.parked(writer); // waits for this thread's read to end
      assertEquals("v", value.read(s -> s), "re-entry must not wait for the writer");
      try (ReadGuard<String> inner = value.lockRead()) {
        assertEquals("v", inner.get());
      }
      assertThrows(LockUpgradeException.class, () -> value.write(s -> s));
      assertTrue(writer.isAlive(), "the outer read still holds the writer off");
    }
    writer.join(10_000);
    assertEquals("v!", value.read(s -> s));
    assertDoesNotHoldAnyLock(value);
  }

  @Test
  void readGuards_closedOutOfOrder_releaseEveryHold() throws Exception {
    GuardedValue<String> value = GuardedValue.of("v");
    ReadGuard<String> first = value.lockRead();
    ReadGuard<String> second = value.lockRead();
    ReadGuard<String> third = value.lockRead();
    first.close();
    third.close();
    assertThrows(LockUpgradeException.class, () -> value.write(s -> s), "one read is still held");
    second.close();
    assertEquals("w", value.tryUpdate(Duration.ZERO, s -> "w"));
    assertDoesNotHoldAnyLock(value);
  }

  @Test
  void reads_onManyThreads_areCountedExactly() throws Exception {
    GuardedValue<long[]> value = GuardedValue.of(new long[1]);
    runConcurrently(4, () -> {
      for (int i = 0; i < 10_000; i++) {
        value.read(v -> v[0]);
        if (i % 1_000 == 0) {
          value.modify(v -> v[0]++); // revokes the bias now and then
        }
      }
    });
    LockStats stats = value.stats();
    assertEquals(40_000, stats.readAcquisitions());
    assertEquals(40, stats.writeAcquisitions());
    assertEquals(40, (long) value.read(v -> v[0]));
  }

  @Test
  void guards_giveAccessAndReleaseOnClose() {
    GuardedValue<String> value = GuardedValue.of("a");
    try (WriteGuard<String> guard = value.lockWrite()) {
      assertEquals("a", guard.get());
      guard.set("b");
    }
    try (ReadGuard<String> guard = value.lockRead()) {
      assertEquals("b", guard.get());
    }
    assertDoesNotHoldAnyLock(value);
  }

  @Test
  void guard_misuse_failsLoudly() throws Exception {
    GuardedValue<String> value = GuardedValue.of("a");
    WriteGuard<String> guard = value.lockWrite();
    assertThrows(NullPointerException.class, () -> guard.set(null));
    AtomicReference<Throwable> onOtherThread = new AtomicReference<>();
    Thread other =
        new Thread(
            () -> {
              try {
                guard.close();
              } catch (Throwable t) {
                onOtherThread.set(t);
              }
            });
    other.start();
    other.join();
    assertInstanceOf(IllegalStateException.class, onOtherThread.get());
    assertTrue(onOtherThread.get().getMessage().contains("belongs to thread"));
    guard.close(); // still held by this thread after the failed foreign close
    assertThrows(IllegalStateException.class, guard::close);
    assertThrows(IllegalStateException.class, guard::get);
    assertThrows(IllegalStateException.class, () -> guard.set("c"));
    ReadGuard<String> readGuard = value.lockRead();
    assertThrows(IllegalStateException.class, () -> ((WriteGuard<String>) readGuard).set("x"));
    readGuard.close();
    assertDoesNotHoldAnyLock(value);
  }

  @Test
  void concurrentReads_reallyOverlap() throws Exception {
    GuardedValue<String> value = GuardedValue.of("shared");
    CountDownLatch bothInside = new CountDownLatch(2);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        results.add(
            pool.submit(
                () ->
                    value.read(
                        s -> {
                          bothInside.countDown();
                          // Only possible if the other reader is inside read() at the same time.
                          return await(bothInside);
                        })));
      }
      for (Future<Boolean> result : results) {
        assertTrue(result.get(10, TimeUnit.SECONDS), "readers did not overlap");
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void exclusiveWrites_loseNoUpdate() throws Exception {
    GuardedValue<long[]> counter = GuardedValue.of(new long[1]);
    int threads = 8;
    int increments = 10_000;
    runConcurrently(
        threads,
        () -> {
          for (int i = 0; i < increments; i++) {
            counter.write(c -> c[0]++);
          }
        });
    assertEquals((long) threads * increments, (long) counter.read(c -> c[0]));
    assertEquals((long) threads * increments, counter.stats().writeAcquisitions());
  }

  @Test
  void readers_neverSeeTornState() throws Exception {
    GuardedValue<Pair> pair = GuardedValue.of(new Pair());
    int rounds = 20_000;
    AtomicReference<String> torn = new AtomicReference<>();
    runConcurrently(
        4,
        new Runnable() {
          int next;

          @Override
          public void run() {
            boolean writer;
            synchronized (this) {
              writer = next++ == 0;
            }
            for (int i = 0; i < rounds; i++) {
              if (writer) {
                pair.write(
                    p -> {
                      p.left++;
                      p.right++;
                      return null;
                    });
              } else {
                pair.read(
                    p -> {
                      if (p.left != p.right) {
                        torn.set(p.left + " != " + p.right);
                      }
                      return null;
                    });
              }
            }
          }
        });
    assertNull(torn.get(), "a reader saw half of a write");
    assertEquals(rounds, (long) pair.read(p -> p.left));
  }

  @Test
  void tryWrite_underContention_timesOutAndCounts() throws Exception {
    GuardedValue<String> value = GuardedValue.builder("v").name("busy").build();
    try (LockHolder holder = LockHolder.holdingWrite(value)) {
      LockTimeoutException e =
          assertThrows(
              LockTimeoutException.class, () -> value.tryWrite(Duration.ofMillis(20), s -> s));
      assertEquals("busy", e.valueName());
      assertEquals(Duration.ofMillis(20), e.timeout());
      assertTrue(e.getMessage().contains("write lock of 'busy'"));
      assertThrows(LockTimeoutException.class, () -> value.tryRead(Duration.ZERO, s -> s));
      assertThrows(LockTimeoutException.class, () -> value.tryUpdate(Duration.ZERO, s -> s));
      assertThrows(LockTimeoutException.class, () -> value.tryLockRead(Duration.ZERO));
      assertThrows(LockTimeoutException.class, () -> value.tryLockWrite(Duration.ZERO));
    }
    LockStats stats = value.stats();
    assertEquals(5, stats.timeouts());
    assertTrue(stats.totalWait().compareTo(Duration.ofMillis(20)) >= 0);
    assertEquals("v", value.tryRead(Duration.ofSeconds(1), s -> s));
    assertEquals("w", value.tryUpdate(Duration.ofSeconds(1), s -> "w"));
    try (ReadGuard<String> guard = value.tryLockRead(Duration.ofSeconds(1))) {
      assertEquals("w", guard.get());
    }
    assertDoesNotHoldAnyLock(value);
  }

  @Test
  void contendedAcquisition_isCountedWithItsWait() throws Exception {
    GuardedValue<String> value = GuardedValue.of("v");
    AtomicReference<Thread> waiter = new AtomicReference<>();
    try (LockHolder holder = LockHolder.holdingWrite(value)) {
      Thread t = new Thread(() -> value.read(s -> s));
      waiter.set(t);
      t.start();
      Await.parked(t);
    }
    waiter.get().join(10_000);
    LockStats stats = value.stats();
    assertEquals(1, stats.contendedAcquisitions());
    assertTrue(stats.maxWait().toNanos() > 0);
    assertEquals(stats.maxWait(), stats.totalWait());
  }

  @Test
  void interruptibleForms_throwWhenInterruptedWhileWaiting_andHoldNothing() throws Exception {
    GuardedValue<String> value = GuardedValue.of("v");
    List<ThrowingCall> calls =
        List.of(
            () -> value.readInterruptibly(s -> s),
            () -> value.writeInterruptibly(s -> s),
            () -> value.updateInterruptibly(s -> s),
            () -> value.tryRead(Duration.ofMinutes(1), s -> s),
            () -> value.tryWrite(Duration.ofMinutes(1), s -> s),
            () -> value.tryUpdate(Duration.ofMinutes(1), s -> s),
            value::lockReadInterruptibly,
            value::lockWriteInterruptibly,
            () -> value.tryLockRead(Duration.ofMinutes(1)),
            () -> value.tryLockWrite(Duration.ofMinutes(1)));
    try (LockHolder holder = LockHolder.holdingWrite(value)) {
      assertEachInterruptedWhileWaiting(calls);
    }
    assertFalse(value.isPoisoned());
    assertDoesNotHoldAnyLock(value);
  }

  @Test
  void interruptibleForms_failFastWhenAlreadyInterrupted() {
    GuardedValue<String> value = GuardedValue.of("v");
    Thread.currentThread().interrupt();
    assertThrows(InterruptedException.class, () -> value.readInterruptibly(s -> s));
    assertFalse(Thread.interrupted(), "the flag is cleared, as Lock.lockInterruptibly does");
    assertEquals(0, value.stats().acquisitions());
  }

  @Test
  void uninterruptibleForms_keepTheInterruptFlag() {
    GuardedValue<String> value = GuardedValue.of("v");
    Thread.currentThread().interrupt();
    try {
      assertEquals("v", value.read(s -> s));
      assertEquals("v", value.write(s -> s));
      assertTrue(Thread.currentThread().isInterrupted());
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void newReader_doesNotBargePastAQueuedWriter() throws Exception {
    GuardedValue<String> value = GuardedValue.of("before");
    AtomicReference<String> seenByLateReader = new AtomicReference<>();
    Thread writer;
    Thread lateReader;
    try (LockHolder holder = LockHolder.holdingRead(value)) {
      writer = new Thread(() -> value.update(s -> "after"));
      writer.start();
      Await.parked(writer); // queued behind the reading holder
      lateReader = new Thread(() -> seenByLateReader.set(value.read(s -> s)));
      lateReader.start();
      Await.parked(lateReader); // must queue behind the writer, not barge in with the holder
    }
    writer.join(10_000);
    lateReader.join(10_000);
    assertEquals("after", seenByLateReader.get(), "the writer went first: no writer starvation");
  }

  @Test
  void fairValue_worksLikeAnyOther() throws Exception {
    GuardedValue<long[]> counter = GuardedValue.builder(new long[1]).fair(true).build();
    runConcurrently(4, () -> {
      for (int i = 0; i < 1_000; i++) {
        counter.write(c -> c[0]++);
        counter.read(c -> c[0]);
      }
    });
    assertEquals(4_000, (long) counter.read(c -> c[0]));
  }

  @Test
  void names_defaultAndExplicit() {
    assertTrue(GuardedValue.of(1).name().startsWith("GuardedValue@"));
    assertEquals("n", GuardedValue.builder(1).name("n").build().name());
    assertTrue(GuardedValue.of(1).rank().isEmpty());
    assertEquals("GuardedValue[n]", GuardedValue.builder(1).name("n").build().toString());
  }

  /**
   * Runs each call on its own thread, interrupts it once it is parked waiting for a lock (held by
   * the caller's {@link LockHolder}), and checks it ends with {@link InterruptedException}.
   */
  static void assertEachInterruptedWhileWaiting(List<ThrowingCall> calls) throws Exception {
    for (ThrowingCall call : calls) {
      AtomicReference<Throwable> outcome = new AtomicReference<>();
      Thread t =
          new Thread(
              () -> {
                try {
                  call.run();
                } catch (Throwable e) {
                  outcome.set(e);
                }
              });
      t.start();
      Await.parked(t);
      t.interrupt();
      t.join(10_000);
      assertInstanceOf(InterruptedException.class, outcome.get());
    }
  }

  /** A call that may throw checked exceptions. */
  interface ThrowingCall {
    void run() throws Exception;
  }

  static boolean await(CountDownLatch latch) {
    try {
      return latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Starts {@code threads} threads at one barrier, runs {@code task} on each, rethrows failures. */
  static void runConcurrently(int threads, Runnable task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CyclicBarrier start = new CyclicBarrier(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  task.run();
                  return null;
                }));
      }
      for (Future<?> future : futures) {
        future.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Proves no lock is held: another thread can take the write lock at once. */
  static void assertDoesNotHoldAnyLock(SharedValue value) {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread probe =
        new Thread(
            () -> {
              try {
                if (value instanceof GuardedValue) {
                  ((GuardedValue<?>) value).tryWrite(Duration.ZERO, v -> v);
                } else if (value instanceof SnapshotValue) {
                  ((SnapshotValue<?>) value).tryUpdate(Duration.ZERO, v -> v);
                } else {
                  ((ExclusiveValue<?>) value).tryWith(Duration.ZERO, v -> v);
                }
              } catch (PoisonedException expectedWhenPoisoned) {
                // the lock was acquired to find out; that is what this probe checks
              } catch (Throwable t) {
                failure.set(t);
              }
            });
    probe.start();
    try {
      probe.join(10_000);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
    assertNull(failure.get(), "a lock is still held");
  }

  // ---- modifyInterruptibly and tryModify ------------------------------------------------------

  /** One of the two new modify forms, as a call on a value. */
  interface ModifyForm {
    <T> void modify(GuardedValue<T> value, Consumer<? super T> action) throws Exception;
  }

  private static final List<ModifyForm> MODIFY_FORMS =
      List.of(
          new ModifyForm() {
            @Override
            public <T> void modify(GuardedValue<T> value, Consumer<? super T> action)
                throws InterruptedException {
              value.modifyInterruptibly(action);
            }
          },
          new ModifyForm() {
            @Override
            public <T> void modify(GuardedValue<T> value, Consumer<? super T> action)
                throws InterruptedException {
              value.tryModify(Duration.ofSeconds(10), action);
            }
          });

  @Test
  void modifyInterruptibly_and_tryModify_runTheActionUnderTheWriteLock() throws Exception {
    GuardedValue<Map<String, Integer>> value = GuardedValue.of(new HashMap<>());
    value.modifyInterruptibly(m -> m.put("a", 1));
    value.tryModify(Duration.ofSeconds(1), m -> m.put("b", 2));
    value.tryModify(Duration.ZERO, m -> m.merge("a", 10, Integer::sum));
    assertEquals(Map.of("a", 11, "b", 2), value.read(Map::copyOf));
    assertEquals(3, value.stats().writeAcquisitions());
    assertFalse(value.isPoisoned());
    assertDoesNotHoldAnyLock(value);
  }

  @Test
  void modifyForms_rejectNullsAndNegativeTimeouts_byName_beforeLocking() {
    GuardedValue<String> value = GuardedValue.of("x");
    assertEquals(
        "action",
        assertThrows(NullPointerException.class, () -> value.modifyInterruptibly(null))
            .getMessage());
    assertEquals(
        "action",
        assertThrows(NullPointerException.class, () -> value.tryModify(Duration.ZERO, null))
            .getMessage());
    assertEquals(
        "timeout",
        assertThrows(NullPointerException.class, () -> value.tryModify(null, s -> {}))
            .getMessage());
    IllegalArgumentException negative =
        assertThrows(
            IllegalArgumentException.class, () -> value.tryModify(Duration.ofNanos(-1), s -> {}));
    assertTrue(negative.getMessage().startsWith("timeout must not be negative"));
    assertEquals(0, value.stats().acquisitions(), "no call took a lock");
  }

  @Test
  void tryModify_underContention_timesOut_withoutRunningTheAction() throws Exception {
    GuardedValue<String> value = GuardedValue.builder("v").name("busy").build();
    AtomicBoolean ran = new AtomicBoolean();
    try (LockHolder holder = LockHolder.holdingRead(value)) {
      LockTimeoutException e =
          assertThrows(
              LockTimeoutException.class,
              () -> value.tryModify(Duration.ofMillis(5), s -> ran.set(true)));
      assertTrue(e.getMessage().contains("write lock of 'busy'"), e.getMessage());
      assertEquals("busy", e.valueName());
      assertEquals(Duration.ofMillis(5), e.timeout());
    }
    try (LockHolder holder = LockHolder.holdingWrite(value)) {
      assertThrows(
          LockTimeoutException.class, () -> value.tryModify(Duration.ZERO, s -> ran.set(true)));
    }
    assertFalse(ran.get());
    assertEquals(2, value.stats().timeouts());
    assertFalse(value.isPoisoned());
    assertDoesNotHoldAnyLock(value);
  }

  @Test
  void modifyForms_interruptedWhileWaiting_throwAndHoldNothing() throws Exception {
    GuardedValue<String> value = GuardedValue.of("v");
    try (LockHolder holder = LockHolder.holdingRead(value)) {
      assertEachInterruptedWhileWaiting(
          List.of(
              () -> value.modifyInterruptibly(s -> {}),
              () -> value.tryModify(Duration.ofMinutes(1), s -> {})));
    }
    assertFalse(value.isPoisoned());
    assertDoesNotHoldAnyLock(value);
  }

  @Test
  void modifyForms_interruptedBeforeTheCall_failFast_andClearTheFlag() throws Exception {
    GuardedValue<String> value = GuardedValue.of("v");
    AtomicBoolean ran = new AtomicBoolean();
    for (ModifyForm form : MODIFY_FORMS) {
      Thread.currentThread().interrupt();
      assertThrows(InterruptedException.class, () -> form.modify(value, s -> ran.set(true)));
      assertFalse(Thread.interrupted(), "the flag is cleared, as Lock.lockInterruptibly does");
    }
    assertFalse(ran.get());
    assertEquals(0, value.stats().acquisitions());
  }

  @Test
  void modifyForms_failingAction_poisons_andReleasesTheWriteLock() throws Exception {
    for (ModifyForm form : MODIFY_FORMS) {
      GuardedValue<List<String>> value = GuardedValue.of(new ArrayList<>());
      UnsupportedOperationException failure = new UnsupportedOperationException("mid-modify");
      assertSame(
          failure,
          assertThrows(
              UnsupportedOperationException.class,
              () ->
                  form.modify(
                      value,
                      l -> {
                        l.add("half");
                        throw failure;
                      })));
      assertTrue(value.isPoisoned());
      PoisonedException poisoned =
          assertThrows(PoisonedException.class, () -> form.modify(value, l -> {}));
      assertSame(failure, poisoned.getCause());
      assertEquals(1, value.stats().poisonings());
      assertDoesNotHoldAnyLock(value);
      assertEquals(List.of("half"), value.recover(l -> l));
    }
  }

  @Test
  void modifyForms_fromTheReadLock_areUpgrades_andFailAtOnce() {
    GuardedValue<String> value = GuardedValue.of("v");
    for (ModifyForm form : MODIFY_FORMS) {
      try (ReadGuard<String> read = value.lockRead()) {
        assertThrows(LockUpgradeException.class, () -> form.modify(value, s -> {}));
      }
    }
    assertDoesNotHoldAnyLock(value);
  }

  @Test
  void modifyForms_outOfOrder_throwBeforeWaiting_andRunNothing() throws Exception {
    LockOrder order = LockOrder.builder().name("app").rank("first").rank("second").build();
    GuardedValue<String> first = GuardedValue.of("a", order.rank("first"));
    GuardedValue<String> second = GuardedValue.of("b", order.rank("second"));
    AtomicBoolean ran = new AtomicBoolean();
    for (ModifyForm form : MODIFY_FORMS) {
      LockOrderViolationException e;
      try (ReadGuard<String> held = second.lockRead()) {
        e =
            assertThrows(
                LockOrderViolationException.class, () -> form.modify(first, s -> ran.set(true)));
      }
      assertEquals("first", e.requestedLock());
      assertEquals("second", e.heldLock());
    }
    assertFalse(ran.get());
    assertEquals(2, first.stats().violations());
    assertEquals(0, first.stats().acquisitions());
    assertDoesNotHoldAnyLock(first);
    assertDoesNotHoldAnyLock(second);
  }
}
