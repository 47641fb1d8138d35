package io.github.sharedstate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

// The tests step through lock states one call at a time; a failing assertion ends the test.
@SuppressWarnings("LockNotBeforeTry")
final class OrderedLockTest {
  enum Locks {
    ACCOUNTS,
    LEDGER
  }

  private final LockOrder order = LockOrder.of(Locks.class);
  private final OrderedLock accounts = OrderedLock.of(order.rank(Locks.ACCOUNTS));
  private final OrderedLock ledger = OrderedLock.of(order.rank(Locks.LEDGER));

  @Test
  void builder_rejectsBadOptions() {
    assertThrows(NullPointerException.class, () -> OrderedLock.of(null));
    assertThrows(NullPointerException.class, () -> OrderedLock.builder().name(null));
    assertThrows(NullPointerException.class, () -> OrderedLock.builder().rank(null));
    assertThrows(NullPointerException.class, () -> OrderedLock.builder().order(null));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                OrderedLock.builder()
                    .rank(order.rank(Locks.ACCOUNTS))
                    .order(LockOrder.learned("other"))
                    .build());
    assertTrue(e.getMessage().contains("either a rank or an order"), e.getMessage());
  }

  @Test
  void isADropInReentrantLock_namedAfterItsRank() {
    ReentrantLock lock = accounts;
    Lock asLock = ledger;
    assertEquals("ACCOUNTS", accounts.name());
    assertEquals(order.rank(Locks.ACCOUNTS), accounts.rank().orElseThrow());
    assertFalse(lock.isFair());
    assertTrue(OrderedLock.builder().fair(true).build().isFair());
    lock.lock();
    lock.lock(); // re-entry
    assertEquals(2, lock.getHoldCount());
    assertTrue(lock.isLocked());
    assertTrue(lock.isHeldByCurrentThread());
    assertTrue(lock.toString().contains("locked by thread"), lock.toString());
    lock.unlock();
    lock.unlock();
    assertFalse(lock.isLocked());
    asLock.lock();
    asLock.unlock();
    assertEquals(2, accounts.stats().writeAcquisitions());
    assertEquals(0, accounts.stats().readAcquisitions());
    assertEquals(1, ledger.stats().writeAcquisitions());
    assertTrue(OrderedLock.builder().build().rank().isEmpty());
  }

  @Test
  void inOrder_isAllowed_andRecorded() {
    accounts.lock();
    try {
      ledger.lock();
      try {
        assertEquals(
            List.of("ACCOUNTS", "LEDGER"),
            order.heldByCurrentThread().stream().map(LockOrder.HeldLock::valueName).toList());
      } finally {
        ledger.unlock();
      }
    } finally {
      accounts.unlock();
    }
    assertTrue(order.heldByCurrentThread().isEmpty());
  }

  @Test
  void outOfOrder_everyAcquisitionForm_throwsBeforeWaiting_withNothingHeld() throws Exception {
    List<Acquisition> forms =
        List.of(
            Lock::lock,
            Lock::lockInterruptibly,
            l -> l.tryLock(),
            l -> l.tryLock(1, TimeUnit.SECONDS));
    try (OtherThread holder = OtherThread.holding(accounts)) { // would block every form below
      for (Acquisition form : forms) {
        ledger.lock();
        try {
          LockOrderViolationException e =
              assertThrows(LockOrderViolationException.class, () -> form.acquire(accounts));
          assertTrue(e.getMessage().contains("'ACCOUNTS' (rank 0"), e.getMessage());
          assertFalse(accounts.isHeldByCurrentThread());
          assertEquals(1, order.heldByCurrentThread().size(), "only LEDGER is held");
        } finally {
          ledger.unlock();
        }
      }
    }
    assertEquals(4, accounts.stats().violations());
    assertTrue(order.heldByCurrentThread().isEmpty());
  }

  @Test
  void reentry_whileHoldingAHigherRank_isFreeAndUnchecked() {
    accounts.lock();
    ledger.lock();
    accounts.lock(); // re-entry, though LEDGER ranks after ACCOUNTS
    assertEquals(2, accounts.getHoldCount());
    accounts.unlock();
    ledger.unlock();
    accounts.unlock();
    assertEquals(0, accounts.stats().violations());
    assertTrue(order.heldByCurrentThread().isEmpty());
  }

  @Test
  void warnPolicy_countsAndCarriesOn_offPolicy_tracksNothing() {
    LockOrder warn = LockOrder.builder(Locks.class).name("warned").policy(LockOrder.Policy.WARN).build();
    OrderedLock a = OrderedLock.of(warn.rank(Locks.ACCOUNTS));
    OrderedLock b = OrderedLock.of(warn.rank(Locks.LEDGER));
    b.lock();
    a.lock(); // out of order: warned, counted, taken
    assertTrue(a.isHeldByCurrentThread());
    a.unlock();
    b.unlock();
    assertEquals(1, a.stats().violations());

    LockOrder off = LockOrder.builder(Locks.class).name("off").policy(LockOrder.Policy.OFF).build();
    OrderedLock c = OrderedLock.of(off.rank(Locks.ACCOUNTS));
    OrderedLock d = OrderedLock.of(off.rank(Locks.LEDGER));
    d.lock();
    c.lock();
    assertTrue(off.heldByCurrentThread().isEmpty());
    c.unlock();
    d.unlock();
    assertEquals(0, c.stats().violations());
  }

  @Test
  void learnedOrder_rejectsTheAcquisitionThatClosesACycle() {
    LockOrder learned = LockOrder.learned("billing");
    OrderedLock a = OrderedLock.builder().name("a").order(learned).build();
    OrderedLock b = OrderedLock.builder().name("b").order(learned).build();
    a.lock();
    b.lock(); // records a -> b
    b.unlock();
    a.unlock();
    b.lock();
    try {
      assertThrows(LockOrderViolationException.class, a::lock);
      assertFalse(a.isHeldByCurrentThread());
    } finally {
      b.unlock();
    }
    assertEquals(List.of("a", "b"), learned.learnedOrder());
  }

  @Test
  void unlock_byAThreadThatDoesNotHoldIt_throwsIllegalMonitorState() throws Exception {
    IllegalMonitorStateException e =
        assertThrows(IllegalMonitorStateException.class, accounts::unlock);
    assertTrue(e.getMessage().contains("does not hold it"), e.getMessage());
    try (OtherThread holder = OtherThread.holding(accounts)) {
      assertThrows(IllegalMonitorStateException.class, accounts::unlock);
      assertTrue(accounts.isLocked(), "the holder still holds it");
    }
    assertFalse(accounts.isLocked());
  }

  @Test
  void tryLock_whenHeldElsewhere_returnsFalse_andCountsATimeout() throws Exception {
    try (OtherThread holder = OtherThread.holding(accounts)) {
      assertFalse(accounts.tryLock());
      assertFalse(accounts.tryLock(20, TimeUnit.MILLISECONDS));
      assertFalse(accounts.tryLock(-1, TimeUnit.SECONDS), "a negative time is no wait, as in the JDK");
    }
    LockStats stats = accounts.stats();
    assertEquals(3, stats.timeouts());
    assertTrue(stats.totalWait().compareTo(Duration.ofMillis(20)) >= 0, stats.toString());
    assertTrue(order.heldByCurrentThread().isEmpty());
    assertTrue(accounts.tryLock());
    accounts.unlock();
    assertThrows(NullPointerException.class, () -> accounts.tryLock(1, null));
  }

  @Test
  void contendedLock_waitsAndIsCounted_andTheJdkQueriesSeeTheQueue() throws Exception {
    FutureTask<Boolean> waiter;
    try (OtherThread holder = OtherThread.holding(accounts)) {
      waiter =
          new FutureTask<>(
              () -> {
                accounts.lock();
                accounts.unlock();
                return true;
              });
      Thread thread = new Thread(waiter, "waiter");
      thread.start();
      Await.parked(thread);
      assertTrue(accounts.hasQueuedThreads());
      assertEquals(1, accounts.getQueueLength());
      assertTrue(accounts.hasQueuedThread(thread));
    }
    assertTrue(waiter.get(10, TimeUnit.SECONDS));
    assertEquals(1, accounts.stats().contendedAcquisitions());
  }

  @Test
  void interrupts_endTheInterruptibleWaits_withNothingHeld() throws Exception {
    Thread.currentThread().interrupt();
    assertThrows(InterruptedException.class, accounts::lockInterruptibly);
    assertFalse(Thread.interrupted());
    try (OtherThread holder = OtherThread.holding(accounts)) {
      for (Acquisition form :
          List.<Acquisition>of(Lock::lockInterruptibly, l -> l.tryLock(1, TimeUnit.MINUTES))) {
        FutureTask<Throwable> waiter =
            new FutureTask<>(
                () -> {
                  try {
                    form.acquire(accounts);
                    return new AssertionError("acquired");
                  } catch (InterruptedException e) {
                    return order.heldByCurrentThread().isEmpty()
                        ? e
                        : new AssertionError("the record kept the lock");
                  }
                });
        Thread thread = new Thread(waiter, "interrupted");
        thread.start();
        Await.parked(thread);
        thread.interrupt();
        assertTrue(waiter.get(10, TimeUnit.SECONDS) instanceof InterruptedException);
      }
      assertEquals(0, accounts.getQueueLength(), "no waiter is left queued");
    }
  }

  @Test
  void condition_awaitAndSignal_handTheLockOver() throws Exception {
    Condition ready = accounts.newCondition();
    boolean[] flag = {false};
    FutureTask<Integer> waiter =
        new FutureTask<>(
            () -> {
              accounts.lock();
              accounts.lock(); // two holds: await releases both and restores both
              try {
                while (!flag[0]) {
                  ready.await();
                }
                return accounts.getHoldCount() * 10 + order.heldByCurrentThread().size();
              } finally {
                accounts.unlock();
                accounts.unlock();
              }
            });
    Thread thread = new Thread(waiter, "waiter");
    thread.start();
    Await.parked(thread);
    accounts.lock();
    try {
      assertTrue(accounts.hasWaiters(ready));
      assertEquals(1, accounts.getWaitQueueLength(ready));
      flag[0] = true;
      ready.signalAll();
    } finally {
      accounts.unlock();
    }
    assertEquals(22, waiter.get(10, TimeUnit.SECONDS), "two holds and two record entries back");
    assertEquals(1, accounts.stats().conditionWaits());
  }

  @Test
  @SuppressWarnings("WaitNotInLoop") // each call must throw before it waits
  void condition_withoutTheLock_throwsIllegalMonitorState() {
    Condition condition = accounts.newCondition();
    assertThrows(IllegalMonitorStateException.class, condition::await);
    assertThrows(IllegalMonitorStateException.class, condition::awaitUninterruptibly);
    assertThrows(IllegalMonitorStateException.class, () -> condition.awaitNanos(1));
    assertThrows(IllegalMonitorStateException.class, condition::signal);
    assertThrows(IllegalMonitorStateException.class, condition::signalAll);
  }

  @Test
  @SuppressWarnings("WaitNotInLoop") // each call must throw before it waits
  void condition_awaitWhileHoldingAHigherRank_throwsAtOnce_releasingNothing() throws Exception {
    Condition condition = accounts.newCondition();
    accounts.lock();
    ledger.lock(); // accounts, then ledger: await on accounts would take it back under ledger
    try {
      assertThrows(LockOrderViolationException.class, condition::await);
      assertThrows(LockOrderViolationException.class, () -> condition.await(1, TimeUnit.SECONDS));
      assertTrue(accounts.isHeldByCurrentThread(), "nothing was released");
      assertEquals(2, order.heldByCurrentThread().size(), "the record is as it was");
      FutureTask<Boolean> other = new FutureTask<>(accounts::tryLock);
      new Thread(other).start();
      assertFalse(other.get(10, TimeUnit.SECONDS));
    } finally {
      ledger.unlock();
      accounts.unlock();
    }
    assertTrue(order.heldByCurrentThread().isEmpty());
  }

  @Test
  @SuppressWarnings("WaitNotInLoop") // nobody signals: each wait ends by its time
  void condition_timedAwait_returnsWithTheLockHeld() throws Exception {
    Condition condition = accounts.newCondition();
    accounts.lock();
    try {
      condition.await(1, TimeUnit.MILLISECONDS);
      condition.awaitNanos(1_000);
      assertTrue(accounts.isHeldByCurrentThread());
      assertEquals(1, order.heldByCurrentThread().size());
    } finally {
      accounts.unlock();
    }
  }

  @Test
  void withAll_takesLocksOfOneRankInOneOrder_fromOppositeArgumentOrders() throws Exception {
    LockOrder shards = LockOrder.builder().rank("shard").build();
    OrderedLock a = OrderedLock.of(shards.rank("shard"));
    OrderedLock b = OrderedLock.of(shards.rank("shard"));
    int rounds = 2_000;
    CyclicBarrier start = new CyclicBarrier(2);
    int[] counter = {0};
    Runnable ab =
        () -> {
          await(start);
          for (int i = 0; i < rounds; i++) {
            shards.withAll(List.of(a, b), () -> counter[0]++);
          }
        };
    Runnable ba =
        () -> {
          await(start);
          for (int i = 0; i < rounds; i++) {
            shards.withAll(List.of(b, a), () -> counter[0]++);
          }
        };
    Thread first = new Thread(ab);
    Thread second = new Thread(ba);
    first.start();
    second.start();
    first.join(60_000);
    second.join(60_000);
    assertFalse(first.isAlive() || second.isAlive(), "deadlocked");
    assertEquals(2 * rounds, counter[0]);
    assertEquals(2L * rounds, a.stats().writeAcquisitions());
    b.lock();
    try {
      assertThrows(LockOrderViolationException.class, a::lock, "same rank one by one");
    } finally {
      b.unlock();
    }
  }

  @Test
  void withAll_mixesValuesAndLocks_andPoisonsOnlyTheValues() {
    LockOrder shards = LockOrder.builder().rank("r").build();
    OrderedLock lock = OrderedLock.of(shards.rank("r"));
    ExclusiveValue<int[]> value = ExclusiveValue.of(new int[1], shards.rank("r"));
    assertThrows(
        IllegalStateException.class,
        () ->
            shards.withAll(
                List.of(lock, value),
                () -> {
                  assertTrue(lock.isHeldByCurrentThread());
                  throw new IllegalStateException("failed inside");
                }));
    assertTrue(value.isPoisoned());
    assertFalse(lock.isLocked());
    assertThrows(
        IllegalArgumentException.class, () -> shards.withAll(List.of(lock, lock), () -> 1));
    assertThrows(
        IllegalArgumentException.class,
        () -> shards.withAll(List.of(OrderedLock.builder().build()), () -> 1));
  }

  @Test
  void isNotSerializable() {
    assertThrows(
        NotSerializableException.class,
        () -> new ObjectOutputStream(new ByteArrayOutputStream()).writeObject(accounts));
  }

  private static void await(CyclicBarrier barrier) {
    try {
      barrier.await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** One way of taking a lock. */
  @FunctionalInterface
  interface Acquisition {
    void acquire(Lock lock) throws Exception;
  }

  /** Holds a lock on another thread until closed. */
  static final class OtherThread implements AutoCloseable {
    private final CountDownLatch release = new CountDownLatch(1);
    private final Thread thread;

    private OtherThread(Lock lock, CountDownLatch held) {
      this.thread =
          new Thread(
              () -> {
                lock.lock();
                try {
                  held.countDown();
                  release.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                } finally {
                  lock.unlock();
                }
              },
              "holder");
    }

    static OtherThread holding(Lock lock) throws InterruptedException {
      CountDownLatch held = new CountDownLatch(1);
      OtherThread holder = new OtherThread(lock, held);
      holder.thread.start();
      assertTrue(held.await(10, TimeUnit.SECONDS), "the holder never took the lock");
      return holder;
    }

    @Override
    public void close() throws InterruptedException {
      release.countDown();
      thread.join(10_000);
      assertFalse(thread.isAlive(), "the holder did not finish");
    }
  }
}
