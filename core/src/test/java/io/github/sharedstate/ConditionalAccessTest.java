package io.github.sharedstate;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sharedstate.example.AppState;
import io.github.sharedstate.example.AppState.Task;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Conditional access: withWhen, writeWhen, readWhen and their timed and interruptible forms. */
final class ConditionalAccessTest {
  private static final Duration LONG = Duration.ofSeconds(30);

  /** Runs {@code call} on a new thread, started at once. */
  private static <V> FutureTask<V> background(Callable<V> call) {
    FutureTask<V> task = new FutureTask<>(call);
    new Thread(task, "waiter").start();
    return task;
  }

  /** A call running on its own thread, waiting for a predicate. */
  private static final class Waiter<V> {
    final FutureTask<V> task;
    final Thread thread;

    Waiter(Callable<V> call) {
      this.task = new FutureTask<>(call);
      this.thread = new Thread(task, "waiter");
    }

    V get() throws Exception {
      return task.get(10, SECONDS);
    }

    Throwable failure() {
      return assertThrows(ExecutionException.class, this::get).getCause();
    }

    boolean isDone() {
      return task.isDone();
    }
  }

  /** Starts {@code call} on a new thread and returns once that thread waits for its predicate. */
  private static <V> Waiter<V> waiting(Callable<V> call, SharedValue value) {
    long before = value.stats().conditionWaits();
    Waiter<V> waiter = new Waiter<>(call);
    waiter.thread.start();
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (value.stats().conditionWaits() == before) {
      assertTrue(System.nanoTime() < deadline, "the waiter never started waiting");
      Thread.onSpinWait();
    }
    Await.parked(waiter.thread); // the next park after counting the wait is the wait itself
    return waiter;
  }

  private static ExclusiveValue<Deque<Integer>> queue() {
    return ExclusiveValue.builder((Deque<Integer>) new ArrayDeque<Integer>()).name("q").build();
  }

  /** The lock of {@code value} is free: another thread takes it at once. */
  private static void assertFree(ExclusiveValue<?> value) throws Exception {
    assertTrue(background(() -> value.tryWith(Duration.ZERO, v -> true)).get(10, SECONDS));
  }

  private static void assertFree(GuardedValue<?> value) throws Exception {
    assertTrue(background(() -> value.tryWrite(Duration.ZERO, v -> true)).get(10, SECONDS));
  }

  // ---- the seed's task queue -----------------------------------------------------------------

  @Test
  void producerConsumer_eightProducersFourConsumers_onTheSeedTaskQueue_nothingLostOrDuplicated()
      throws Exception {
    AppState app = new AppState();
    app.state().get(AppState.PROJECTS).create("p");
    int producers = 8;
    int consumers = 4;
    int perProducer = 2_000;
    int perConsumer = producers * perProducer / consumers;
    List<FutureTask<List<Long>>> tasks = new ArrayList<>();
    CountDownLatch start = new CountDownLatch(1);
    for (int c = 0; c < consumers; c++) {
      tasks.add(
          background(
              () -> {
                start.await();
                List<Long> ids = new ArrayList<>();
                for (int i = 0; i < perConsumer; i++) {
                  ids.add(app.dequeueTask(LONG).orElseThrow().id()); // blocks until a task comes
                }
                return ids;
              }));
    }
    for (int p = 0; p < producers; p++) {
      tasks.add(
          background(
              () -> {
                start.await();
                for (int i = 0; i < perProducer; i++) {
                  app.createTask("p", "t" + i);
                }
                return List.of();
              }));
    }
    start.countDown();
    Set<Long> seen = new HashSet<>();
    int taken = 0;
    for (FutureTask<List<Long>> task : tasks) {
      List<Long> ids = task.get(50, SECONDS);
      taken += ids.size();
      seen.addAll(ids);
    }
    assertEquals(producers * perProducer, taken);
    assertEquals(producers * perProducer, seen.size(), "a task was taken twice");
    assertEquals(Optional.empty(), app.dequeueTask(Duration.ZERO), "a task was left behind");
    AppState.Metrics metrics = app.state().get(AppState.METRICS).read(m -> m);
    assertEquals((long) producers * perProducer, metrics.tasksDequeued());
    assertFalse(app.state().get(AppState.TASK_QUEUE).isPoisoned());
  }

  // ---- plain behaviour -----------------------------------------------------------------------

  @Test
  void withWhen_predicateAlreadyTrue_runsAtOnceAndCountsNoConditionWait() {
    ExclusiveValue<Deque<Integer>> q = queue();
    q.modify(d -> d.add(7));
    assertEquals(7, (int) q.withWhen(d -> !d.isEmpty(), Deque::poll));
    assertEquals(0, q.stats().conditionWaits());
    assertEquals(Duration.ZERO, q.stats().conditionWaitTime());
  }

  @Test
  void withWhen_waitsForAWriter_thenRunsWithThePredicateTrue() throws Exception {
    ExclusiveValue<Deque<Integer>> q = queue();
    Waiter<Integer> waiter = waiting(() -> q.withWhen(d -> !d.isEmpty(), Deque::poll), q);
    q.modify(d -> d.add(42));
    assertEquals(42, waiter.get());
    LockStats stats = q.stats();
    assertEquals(1, stats.conditionWaits());
    assertTrue(stats.conditionWaitTime().compareTo(Duration.ZERO) > 0);
    assertEquals(0, (int) q.with(Deque::size));
  }

  @Test
  void withWhen_writerThatLeavesThePredicateFalse_waiterKeepsWaiting() throws Exception {
    ExclusiveValue<Deque<Integer>> q = queue();
    Waiter<Integer> waiter = waiting(() -> q.withWhen(d -> d.size() >= 2, Deque::size), q);
    q.modify(d -> d.add(1));
    q.with(Deque::size); // a second release: the waiter has tested the predicate at least once
    assertFalse(waiter.isDone());
    q.modify(d -> d.add(2));
    assertEquals(2, waiter.get());
    assertEquals(1, q.stats().conditionWaits(), "one call, one conditional wait");
  }

  // ---- bad input -----------------------------------------------------------------------------

  @Test
  void nullAndNegativeArguments_throwAtTheBoundary_andLeaveTheLockFree() throws Exception {
    ExclusiveValue<Deque<Integer>> q = queue();
    GuardedValue<Map<String, Integer>> g = GuardedValue.of(new HashMap<>());
    List<Executable> calls =
        List.of(
            () -> q.withWhen(null, d -> d),
            () -> q.withWhen(d -> true, null),
            () -> q.withWhenInterruptibly(null, d -> d),
            () -> q.withWhenInterruptibly(d -> true, null),
            () -> q.tryWithWhen(null, d -> true, d -> d),
            () -> q.tryWithWhen(LONG, null, d -> d),
            () -> q.tryWithWhen(LONG, d -> true, null),
            () -> g.writeWhen(null, m -> m),
            () -> g.writeWhen(m -> true, null),
            () -> g.writeWhenInterruptibly(null, m -> m),
            () -> g.writeWhenInterruptibly(m -> true, null),
            () -> g.tryWriteWhen(null, m -> true, m -> m),
            () -> g.tryWriteWhen(LONG, null, m -> m),
            () -> g.tryWriteWhen(LONG, m -> true, null),
            () -> g.readWhen(null, m -> m),
            () -> g.readWhen(m -> true, null),
            () -> g.readWhenInterruptibly(null, m -> m),
            () -> g.readWhenInterruptibly(m -> true, null),
            () -> g.tryReadWhen(null, m -> true, m -> m),
            () -> g.tryReadWhen(LONG, null, m -> m),
            () -> g.tryReadWhen(LONG, m -> true, null));
    for (Executable call : calls) {
      assertThrows(NullPointerException.class, call);
    }
    IllegalArgumentException negative =
        assertThrows(
            IllegalArgumentException.class,
            () -> q.tryWithWhen(Duration.ofMillis(-1), d -> true, d -> d));
    assertTrue(negative.getMessage().contains("negative"));
    assertThrows(
        IllegalArgumentException.class,
        () -> g.tryWriteWhen(Duration.ofMillis(-1), m -> true, m -> m));
    assertThrows(
        IllegalArgumentException.class,
        () -> g.tryReadWhen(Duration.ofMillis(-1), m -> true, m -> m));
    assertFree(q);
    assertFree(g);
    assertEquals(1, q.stats().acquisitions(), "only assertFree took the lock");
    assertEquals(1, g.stats().acquisitions(), "only assertFree took the lock");
  }

  @Test
  void reentry_whileHoldingTheMutex_isRejectedAtOnce() throws Exception {
    ExclusiveValue<Deque<Integer>> q = queue();
    try (WriteGuard<Deque<Integer>> guard = q.lock()) {
      assertThrows(
          IllegalStateException.class,
          () -> q.tryWithWhen(Duration.ZERO, x -> true, Deque::size));
      assertThrows(
          IllegalStateException.class, () -> q.withWhenInterruptibly(x -> true, Deque::size));
    }
    IllegalStateException inWith =
        assertThrows(
            IllegalStateException.class,
            () -> q.with(d -> q.withWhen(x -> !x.isEmpty(), Deque::poll)));
    assertTrue(inWith.getMessage().contains("already holds the lock of 'q'"), inWith.getMessage());
    assertTrue(q.isPoisoned(), "the rejected call threw inside with(): that poisons as usual");
    q.clearPoison();
    assertFree(q);
  }

  @Test
  void reentry_whileHoldingTheReadOrWriteLock_isRejectedAtOnce() throws Exception {
    GuardedValue<Map<String, Integer>> g =
        GuardedValue.builder((Map<String, Integer>) new HashMap<String, Integer>())
            .name("g")
            .build();
    assertThrows(
        IllegalStateException.class, () -> g.read(m -> g.readWhen(x -> true, Map::size)));
    assertThrows(
        IllegalStateException.class, () -> g.read(m -> g.writeWhen(x -> true, Map::size)));
    try (ReadGuard<Map<String, Integer>> guard = g.lockRead()) {
      assertThrows(
          IllegalStateException.class,
          () -> g.tryReadWhen(Duration.ZERO, x -> true, Map::size));
    }
    try (WriteGuard<Map<String, Integer>> guard = g.lockWrite()) {
      assertThrows(IllegalStateException.class, () -> g.readWhen(x -> true, Map::size));
      assertThrows(IllegalStateException.class, () -> g.writeWhen(x -> true, Map::size));
    }
    assertFalse(g.isPoisoned());
    assertFree(g);
  }

  @Test
  void failingPredicate_isRethrown_poisonsNothing_andReleases() throws Exception {
    ExclusiveValue<Deque<Integer>> q = queue();
    IllegalStateException boom = new IllegalStateException("boom");
    assertSame(
        boom,
        assertThrows(
            IllegalStateException.class,
            () ->
                q.withWhen(
                    d -> {
                      throw boom;
                    },
                    Deque::poll)));
    assertFalse(q.isPoisoned());
    assertFree(q);
  }

  @Test
  void failingPredicate_afterAWait_isRethrown_poisonsNothing_andReleases() throws Exception {
    ExclusiveValue<Deque<Integer>> q = queue();
    Waiter<Integer> waiter =
        waiting(
            () ->
                q.withWhen(
                    d -> {
                      if (d.contains(-1)) {
                        throw new IllegalArgumentException("bad element");
                      }
                      return !d.isEmpty();
                    },
                    Deque::poll),
            q);
    q.modify(d -> d.add(-1));
    assertInstanceOf(IllegalArgumentException.class, waiter.failure());
    assertFalse(q.isPoisoned());
    assertFree(q);
  }

  @Test
  void failingFunction_poisons_asWithDoes() {
    ExclusiveValue<Deque<Integer>> q = queue();
    q.modify(d -> d.add(1));
    assertThrows(
        ArithmeticException.class,
        () -> q.withWhen(d -> !d.isEmpty(), d -> 1 / (d.peek() - 1)));
    assertTrue(q.isPoisoned());
    assertThrows(PoisonedException.class, () -> q.withWhen(d -> true, Deque::size));
  }

  // ---- timeouts and interrupts ---------------------------------------------------------------

  @Test
  void timeout_predicateNeverHolds_namesTheValueAndThePredicate_andReleases() throws Exception {
    ExclusiveValue<Deque<Integer>> q = queue();
    LockTimeoutException e =
        assertThrows(
            LockTimeoutException.class,
            () -> q.tryWithWhen(Duration.ofMillis(30), d -> !d.isEmpty(), Deque::poll));
    assertEquals("q", e.valueName());
    assertEquals(Duration.ofMillis(30), e.timeout());
    assertTrue(e.getMessage().contains("predicate on 'q'"), e.getMessage());
    assertEquals(1, q.stats().conditionWaits());
    assertTrue(q.stats().conditionWaitTime().toNanos() >= Duration.ofMillis(30).toNanos());
    assertEquals(0, q.stats().contendedAcquisitions(), "waiting for a predicate is no contention");
    assertFree(q);
  }

  @Test
  void zeroTimeout_testsThePredicateOnce() throws Exception {
    ExclusiveValue<Deque<Integer>> q = queue();
    assertThrows(
        LockTimeoutException.class, () -> q.tryWithWhen(Duration.ZERO, d -> !d.isEmpty(), d -> d));
    q.modify(d -> d.add(3));
    assertEquals(3, (int) q.tryWithWhen(Duration.ZERO, d -> !d.isEmpty(), Deque::poll));
  }

  @Test
  void timeout_lockNeverFree_isALockTimeout() throws Exception {
    ExclusiveValue<Deque<Integer>> q = queue();
    try (LockHolder holder = LockHolder.holding(q)) {
      LockTimeoutException e =
          assertThrows(
              LockTimeoutException.class,
              () -> q.tryWithWhen(Duration.ofMillis(20), d -> true, Deque::size));
      assertTrue(e.getMessage().contains("exclusive lock of 'q'"), e.getMessage());
    }
    assertEquals(0, q.stats().conditionWaits());
  }

  @Test
  void timeout_coversTheLockWaitAndThePredicateWait_together() throws Exception {
    ExclusiveValue<Deque<Integer>> q = queue();
    Duration timeout = Duration.ofSeconds(1);
    FutureTask<LockTimeoutException> waiter =
        new FutureTask<>(
            () ->
                assertThrows(
                    LockTimeoutException.class,
                    () -> q.tryWithWhen(timeout, d -> !d.isEmpty(), Deque::poll)));
    try (LockHolder holder = LockHolder.holding(q)) {
      Thread thread = new Thread(waiter, "waiter");
      thread.start();
      Await.parked(thread);
      letTimePass(Duration.ofMillis(600)); // most of the waiter's budget goes to the lock
    }
    LockTimeoutException e = waiter.get(10, SECONDS);
    assertTrue(e.getMessage().contains("predicate on 'q'"), e.getMessage());
    Duration lockWait = q.stats().totalWait();
    Duration predicateWait = q.stats().conditionWaitTime();
    assertTrue(lockWait.toMillis() >= 600, "lock wait " + lockWait);
    assertTrue(
        predicateWait.compareTo(timeout.minus(lockWait).plusMillis(300)) < 0,
        "the predicate wait " + predicateWait + " after a lock wait of " + lockWait
            + " overran the timeout of " + timeout);
    assertFree(q);
  }

  /**
   * A timed call that takes the lock at once has its whole budget for the predicate, whatever an
   * earlier contended acquisition of the same value (a plain write, or a conditional call that is
   * still waiting for its predicate) waited.
   */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void timeout_afterAnotherThreadsLongLockWait_isTheCallersOwn(boolean earlierIsConditional)
      throws Exception {
    ExclusiveValue<Deque<Integer>> q = queue();
    AtomicBoolean go = new AtomicBoolean();
    Thread earlier =
        new Thread(
            () -> {
              if (earlierIsConditional) {
                q.withWhen(d -> go.get(), Deque::size);
              } else {
                q.modify(d -> d.clear());
              }
            },
            "earlier");
    try (LockHolder holder = LockHolder.holding(q)) {
      earlier.start();
      Await.parked(earlier);
      letTimePass(Duration.ofMillis(300));
    }
    if (earlierIsConditional) {
      while (q.stats().conditionWaits() == 0) { // it has the lock, then waits for its predicate
        Thread.onSpinWait();
      }
      Await.parked(earlier);
    } else {
      earlier.join();
    }
    assertTrue(q.stats().totalWait().toMillis() >= 300, "the earlier thread waited for the lock");
    long start = System.nanoTime();
    assertThrows(
        LockTimeoutException.class,
        () -> q.tryWithWhen(Duration.ofMillis(100), d -> !d.isEmpty(), Deque::poll));
    long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
    assertTrue(elapsedMillis >= 100, "timed out after " + elapsedMillis + " ms of a 100 ms budget");
    q.modify(d -> go.set(true));
    earlier.join();
    assertFree(q);
  }

  /** Lets {@code time} pass on this thread; for timeouts, which need time to pass. */
  private static void letTimePass(Duration time) throws InterruptedException {
    assertFalse(new CountDownLatch(1).await(time.toNanos(), TimeUnit.NANOSECONDS));
  }

  @Test
  void interrupt_whileWaitingForThePredicate_throwsWithNothingHeld() throws Exception {
    ExclusiveValue<Deque<Integer>> q = queue();
    Waiter<Integer> waiter =
        waiting(() -> q.withWhenInterruptibly(d -> !d.isEmpty(), Deque::poll), q);
    waiter.thread.interrupt();
    assertInstanceOf(InterruptedException.class, waiter.failure());
    assertFree(q);
    Waiter<Integer> timed =
        waiting(() -> q.tryWithWhen(LONG, d -> !d.isEmpty(), Deque::poll), q);
    timed.thread.interrupt();
    assertInstanceOf(InterruptedException.class, timed.failure());
    assertFree(q);
    assertFalse(q.isPoisoned());
  }

  @Test
  void alreadyInterrupted_throwsBeforeWaiting() {
    ExclusiveValue<Deque<Integer>> q = queue();
    Thread.currentThread().interrupt();
    assertThrows(
        InterruptedException.class, () -> q.withWhenInterruptibly(d -> true, Deque::size));
    assertFalse(Thread.interrupted());
  }

  @Test
  void uninterruptibleWithWhen_interruptedWhileWaiting_finishesAndKeepsTheFlag()
      throws Exception {
    ExclusiveValue<Deque<Integer>> q = queue();
    Waiter<Boolean> waiter =
        waiting(
            () -> {
              q.withWhen(d -> !d.isEmpty(), Deque::poll);
              return Thread.currentThread().isInterrupted();
            },
            q);
    waiter.thread.interrupt();
    q.modify(d -> d.add(1));
    assertTrue(waiter.get());
    assertEquals(0, (int) q.with(Deque::size));
  }

  // ---- wake-ups --------------------------------------------------------------------------------

  /** Each way to release the mutex, given the order the value is ranked in. */
  static Stream<Arguments> exclusiveReleases() {
    return Stream.of(
        Arguments.of("with", (ExclusiveRelease) (o, v) -> v.with(d -> d)),
        Arguments.of("modify", (ExclusiveRelease) (o, v) -> v.modify(d -> {})),
        Arguments.of("update", (ExclusiveRelease) (o, v) -> v.update(d -> d)),
        Arguments.of("tryWith", (ExclusiveRelease) (o, v) -> v.tryWith(LONG, d -> d)),
        Arguments.of("recover", (ExclusiveRelease) (o, v) -> v.recover(d -> d)),
        Arguments.of("clearPoison", (ExclusiveRelease) (o, v) -> v.clearPoison()),
        Arguments.of(
            "guard",
            (ExclusiveRelease)
                (o, v) -> {
                  try (WriteGuard<Deque<Integer>> g = v.lock()) {
                    g.get();
                  }
                }),
        Arguments.of(
            "withAll", (ExclusiveRelease) (o, v) -> o.withAll(List.of(v), () -> 0)));
  }

  @FunctionalInterface
  interface ExclusiveRelease {
    void release(LockOrder order, ExclusiveValue<Deque<Integer>> value) throws Exception;
  }

  /**
   * The predicate reads a gate outside the value, so the release under test changes nothing but
   * must still make the waiter test again.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("exclusiveReleases")
  void everyKindOfWriteRelease_wakesTheWaiter(String kind, ExclusiveRelease release)
      throws Exception {
    LockOrder order = LockOrder.builder().rank("r").build();
    ExclusiveValue<Deque<Integer>> q =
        ExclusiveValue.of((Deque<Integer>) new ArrayDeque<Integer>(), order.rank("r"));
    AtomicBoolean gate = new AtomicBoolean();
    Waiter<Integer> waiter = waiting(() -> q.withWhen(d -> gate.get(), Deque::size), q);
    gate.set(true);
    release.release(order, q);
    assertEquals(0, waiter.get());
  }

  static Stream<Arguments> guardedReleases() {
    return Stream.of(
        Arguments.of("write", (Consumer<GuardedValue<int[]>>) v -> v.write(a -> a)),
        Arguments.of("modify", (Consumer<GuardedValue<int[]>>) v -> v.modify(a -> {})),
        Arguments.of("update", (Consumer<GuardedValue<int[]>>) v -> v.update(a -> a)),
        Arguments.of("recover", (Consumer<GuardedValue<int[]>>) v -> v.recover(a -> a)),
        Arguments.of("clearPoison", (Consumer<GuardedValue<int[]>>) GuardedValue::clearPoison),
        Arguments.of(
            "guard",
            (Consumer<GuardedValue<int[]>>)
                v -> {
                  try (WriteGuard<int[]> g = v.lockWrite()) {
                    g.get();
                  }
                }));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("guardedReleases")
  void everyKindOfWriteRelease_wakesWriteWhenAndReadWhen(
      String kind, Consumer<GuardedValue<int[]>> release) throws Exception {
    GuardedValue<int[]> g = GuardedValue.of(new int[1]);
    AtomicBoolean gate = new AtomicBoolean();
    Waiter<Integer> writer = waiting(() -> g.writeWhen(a -> gate.get(), a -> ++a[0]), g);
    Waiter<Integer> reader = waiting(() -> g.readWhen(a -> gate.get(), a -> 10), g);
    gate.set(true);
    release.accept(g);
    assertEquals(1, writer.get());
    assertEquals(10, reader.get());
  }

  @Test
  void noLostWakeUp_predicateMadeTrueBetweenTheTestAndTheWait() throws Exception {
    ExclusiveValue<Deque<Integer>> q = queue();
    AtomicInteger tests = new AtomicInteger();
    FutureTask<Integer> writer =
        new FutureTask<>(
            () -> {
              q.modify(d -> d.add(5)); // blocks until the waiter gives the mutex up in await
              return 0;
            });
    Integer got =
        q.withWhen(
            d -> {
              if (tests.getAndIncrement() == 0) {
                new Thread(writer).start(); // the value changes right after this false test
              }
              return !d.isEmpty();
            },
            Deque::poll);
    assertEquals(5, got);
    assertEquals(0, writer.get(10, SECONDS));
    assertEquals(2, tests.get());
  }

  @Test
  void pingPong_manyHandOffs_neverHangs() throws Exception {
    ExclusiveValue<Deque<Integer>> q = queue();
    int rounds = 20_000;
    FutureTask<Long> consumer =
        background(
            () -> {
              long sum = 0;
              for (int i = 0; i < rounds; i++) {
                sum += q.tryWithWhen(LONG, d -> !d.isEmpty(), Deque::poll);
              }
              return sum;
            });
    for (int i = 0; i < rounds; i++) {
      int next = i;
      q.tryWithWhen(LONG, d -> d.size() < 2, d -> d.add(next));
    }
    assertEquals((long) rounds * (rounds - 1) / 2, consumer.get(50, SECONDS));
  }

  // ---- poisoning -------------------------------------------------------------------------------

  @Test
  void poisonedWhileWaiting_waiterWakesAndThrowsPoisoned() throws Exception {
    ExclusiveValue<Deque<Integer>> q = queue();
    Waiter<Integer> waiter = waiting(() -> q.withWhen(d -> !d.isEmpty(), Deque::poll), q);
    IllegalStateException failure = new IllegalStateException("writer failed");
    assertThrows(
        IllegalStateException.class,
        () ->
            q.modify(
                d -> {
                  throw failure;
                }));
    PoisonedException poisoned = assertInstanceOf(PoisonedException.class, waiter.failure());
    assertSame(failure, poisoned.getCause());
    q.clearPoison();
    assertFree(q);
  }

  @Test
  void poisonedGuardedValue_wakesWriteWhenAndReadWhenWaiters() throws Exception {
    GuardedValue<int[]> g = GuardedValue.of(new int[1]);
    Waiter<Integer> writer = waiting(() -> g.writeWhen(a -> a[0] > 0, a -> a[0]), g);
    Waiter<Integer> reader = waiting(() -> g.readWhen(a -> a[0] > 0, a -> a[0]), g);
    assertThrows(
        ArithmeticException.class,
        () -> g.write(a -> a[0] = 1 / a[0])); // poisons without making the predicate true
    assertInstanceOf(PoisonedException.class, writer.failure());
    assertInstanceOf(PoisonedException.class, reader.failure());
    g.clearPoison();
    assertFree(g);
  }

  // ---- lock order ------------------------------------------------------------------------------

  @Test
  void ranked_violationIsCheckedBeforeAnyWait() {
    LockOrder order = LockOrder.builder().rank("low").rank("high").build();
    ExclusiveValue<Deque<Integer>> low =
        ExclusiveValue.of((Deque<Integer>) new ArrayDeque<Integer>(), order.rank("low"));
    GuardedValue<int[]> high = GuardedValue.of(new int[1], order.rank("high"));
    assertThrows(
        LockOrderViolationException.class,
        () -> high.write(a -> low.withWhen(d -> !d.isEmpty(), Deque::poll))); // would wait
    high.clearPoison();
    assertEquals(0, low.stats().conditionWaits());
    assertEquals(1, low.stats().violations());
  }

  @Test
  void ranked_inOrder_waitsHoldingTheLowerLock_andTheRecordIsRightAfterEveryOutcome()
      throws Exception {
    LockOrder order = LockOrder.builder().rank("low").rank("high").build();
    GuardedValue<int[]> low = GuardedValue.of(new int[1], order.rank("low"));
    ExclusiveValue<Deque<Integer>> high =
        ExclusiveValue.of((Deque<Integer>) new ArrayDeque<Integer>(), order.rank("high"));
    Waiter<List<LockOrder.HeldLock>> waiter =
        waiting(
            () ->
                low.write(
                    a ->
                        high.withWhen(
                            d -> !d.isEmpty(),
                            d -> {
                              d.poll();
                              return order.heldByCurrentThread();
                            })),
            high);
    high.modify(d -> d.add(1));
    List<LockOrder.HeldLock> held = waiter.get();
    assertEquals(List.of("low", "high"), held.stream().map(LockOrder.HeldLock::rankName).toList());
    // After a timeout, the record holds nothing of 'high' any more.
    List<LockOrder.HeldLock> afterTimeout =
        low.write(
            a -> {
              assertThrows(
                  LockTimeoutException.class,
                  () -> high.tryWithWhen(Duration.ofMillis(5), d -> !d.isEmpty(), Deque::poll));
              return order.heldByCurrentThread();
            });
    assertEquals(List.of("low"), afterTimeout.stream().map(LockOrder.HeldLock::rankName).toList());
    assertTrue(order.heldByCurrentThread().isEmpty());
    assertNull(high.with(Deque::poll));
  }

  // ---- fairness --------------------------------------------------------------------------------

  /** A conditional write form of one value, and that value's plain modify. */
  interface ConditionalWrites {
    Integer takeWhenNotEmpty(Function<Deque<Integer>, Integer> fn);

    void modify(Consumer<Deque<Integer>> action);

    SharedValue value();
  }

  static Stream<Arguments> fairValues() {
    ExclusiveValue<Deque<Integer>> exclusive =
        ExclusiveValue.builder((Deque<Integer>) new ArrayDeque<Integer>()).fair(true).build();
    GuardedValue<Deque<Integer>> guarded =
        GuardedValue.builder((Deque<Integer>) new ArrayDeque<Integer>()).fair(true).build();
    return Stream.of(
        Arguments.of(
            "ExclusiveValue.withWhen",
            new ConditionalWrites() {
              @Override
              public Integer takeWhenNotEmpty(Function<Deque<Integer>, Integer> fn) {
                return exclusive.withWhen(d -> !d.isEmpty(), fn);
              }

              @Override
              public void modify(Consumer<Deque<Integer>> action) {
                exclusive.modify(action);
              }

              @Override
              public SharedValue value() {
                return exclusive;
              }
            }),
        Arguments.of(
            "GuardedValue.writeWhen",
            new ConditionalWrites() {
              @Override
              public Integer takeWhenNotEmpty(Function<Deque<Integer>, Integer> fn) {
                return guarded.writeWhen(d -> !d.isEmpty(), fn);
              }

              @Override
              public void modify(Consumer<Deque<Integer>> action) {
                guarded.modify(action);
              }

              @Override
              public SharedValue value() {
                return guarded;
              }
            }));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fairValues")
  void fairValue_waitersWhosePredicatesHold_areServedInWaitingOrder(
      String form, ConditionalWrites q) throws Exception {
    List<Integer> served = Collections.synchronizedList(new ArrayList<>());
    List<Waiter<Integer>> waiters = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      int id = i;
      waiters.add(
          waiting(
              () ->
                  q.takeWhenNotEmpty(
                      d -> {
                        served.add(id);
                        return d.poll();
                      }),
              q.value()));
    }
    q.modify(d -> d.addAll(List.of(10, 11, 12, 13, 14)));
    for (int i = 0; i < 5; i++) {
      assertEquals(10 + i, waiters.get(i).get());
    }
    assertEquals(List.of(0, 1, 2, 3, 4), served);
  }

  // ---- GuardedValue specifics ------------------------------------------------------------------

  @Test
  void readWhen_predicateTrue_runsUnderTheReadLockOnly() {
    GuardedValue<int[]> g = GuardedValue.of(new int[] {4});
    assertEquals(4, (int) g.readWhen(a -> a[0] > 0, a -> a[0]));
    assertEquals(1, g.stats().readAcquisitions());
    assertEquals(0, g.stats().writeAcquisitions());
  }

  @Test
  void readWhen_afterAWait_runsTheFunctionUnderTheReadLock() throws Exception {
    GuardedValue<int[]> g = GuardedValue.of(new int[1]);
    Waiter<String> reader =
        waiting(
            () ->
                g.readWhen(
                    a -> a[0] == 1,
                    a -> {
                      // holds the read lock only: a write here is an upgrade
                      assertThrows(LockUpgradeException.class, () -> g.write(x -> x));
                      return "saw " + a[0];
                    }),
            g);
    g.modify(a -> a[0] = 1);
    assertEquals("saw 1", reader.get());
    assertFree(g);
  }

  @Test
  void tryReadWhen_predicateNeverHolds_timesOutNamingThePredicate() throws Exception {
    GuardedValue<int[]> g = GuardedValue.builder(new int[1]).name("g").build();
    LockTimeoutException e =
        assertThrows(
            LockTimeoutException.class,
            () -> g.tryReadWhen(Duration.ofMillis(10), a -> a[0] > 0, a -> a[0]));
    assertTrue(e.getMessage().contains("predicate on 'g'"), e.getMessage());
    assertThrows(
        LockTimeoutException.class,
        () -> g.tryWriteWhen(Duration.ofMillis(10), a -> a[0] > 0, a -> a[0]));
    assertFree(g);
    assertEquals(2, g.stats().conditionWaits());
  }

  @Test
  void writeWhen_manyWaitersOnAMap_eachRemovesItsOwnKey() throws Exception {
    GuardedValue<Map<String, Integer>> agents = GuardedValue.of(new HashMap<>());
    List<FutureTask<Integer>> waiters = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      String id = "a" + i;
      waiters.add(background(() -> agents.writeWhen(m -> m.containsKey(id), m -> m.remove(id))));
    }
    for (int i = 3; i >= 0; i--) {
      int n = i;
      agents.modify(m -> m.put("a" + n, n));
    }
    for (int i = 0; i < 4; i++) {
      assertEquals(i, waiters.get(i).get(10, SECONDS));
    }
    assertEquals(0, (int) agents.read(Map::size));
  }

  /**
   * A timed-out wait takes the write lock back inside await(), past the reader bias, which a
   * slow read may have turned back on meanwhile; the woken writer must revoke it and wait for
   * fast readers before its function runs, never run it beside them.
   */
  @Test
  void wokenWriter_revokesTheReaderBias_beforeItsFunctionRuns() throws Exception {
    GuardedValue<int[]> g = GuardedValue.of(new int[1]);
    AtomicBoolean gate = new AtomicBoolean();
    AtomicBoolean guardHeld = new AtomicBoolean();
    AtomicBoolean ranBesideAReader = new AtomicBoolean();
    Waiter<Integer> writer =
        waiting(
            () ->
                g.tryWriteWhen(
                    Duration.ofMillis(100),
                    a -> gate.get(),
                    a -> {
                      ranBesideAReader.set(guardHeld.get());
                      return 1;
                    }),
            g);
    for (int i = 0; i < 1_000; i++) {
      g.read(a -> a[0]); // the first slow read turns the bias back on: the writer is not queued
    }
    try (ReadGuard<int[]> guard = g.lockRead()) {
      guardHeld.set(true);
      gate.set(true); // no release: the writer sees it when its wait times out
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (!writer.isDone() && writer.thread.getState() != Thread.State.WAITING) {
        assertTrue(System.nanoTime() < deadline, "the writer neither finished nor blocked");
        Thread.onSpinWait();
      }
      guardHeld.set(false);
    }
    try {
      assertEquals(1, writer.get()); // the guard was a slow read: the writer waited for it
    } catch (ExecutionException e) {
      LockTimeoutException timeout = assertInstanceOf(LockTimeoutException.class, e.getCause());
      assertTrue(timeout.getMessage().contains("write lock"), timeout.getMessage());
    }
    assertFalse(ranBesideAReader.get(), "the woken writer ran its function beside a reader");
    assertFree(g);
  }
}
