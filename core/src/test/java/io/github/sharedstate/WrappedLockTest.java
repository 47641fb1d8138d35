package io.github.sharedstate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sharedstate.OrderedLockTest.OtherThread;
import java.util.List;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.junit.jupiter.api.Test;

// The tests step through lock states one call at a time; a failing assertion ends the test.
@SuppressWarnings("LockNotBeforeTry")
final class WrappedLockTest {
  enum Locks {
    FIRST,
    SECOND
  }

  private final LockOrder order = LockOrder.of(Locks.class);

  /** A lock that counts what reaches it, as a remote lock service would see it. */
  private static final class CountingLock implements Lock {
    private final ReentrantLock lock = new ReentrantLock();
    int attempts;

    @Override
    public void lock() {
      attempts++;
      lock.lock();
    }

    @Override
    public void lockInterruptibly() throws InterruptedException {
      attempts++;
      lock.lockInterruptibly();
    }

    @Override
    public boolean tryLock() {
      attempts++;
      return lock.tryLock();
    }

    @Override
    public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
      attempts++;
      return lock.tryLock(time, unit);
    }

    @Override
    public void unlock() {
      lock.unlock();
    }

    @Override
    public Condition newCondition() {
      throw new UnsupportedOperationException("no conditions");
    }
  }

  @Test
  void wrap_rejectsBadArguments() {
    LockOrder.Rank first = order.rank(Locks.FIRST);
    assertThrows(NullPointerException.class, () -> first.wrap(null));
    assertThrows(NullPointerException.class, () -> order.wrap(new ReentrantLock(), null));
    assertThrows(NullPointerException.class, () -> order.wrap(null, "name"));
    assertThrows(IllegalArgumentException.class, () -> first.wrap(OrderedLock.of(first)));
    Lock wrapped = first.wrap(new ReentrantLock());
    assertThrows(IllegalArgumentException.class, () -> first.wrap(wrapped));
  }

  @Test
  void outOfOrder_isRejectedBeforeTheWrappedLockIsAsked() {
    CountingLock remoteFirst = new CountingLock();
    Lock first = order.rank(Locks.FIRST).wrap(remoteFirst);
    Lock second = order.rank(Locks.SECOND).wrap(new ReentrantLock());
    second.lock();
    try {
      assertThrows(LockOrderViolationException.class, first::lock);
      assertThrows(LockOrderViolationException.class, first::tryLock);
      assertEquals(0, remoteFirst.attempts, "nothing reached the wrapped lock");
    } finally {
      second.unlock();
    }
    first.lock();
    second.lock(); // in order
    second.unlock();
    first.unlock();
    Lockable counted = assertInstanceOf(Lockable.class, first);
    assertEquals("FIRST", counted.name());
    assertEquals(order.rank(Locks.FIRST), counted.rank().orElseThrow());
    assertEquals(1, counted.stats().writeAcquisitions());
    assertEquals(2, counted.stats().violations());
    assertTrue(order.heldByCurrentThread().isEmpty());
  }

  @Test
  void reentryByTheHolder_passesUnchecked() {
    Lock first = order.rank(Locks.FIRST).wrap(new ReentrantLock());
    Lock second = order.rank(Locks.SECOND).wrap(new CountingLock());
    first.lock();
    second.lock();
    first.lock(); // re-entry under a later rank
    first.unlock();
    second.unlock();
    first.unlock();
    assertEquals(0, ((Lockable) first).stats().violations());
  }

  @Test
  void unlock_whenNotHeld_throwsIllegalMonitorState_trackedOrNot() throws Exception {
    Lock tracked = order.rank(Locks.FIRST).wrap(new CountingLock());
    assertThrows(IllegalMonitorStateException.class, tracked::unlock);
    LockOrder off = LockOrder.builder(Locks.class).policy(LockOrder.Policy.OFF).build();
    Lock untracked = off.rank(Locks.FIRST).wrap(new CountingLock());
    assertThrows(IllegalMonitorStateException.class, untracked::unlock, "the lock's own answer");
    ReentrantLock mutex = new ReentrantLock();
    Lock wrappedMutex = order.rank(Locks.SECOND).wrap(mutex);
    try (OtherThread holder = OtherThread.holding(wrappedMutex)) {
      assertThrows(IllegalMonitorStateException.class, wrappedMutex::unlock);
      assertTrue(mutex.isLocked());
    }
  }

  @Test
  void contention_isCounted_andTimeoutsAnswerFalse() throws Exception {
    Lock first = order.rank(Locks.FIRST).wrap(new ReentrantLock(true));
    try (OtherThread holder = OtherThread.holding(first)) {
      assertFalse(first.tryLock(20, TimeUnit.MILLISECONDS));
      FutureTask<Boolean> waiter =
          new FutureTask<>(
              () -> {
                first.lock();
                first.unlock();
                return true;
              });
      Thread thread = new Thread(waiter, "waiter");
      thread.start();
      Await.parked(thread);
      holder.close();
      assertTrue(waiter.get(10, TimeUnit.SECONDS));
    }
    LockStats stats = ((Lockable) first).stats();
    assertEquals(1, stats.timeouts());
    assertEquals(1, stats.contendedAcquisitions());
    assertEquals(2, stats.writeAcquisitions(), "the holder's and the waiter's, not the timeout");
  }

  @Test
  void learnedMembers_catchACycle_andJdkWriteLocksWrapToo() {
    ReentrantReadWriteLock rw = new ReentrantReadWriteLock();
    LockOrder learned = LockOrder.learned("cluster");
    Lock a = learned.wrap(rw.writeLock(), "a");
    Lock b = learned.wrap(new ReentrantLock(), "b");
    a.lock();
    b.lock();
    b.unlock();
    a.unlock();
    b.lock();
    try {
      assertThrows(LockOrderViolationException.class, a::lock);
      assertFalse(rw.isWriteLocked());
    } finally {
      b.unlock();
    }
    assertEquals(List.of("a", "b"), learned.learnedOrder());
  }

  @Test
  void withAll_sortsNamedLocksOfOneRankByName_soInstancesCreatingThemInAnyOrderAgree()
      throws Exception {
    ReentrantLock shard1 = new ReentrantLock(); // one lock service, seen by two instances
    ReentrantLock shard2 = new ReentrantLock();
    LockOrder here = LockOrder.builder().rank("shard").build();
    LockOrder there = LockOrder.builder().rank("shard").build();
    Lock here1 = here.rank("shard").wrap(shard1, "shard-1");
    Lock here2 = here.rank("shard").wrap(shard2, "shard-2");
    Lock there2 = there.rank("shard").wrap(shard2, "shard-2"); // created in the other order
    Lock there1 = there.rank("shard").wrap(shard1, "shard-1");
    int rounds = 5_000;
    java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
    FutureTask<Integer> a = new FutureTask<>(() -> takeBoth(start, here, here1, here2, rounds));
    FutureTask<Integer> b = new FutureTask<>(() -> takeBoth(start, there, there2, there1, rounds));
    new Thread(a, "instance-a").start();
    new Thread(b, "instance-b").start();
    assertEquals(rounds, a.get(60, TimeUnit.SECONDS), "deadlocked");
    assertEquals(rounds, b.get(60, TimeUnit.SECONDS), "deadlocked");
    assertThrows(NullPointerException.class, () -> here.rank("shard").wrap(shard1, null));
  }

  private static int takeBoth(
      java.util.concurrent.CyclicBarrier start, LockOrder order, Lock first, Lock second, int rounds)
      throws Exception {
    start.await(10, TimeUnit.SECONDS);
    int done = 0;
    for (int i = 0; i < rounds; i++) {
      done += order.withAll(List.of((Lockable) first, (Lockable) second), () -> 1);
    }
    return done;
  }

  @Test
  void conditions_areTheWrappedLocks_checkedTheSameWay() {
    Lock first = order.rank(Locks.FIRST).wrap(new ReentrantLock());
    Lock second = order.rank(Locks.SECOND).wrap(new ReentrantLock());
    Condition condition = first.newCondition();
    first.lock();
    second.lock();
    try {
      assertThrows(LockOrderViolationException.class, condition::awaitUninterruptibly);
    } finally {
      second.unlock();
      first.unlock();
    }
    Lock remote = order.rank(Locks.SECOND).wrap(new CountingLock());
    assertThrows(UnsupportedOperationException.class, remote::newCondition);
  }
}
