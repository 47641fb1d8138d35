package io.github.sharedstate.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The reader-biased lock on its own, with explicit tables (one cell: every reader collides). */
// The tests step through lock states one call at a time; a failing assertion ends the test.
@SuppressWarnings("LockNotBeforeTry")
final class ReaderBiasTest {
  private static BiasedLock biased(int cells) {
    return new BiasedLock(false, new ReaderTable(cells));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 8})
  void fastRead_leavesTheUnderlyingLockUntouched(int cells) {
    BiasedLock lock = biased(cells);
    assertTrue(lock.tryFastRead());
    assertTrue(lock.holdsFastRead());
    assertEquals(0, lock.getReadLockCount());
    assertTrue(lock.releaseFastRead());
    assertFalse(lock.holdsFastRead());
    assertFalse(lock.releaseFastRead(), "nothing left to release");
  }

  @Test
  void fairOrTablelessLock_hasNoFastPath() {
    for (BiasedLock lock :
        new BiasedLock[] {new BiasedLock(true), new BiasedLock(false, null)}) {
      assertFalse(lock.tryFastRead());
      assertFalse(lock.holdsFastRead());
      assertFalse(lock.releaseFastRead());
      lock.writeLock().lock();
      assertTrue(lock.revoke(), "nothing to revoke");
      lock.writeLock().unlock();
    }
  }

  @Test
  void twoThreadsSharingOneCell_areNeverTakenForOneReentrantHolder() throws Exception {
    BiasedLock lock = biased(1);
    assertTrue(lock.tryFastRead());
    String other =
        onAnotherThread(
            () ->
                lock.holdsFastRead() + " " + lock.tryFastRead() + " " + lock.releaseFastRead());
    assertEquals("false false false", other);
    assertTrue(lock.releaseFastRead());
  }

  @Test
  void reentrantFastRead_whileAWriterRevokes_doesNotBlock() throws Exception {
    BiasedLock lock = biased(8);
    assertTrue(lock.tryFastRead());
    CountDownLatch revoking = new CountDownLatch(1);
    Thread writer = revokingWriter(lock, revoking::countDown);
    writer.start();
    assertTrue(revoking.await(10, TimeUnit.SECONDS));
    assertTrue(lock.tryFastRead(), "re-entry finds this thread's own cell");
    assertTrue(lock.releaseFastRead());
    assertTrue(writer.isAlive(), "one hold remains: the writer still waits");
    assertTrue(lock.releaseFastRead());
    writer.join(10_000);
    assertFalse(writer.isAlive());
    assertFalse(lock.tryFastRead(), "the bias is off right after a revocation");
  }

  @Test
  void newReader_duringRevocation_takesTheSlowPath() throws Exception {
    BiasedLock lock = biased(8);
    lock.writeLock().lock();
    assertTrue(lock.revoke());
    assertFalse(onAnotherThread(lock::tryFastRead));
    lock.writeLock().unlock();
  }

  @Test
  void slowReader_turnsTheBiasBackOn_onceTheInhibitWindowPassed() {
    BiasedLock lock = biased(8);
    lock.writeLock().lock();
    assertTrue(lock.revoke());
    lock.writeLock().unlock();
    assertFalse(lock.tryFastRead());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!lock.tryFastRead()) { // the window is nine times the (microsecond) revocation
      lock.readLock().lock();
      lock.afterSlowRead();
      lock.readLock().unlock();
      if (System.nanoTime() > deadline) {
        fail("the bias never came back on: " + lock);
      }
    }
    assertTrue(lock.releaseFastRead());
  }

  @Test
  void aWriterParkedForALingeringReader_doesNotCountItsParkInTheInhibitWindow() throws Exception {
    BiasedLock lock = biased(8);
    assertTrue(lock.tryFastRead());
    Thread writer = revokingWriter(lock, () -> {});
    writer.start();
    // Stay in the cell while the writer parks, 300 ms in all: were the writer's parks counted,
    // the bias would stay off nine times as long, 2.7 s, past the deadline below.
    long holdUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
    while (System.nanoTime() < holdUntil || writer.getState() != Thread.State.TIMED_WAITING) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
    assertTrue(lock.releaseFastRead());
    writer.join(10_000);
    assertFalse(writer.isAlive());
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
    while (!lock.tryFastRead()) {
      slowRead(lock);
      if (System.nanoTime() > deadline) {
        fail("the bias stayed off as if the writer's park had been revocation work: " + lock);
      }
    }
    assertTrue(lock.releaseFastRead());
  }

  @Test
  void downgradedWriter_neverTurnsTheBiasBackOn() throws Exception {
    BiasedLock lock = biased(8);
    lock.writeLock().lock();
    assertTrue(lock.revoke());
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
    while (System.nanoTime() < deadline) { // long past the inhibit window
      lock.readLock().lock();
      lock.afterSlowRead();
      lock.readLock().unlock();
    }
    assertFalse(onAnotherThread(lock::tryFastRead), "a fast read while the writer holds the lock");
    lock.writeLock().unlock();
  }

  @Test
  void waitingWriter_stopsNewFastReads_soReadersQueueBehindIt() {
    BiasedLock lock = biased(8);
    assertTrue(lock.tryFastRead());
    lock.beforeWriteWait();
    assertTrue(lock.tryFastRead(), "re-entry still works");
    assertTrue(lock.releaseFastRead());
    assertTrue(lock.releaseFastRead());
    assertFalse(lock.tryFastRead(), "new reads take the slow path");
  }

  @Test
  void announcedWriter_keepsTheBiasOff_untilItsWaitEnds() {
    BiasedLock lock = biased(8);
    lock.writeLock().lock();
    assertTrue(lock.revoke());
    lock.writeLock().unlock(); // unbiased for the inhibit window
    lock.beforeWriteWait(); // a writer about to queue, not queued yet
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
    while (System.nanoTime() < deadline) { // long past the inhibit window
      slowRead(lock);
    }
    assertFalse(lock.tryFastRead(), "the bias came back on while a writer was about to wait");
    lock.afterWriteWait();
    deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!lock.tryFastRead()) {
      slowRead(lock);
      if (System.nanoTime() > deadline) {
        fail("the bias never came back on after the writer's wait: " + lock);
      }
    }
    assertTrue(lock.releaseFastRead());
  }

  /**
   * A writer that takes the write lock, finds a fast reader inside, runs {@code onceRevoking}
   * and waits until the reader has left.
   */
  private static Thread revokingWriter(BiasedLock lock, Runnable onceRevoking) {
    return new Thread(
        () -> {
          lock.writeLock().lock();
          try {
            assertFalse(lock.revoke(), "a fast reader is inside");
            onceRevoking.run();
            assertTrue(lock.awaitReaders(-1, false));
          } catch (InterruptedException e) {
            throw new AssertionError(e);
          } finally {
            lock.writeLock().unlock();
          }
        });
  }

  private static void slowRead(BiasedLock lock) {
    lock.readLock().lock();
    lock.afterSlowRead();
    lock.readLock().unlock();
  }

  @Test
  void timedWriter_expiringDuringRevocation_leavesItForTheNextWriter() throws Exception {
    BiasedLock lock = biased(8);
    assertTrue(lock.tryFastRead());
    AtomicReference<String> outcome = new AtomicReference<>();
    Thread writer =
        new Thread(
            () -> {
              lock.writeLock().lock();
              try {
                outcome.set(lock.revoke() + " " + lock.awaitReaders(1_000_000, true));
              } catch (InterruptedException e) {
                outcome.set("interrupted");
              } finally {
                lock.writeLock().unlock();
              }
            });
    writer.start();
    writer.join(10_000);
    assertEquals("false false", outcome.get(), "the reader stayed inside: the wait timed out");
    assertFalse(lock.isWriteLocked());
    assertTrue(lock.releaseFastRead());
    lock.readLock().lock();
    lock.afterSlowRead(); // finds no fast reader: completes the revocation the writer gave up
    lock.readLock().unlock();
    lock.writeLock().lock();
    assertTrue(lock.revoke());
    lock.writeLock().unlock();
  }

  @Test
  void zeroTimeout_withAReaderInside_failsAtOnce() throws Exception {
    BiasedLock lock = biased(8);
    assertTrue(lock.tryFastRead());
    boolean writer =
        onAnotherThread(
            () -> {
              lock.writeLock().lock();
              try {
                return lock.revoke() || lock.awaitReaders(0, true);
              } catch (InterruptedException e) {
                throw new AssertionError(e);
              } finally {
                lock.writeLock().unlock();
              }
            });
    assertFalse(writer);
    assertTrue(lock.releaseFastRead());
  }

  @Test
  void awaitReaders_interruptible_throws_uninterruptible_keepsTheFlag() throws Exception {
    BiasedLock lock = biased(8);
    assertTrue(lock.tryFastRead());
    AtomicReference<String> outcome = new AtomicReference<>();
    Thread writer =
        new Thread(
            () -> {
              lock.writeLock().lock();
              try {
                assertFalse(lock.revoke());
                Thread.currentThread().interrupt();
                assertThrows(InterruptedException.class, () -> lock.awaitReaders(-1, true));
                Thread.currentThread().interrupt();
                boolean drained = lock.awaitReaders(1_000_000, false);
                outcome.set(drained + " " + Thread.currentThread().isInterrupted());
              } catch (InterruptedException e) {
                outcome.set("thrown");
              } finally {
                lock.writeLock().unlock();
              }
            });
    writer.start();
    writer.join(10_000);
    assertEquals("false true", outcome.get());
    assertTrue(lock.releaseFastRead());
  }

  @Test
  void fastReads_areCountedInTheCell_andMovedWhenTheCellCountsForAnotherLock() throws Exception {
    ReaderTable oneCell = new ReaderTable(1);
    BiasedLock a = new BiasedLock(false, oneCell);
    BiasedLock b = new BiasedLock(false, oneCell);
    read(a, 3);
    assertTrue(a.tryFastRead()); // a re-entry counts as a read too
    assertTrue(a.tryFastRead());
    assertTrue(a.releaseFastRead());
    assertTrue(a.releaseFastRead());
    read(b, 2); // the cell now counts for b; a's five reads move to a's total
    Thread other = new Thread(() -> read(a, 4));
    other.start();
    other.join(10_000);
    assertEquals(9, a.fastReads());
    assertEquals(2, b.fastReads());
    assertEquals(0, new BiasedLock(false, oneCell).fastReads());
    assertEquals(0, new BiasedLock(false, null).fastReads());
  }

  private static void read(BiasedLock lock, int times) {
    for (int i = 0; i < times; i++) {
      assertTrue(lock.tryFastRead());
      assertTrue(lock.releaseFastRead());
    }
  }

  @Test
  void tableSize_fromTheProperty() {
    assertNull(ReaderTable.create("0"), "0 turns the fast path off");
    assertEquals(1, sizeOf(ReaderTable.create("1")));
    assertEquals(8, sizeOf(ReaderTable.create(" 5 ")));
    assertEquals(1024, sizeOf(ReaderTable.create("1000")));
    int processors = Runtime.getRuntime().availableProcessors();
    int size = sizeOf(ReaderTable.create(null));
    assertTrue(size >= 4 * processors && size < 8 * processors, "default size " + size);
    for (String bad : new String[] {"-1", "many", "1048577", ""}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> ReaderTable.create(bad));
      assertTrue(e.getMessage().contains(ReaderTable.CELLS_PROPERTY), e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> new ReaderTable(3));
  }

  /** Runs {@code call} on a new thread and returns its result. */
  private static <V> V onAnotherThread(Supplier<V> call) throws Exception {
    return CompletableFuture.supplyAsync(call, runnable -> new Thread(runnable).start())
        .get(10, TimeUnit.SECONDS);
  }

  private static int sizeOf(ReaderTable table) {
    return table.size();
  }
}
