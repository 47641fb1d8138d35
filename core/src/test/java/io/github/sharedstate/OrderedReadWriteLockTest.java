package io.github.sharedstate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sharedstate.OrderedLockTest.OtherThread;
import java.util.List;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

// The tests step through lock states one call at a time; a failing assertion ends the test.
@SuppressWarnings("LockNotBeforeTry")
final class OrderedReadWriteLockTest {
  enum Locks {
    ROUTES,
    STATS
  }

  private final LockOrder order = LockOrder.of(Locks.class);
  private final OrderedReadWriteLock routes = OrderedReadWriteLock.of(order.rank(Locks.ROUTES));
  private final OrderedReadWriteLock stats = OrderedReadWriteLock.of(order.rank(Locks.STATS));

  private static OrderedReadWriteLock lock(boolean fair) {
    return OrderedReadWriteLock.builder().name(fair ? "fair" : "biased").fair(fair).build();
  }

  @Test
  void builder_rejectsBadOptions() {
    assertThrows(NullPointerException.class, () -> OrderedReadWriteLock.of(null));
    assertThrows(NullPointerException.class, () -> OrderedReadWriteLock.builder().name(null));
    assertThrows(NullPointerException.class, () -> OrderedReadWriteLock.builder().rank(null));
    assertThrows(NullPointerException.class, () -> OrderedReadWriteLock.builder().order(null));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            OrderedReadWriteLock.builder()
                .rank(order.rank(Locks.ROUTES))
                .order(LockOrder.learned("other"))
                .build());
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void isADropInReadWriteLock_andCountsBothModes(boolean fair) throws Exception {
    OrderedReadWriteLock lock = lock(fair);
    ReadWriteLock asInterface = lock;
    assertEquals(fair, lock.isFair());
    asInterface.readLock().lock();
    lock.readLock().lock(); // re-entry
    assertEquals(2, lock.getReadHoldCount(), "fast holds included");
    assertEquals(2, lock.getReadLockCount(), "holds, as the JDK counts them");
    FutureTask<Boolean> otherReader =
        new FutureTask<>(
            () -> {
              boolean got = lock.readLock().tryLock(); // readers share
              if (got) {
                lock.readLock().unlock();
              }
              return got;
            });
    new Thread(otherReader).start();
    assertTrue(otherReader.get(10, TimeUnit.SECONDS));
    FutureTask<Boolean> writer = new FutureTask<>(() -> lock.writeLock().tryLock());
    new Thread(writer).start();
    assertFalse(writer.get(10, TimeUnit.SECONDS), "a reader keeps writers out");
    lock.readLock().unlock();
    lock.readLock().unlock();
    assertEquals(0, lock.getReadHoldCount());
    lock.writeLock().lock();
    assertTrue(lock.isWriteLockedByCurrentThread());
    assertEquals(1, lock.getWriteHoldCount());
    assertTrue(lock.toString().contains("write-locked by thread"), lock.toString());
    lock.writeLock().unlock();
    LockStats counted = lock.stats();
    assertEquals(3, counted.readAcquisitions());
    assertEquals(1, counted.writeAcquisitions());
    assertEquals(1, counted.timeouts(), "the writer's failed tryLock");
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void upgrade_throwsAtOnce_orReturnsFalseFromTryLock_leakingNothing(boolean fair)
      throws Exception {
    OrderedReadWriteLock lock = lock(fair);
    lock.readLock().lock();
    try {
      assertThrows(LockUpgradeException.class, () -> lock.writeLock().lock());
      assertThrows(LockUpgradeException.class, () -> lock.writeLock().lockInterruptibly());
      assertThrows(
          LockUpgradeException.class, () -> lock.writeLock().tryLock(1, TimeUnit.MINUTES));
      assertFalse(lock.writeLock().tryLock(), "the JDK's untimed tryLock answers false");
      assertFalse(lock.isWriteLocked());
    } finally {
      lock.readLock().unlock();
    }
    FutureTask<Boolean> writer =
        new FutureTask<>(
            () -> {
              lock.writeLock().lock();
              lock.writeLock().unlock();
              return true;
            });
    new Thread(writer).start();
    assertTrue(writer.get(10, TimeUnit.SECONDS), "nothing was left held");
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void downgrade_isAllowed(boolean fair) {
    OrderedReadWriteLock lock = lock(fair);
    lock.writeLock().lock();
    lock.readLock().lock();
    lock.writeLock().unlock();
    assertEquals(1, lock.getReadHoldCount());
    assertFalse(lock.isWriteLocked());
    lock.readLock().unlock();
    assertEquals(0, lock.getReadLockCount());
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void readReentry_withAWriterQueued_doesNotDeadlock(boolean fair) throws Exception {
    OrderedReadWriteLock lock = lock(fair);
    lock.readLock().lock();
    FutureTask<Boolean> writer =
        new FutureTask<>(
            () -> {
              lock.writeLock().lock();
              lock.writeLock().unlock();
              return true;
            });
    Thread thread = new Thread(writer, "writer");
    thread.start();
    Await.parked(thread);
    assertTrue(lock.readLock().tryLock(10, TimeUnit.SECONDS), "the reader re-enters");
    lock.readLock().unlock();
    lock.readLock().unlock();
    assertTrue(writer.get(10, TimeUnit.SECONDS));
  }

  @Test
  void outOfOrder_readOrWrite_throwsBeforeWaiting() {
    stats.readLock().lock();
    try {
      assertThrows(LockOrderViolationException.class, () -> routes.readLock().lock());
      assertThrows(LockOrderViolationException.class, () -> routes.writeLock().lock());
      assertThrows(LockOrderViolationException.class, () -> routes.readLock().tryLock());
      assertThrows(
          LockOrderViolationException.class,
          () -> routes.writeLock().tryLock(1, TimeUnit.SECONDS));
      assertEquals(0, routes.getReadHoldCount());
      assertFalse(routes.isWriteLocked());
      assertEquals(1, order.heldByCurrentThread().size());
    } finally {
      stats.readLock().unlock();
    }
    routes.readLock().lock();
    stats.writeLock().lock(); // in order
    assertEquals(
        List.of(false, true),
        order.heldByCurrentThread().stream().map(LockOrder.HeldLock::write).toList());
    stats.writeLock().unlock();
    routes.readLock().unlock();
    assertEquals(4, routes.stats().violations());
  }

  @Test
  void unlock_whenNotHeld_throwsIllegalMonitorState() throws Exception {
    OrderedReadWriteLock lock = lock(false);
    assertThrows(IllegalMonitorStateException.class, () -> lock.readLock().unlock());
    assertThrows(IllegalMonitorStateException.class, () -> lock.writeLock().unlock());
    try (OtherThread holder = OtherThread.holding(lock.readLock())) {
      assertThrows(IllegalMonitorStateException.class, () -> lock.readLock().unlock());
      assertEquals(1, lock.getReadLockCount(), "the other reader still reads");
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void writer_waitsForReaders_andTimesOut_orIsInterrupted_leavingNothingHeld(boolean fair)
      throws Exception {
    OrderedReadWriteLock lock = lock(fair);
    try (OtherThread reader = OtherThread.holding(lock.readLock())) {
      assertFalse(lock.writeLock().tryLock(20, TimeUnit.MILLISECONDS));
      FutureTask<Boolean> interrupted =
          new FutureTask<>(
              () -> {
                try {
                  lock.writeLock().lockInterruptibly();
                  return false;
                } catch (InterruptedException e) {
                  return !lock.isWriteLockedByCurrentThread();
                }
              });
      Thread thread = new Thread(interrupted, "interrupted");
      thread.start();
      Await.parked(thread);
      thread.interrupt();
      assertTrue(interrupted.get(10, TimeUnit.SECONDS));
    }
    assertEquals(1, lock.stats().timeouts());
    assertTrue(lock.writeLock().tryLock(10, TimeUnit.SECONDS), "nothing left held");
    lock.writeLock().unlock();
  }

  @Test
  void conditions_onlyOnTheWriteLock_andNoReaderOverlapsAWaiterThatIsBack() throws Exception {
    OrderedReadWriteLock lock = lock(false);
    Lock read = lock.readLock();
    assertThrows(UnsupportedOperationException.class, read::newCondition);
    Condition changed = lock.writeLock().newCondition();
    FutureTask<Integer> waiter =
        new FutureTask<>(
            () -> {
              lock.writeLock().lock();
              try {
                while (true) {
                  changed.await(); // nobody signals: only the interrupt ends it
                }
              } catch (InterruptedException e) { // back with the write lock
                return lock.getReadLockCount();
              } finally {
                lock.writeLock().unlock();
              }
            });
    Thread thread = new Thread(waiter, "waiter");
    thread.start();
    Await.parked(thread);
    lock.readLock().lock(); // the write lock is free while the waiter waits
    lock.readLock().unlock();
    try (OtherThread reader = OtherThread.holding(lock.readLock())) {
      thread.interrupt(); // the waiter takes the write lock back, and must wait for the reader
      Await.parked(thread);
      assertFalse(waiter.isDone(), "the waiter came back beside a reader");
    }
    assertEquals(0, waiter.get(10, TimeUnit.SECONDS), "no reader inside once it was back");
    lock.writeLock().lock();
    try {
      assertFalse(lock.hasWaiters(changed));
      assertEquals(0, lock.getWaitQueueLength(changed));
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Test
  void withAll_takesTheWriteLocks() {
    LockOrder shards = LockOrder.builder().rank("r").build();
    OrderedReadWriteLock a = OrderedReadWriteLock.of(shards.rank("r"));
    OrderedReadWriteLock b = OrderedReadWriteLock.of(shards.rank("r"));
    assertTrue(
        shards.withAll(
            List.of(b, a), () -> a.isWriteLockedByCurrentThread() && b.isWriteLockedByCurrentThread()));
    assertFalse(a.isWriteLocked() || b.isWriteLocked());
  }

  @Test
  void readLockFields_canBeTypedAsTheJdkClasses() {
    ReentrantReadWriteLock lock = routes;
    ReentrantReadWriteLock.ReadLock read = lock.readLock();
    ReentrantReadWriteLock.WriteLock write = lock.writeLock();
    assertTrue(read.toString().contains("ROUTES"), read.toString());
    assertTrue(write.toString().contains("unlocked"), write.toString());
    write.lock();
    assertTrue(write.isHeldByCurrentThread());
    assertEquals(1, write.getHoldCount());
    write.unlock();
  }
}
