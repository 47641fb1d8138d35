package io.github.sharedstate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contention profile (waiting charged to the releasing holder's code, weighted by the number
 * of waiters) and the held-while-waited counters. The holder keeps the lock for a known minimum
 * time without sleeping: the value's long-wait threshold is that time, and the holder lets go only
 * after every waiter was reported as having waited that long.
 */
final class ContentionProfileTest {
  private static final Duration MIN_HOLD = Duration.ofMillis(60);

  private int previousSampling;

  @BeforeEach
  void chargeEveryContendedRelease() {
    previousSampling = LockDiagnostics.contentionSampling();
    LockDiagnostics.contentionSampling(1);
    LockDiagnostics.resetContentionProfile();
  }

  @AfterEach
  void restoreSampling() {
    LockDiagnostics.contentionSampling(previousSampling);
    LockDiagnostics.resetContentionProfile();
  }

  @Test
  void threeWaitersBehindExclusiveHolder_chargedToHoldersMethod_threeTimesTheHold()
      throws Exception {
    ExclusiveValue<int[]> value =
        ExclusiveValue.builder(new int[1]).name("cp-three").longWaitThreshold(MIN_HOLD).build();
    int waiters = 3;
    contend(
        "cp-three",
        release -> releaseAfterHolding(value, release),
        waiters,
        () -> value.modify(v -> v[0]++));

    ContentionProfile.Entry entry = entry("cp-three", "releaseAfterHolding");
    assertEquals(1, entry.releases());
    assertTrue(
        entry.charged().compareTo(MIN_HOLD.multipliedBy(waiters)) >= 0,
        "charged " + entry.charged() + " for " + waiters + " waiters kept at least " + MIN_HOLD);
    assertTrue(entry.site().contains(ContentionProfileTest.class.getName()), entry.site());
    LockStats stats = value.stats();
    assertTrue(stats.maxHeldWhileWaited().compareTo(MIN_HOLD) >= 0, stats.toString());
    assertTrue(stats.heldWhileWaited().compareTo(stats.maxHeldWhileWaited()) >= 0);
    // the first release charged 3 x its hold, which is at most the longest hold
    assertTrue(
        entry.charged().compareTo(stats.maxHeldWhileWaited().multipliedBy(waiters)) <= 0,
        entry.charged() + " > 3 x " + stats.maxHeldWhileWaited());
    assertEquals(waiters, (int) value.with(v -> v[0]));

    String table = LockDiagnostics.contentionProfile().table();
    assertTrue(table.startsWith("contention charged to holders (sampled 1 in 1"), table);
    assertTrue(table.contains("holder site"), table);
    assertTrue(
        table.lines().anyMatch(l -> l.startsWith("cp-three") && l.contains("releaseAfterHolding")),
        table);

    LockDiagnostics.resetContentionProfile();
    assertEquals(List.of(), entries("cp-three"));
  }

  @Test
  void twoWritersBehindGuardedWriter_chargedToHoldersMethod_twiceTheHold() throws Exception {
    GuardedValue<int[]> value =
        GuardedValue.builder(new int[1]).name("cp-guarded").longWaitThreshold(MIN_HOLD).build();
    contend(
        "cp-guarded",
        release -> releaseWriteAfterHolding(value, release),
        2,
        () -> value.modify(v -> v[0]++));

    ContentionProfile.Entry entry = entry("cp-guarded", "releaseWriteAfterHolding");
    assertEquals(1, entry.releases());
    assertTrue(entry.charged().compareTo(MIN_HOLD.multipliedBy(2)) >= 0, entry.toString());
    assertTrue(value.stats().maxHeldWhileWaited().compareTo(MIN_HOLD) >= 0);
  }

  @Test
  void twoWaitersBehindOrderedLock_chargedToTheMethodThatUnlocks() throws Exception {
    OrderedLock lock = OrderedLock.builder().name("cp-ordered").longWaitThreshold(MIN_HOLD).build();
    contend("cp-ordered", release -> unlockAfterHolding(lock, release), 2, () -> lockOnce(lock));

    ContentionProfile.Entry entry = entry("cp-ordered", "unlockAfterHolding");
    assertEquals(1, entry.releases());
    assertTrue(entry.charged().compareTo(MIN_HOLD.multipliedBy(2)) >= 0, entry.toString());
    assertTrue(lock.stats().maxHeldWhileWaited().compareTo(MIN_HOLD) >= 0);
  }

  @Test
  void samplingZero_contendedRelease_chargesNothingButCountsHeldWhileWaited() throws Exception {
    LockDiagnostics.contentionSampling(0);
    ExclusiveValue<int[]> value =
        ExclusiveValue.builder(new int[1]).name("cp-off").longWaitThreshold(MIN_HOLD).build();
    contend(
        "cp-off",
        release -> releaseAfterHolding(value, release),
        1,
        () -> value.modify(v -> v[0]++));

    assertEquals(List.of(), entries("cp-off"));
    assertEquals(0, LockDiagnostics.contentionProfile().sampling());
    LockStats stats = value.stats();
    assertTrue(stats.maxHeldWhileWaited().compareTo(MIN_HOLD) >= 0, stats.toString());
    assertTrue(stats.heldWhileWaited().compareTo(MIN_HOLD) >= 0, stats.toString());
  }

  @Test
  void uncontendedReleases_heldWhileWaitedStaysZero_andNothingIsCharged() throws Exception {
    ExclusiveValue<int[]> exclusive = ExclusiveValue.builder(new int[1]).name("cp-idle-x").build();
    GuardedValue<int[]> guarded = GuardedValue.builder(new int[1]).name("cp-idle-g").build();
    OrderedLock lock = OrderedLock.builder().name("cp-idle-l").build();
    OrderedReadWriteLock rw = OrderedReadWriteLock.builder().name("cp-idle-rw").build();
    for (int i = 0; i < 100; i++) {
      exclusive.modify(v -> v[0]++);
      guarded.modify(v -> v[0]++);
      assertEquals(i + 1, (int) guarded.read(v -> v[0]));
      lockOnce(lock);
      lockOnce(rw.writeLock());
      lockOnce(rw.readLock());
    }
    List<LockStats> all = List.of(exclusive.stats(), guarded.stats(), lock.stats(), rw.stats());
    for (LockStats stats : all) {
      assertEquals(Duration.ZERO, stats.heldWhileWaited(), stats.toString());
      assertEquals(Duration.ZERO, stats.maxHeldWhileWaited(), stats.toString());
      assertEquals(0, stats.contendedAcquisitions(), stats.toString());
    }
    for (String name : List.of("cp-idle-x", "cp-idle-g", "cp-idle-l", "cp-idle-rw")) {
      assertEquals(List.of(), entries(name));
    }
  }

  @Test
  void contentionSampling_negative_rejectedAndUnchanged() {
    LockDiagnostics.contentionSampling(7);
    assertEquals(7, LockDiagnostics.contentionSampling());
    assertEquals(7, LockDiagnostics.contentionProfile().sampling());
    assertThrows(IllegalArgumentException.class, () -> LockDiagnostics.contentionSampling(-1));
    assertEquals(7, LockDiagnostics.contentionSampling());
  }

  // ---- helpers -------------------------------------------------------------------------------

  /**
   * Starts a holder thread running {@code hold}, queues {@code waiters} threads running {@code
   * waiterBody} behind it, waits until every one of them was reported as having waited {@link
   * #MIN_HOLD} (so the holder has kept them all waiting at least that long), then lets the holder
   * go and joins everyone.
   *
   * @param hold takes the lock and calls {@link Release#holdUntilLetGo()} holding it
   */
  private static void contend(
      String lockName, Consumer<Release> hold, int waiters, Runnable waiterBody)
      throws InterruptedException {
    Release release = new Release();
    CountDownLatch reported = new CountDownLatch(waiters);
    LockDiagnostics.Listener listener =
        new LockDiagnostics.Listener() {
          @Override
          public void longWait(LockDiagnostics.LongWait report) {
            if (report.lock().equals(lockName)) {
              reported.countDown();
            }
          }
        };
    List<Thread> threads = new ArrayList<>();
    LockDiagnostics.addListener(listener);
    try {
      Thread holder = new Thread(() -> hold.accept(release), lockName + "-holder");
      threads.add(holder);
      holder.start();
      assertTrue(release.held.await(10, TimeUnit.SECONDS), "the holder never took the lock");
      for (int i = 0; i < waiters; i++) {
        Thread waiter = new Thread(waiterBody, lockName + "-waiter-" + i);
        threads.add(waiter);
        waiter.start();
        Await.parked(waiter);
      }
      assertTrue(
          reported.await(10, TimeUnit.SECONDS),
          "expected " + waiters + " long-wait reports, missing " + reported.getCount());
    } finally {
      LockDiagnostics.removeListener(listener);
      release.go.countDown();
      for (Thread thread : threads) {
        thread.join(10_000);
        assertFalse(thread.isAlive(), thread.getName() + " did not end");
      }
    }
  }

  /** The holder's side of {@link #contend}. */
  private static final class Release {
    final CountDownLatch held = new CountDownLatch(1);
    final CountDownLatch go = new CountDownLatch(1);

    /** Called with the lock held: signals, then waits (uninterruptibly) to be let go. */
    void holdUntilLetGo() {
      held.countDown();
      boolean interrupted = false;
      while (true) {
        try {
          go.await();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The holder's code that the profile must name: it releases the mutex. */
  private static void releaseAfterHolding(ExclusiveValue<int[]> value, Release release) {
    value.modify(v -> release.holdUntilLetGo());
  }

  /** The holder's code that the profile must name: it releases the write lock. */
  private static void releaseWriteAfterHolding(GuardedValue<int[]> value, Release release) {
    value.modify(v -> release.holdUntilLetGo());
  }

  /** The holder's code that the profile must name: it calls unlock(). */
  private static void unlockAfterHolding(Lock lock, Release release) {
    lock.lock();
    try {
      release.holdUntilLetGo();
    } finally {
      lock.unlock();
    }
  }

  private static void lockOnce(Lock lock) {
    lock.lock();
    try {
      Thread.onSpinWait();
    } finally {
      lock.unlock();
    }
  }

  private static List<ContentionProfile.Entry> entries(String lockName) {
    return LockDiagnostics.contentionProfile().entries().stream()
        .filter(e -> e.lock().equals(lockName))
        .toList();
  }

  /** The one entry of {@code lockName} whose site is in {@code method}. */
  private static ContentionProfile.Entry entry(String lockName, String method) {
    List<ContentionProfile.Entry> found =
        entries(lockName).stream().filter(e -> e.site().contains("." + method + "(")).toList();
    assertEquals(1, found.size(), "entries for " + method + ": " + entries(lockName));
    return found.get(0);
  }
}
