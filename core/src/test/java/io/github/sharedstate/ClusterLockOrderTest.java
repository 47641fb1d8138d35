package io.github.sharedstate;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.curator.retry.RetryNTimes;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Cluster-wide locks in one lock order: Apache Curator's {@link InterProcessMutex} on an embedded
 * ZooKeeper, adapted to {@link Lock} and wrapped by {@link LockOrder.Rank#wrap}. Two Curator
 * clients stand for two instances of one service; each declares the same ranks (one enum) in a
 * lock order of its own, as two JVMs would.
 */
@Tag("slow") // an embedded ZooKeeper, seconds: left out of PIT runs
final class ClusterLockOrderTest {
  /*
   * Every test works under a ZooKeeper path of its own, so the tests share the server and the two
   * clients but no lock. Locks are taken and released on one thread: InterProcessMutex, like
   * ReentrantLock, belongs to the thread that took it.
   */
  enum Locks {
    ACCOUNTS,
    LEDGER,
    AUDIT
  }

  private static TestingServer zooKeeper;
  private static CuratorFramework clientA;
  private static CuratorFramework clientB;

  @BeforeAll
  static void startZooKeeper() throws Exception {
    zooKeeper = new TestingServer(true);
    clientA = connect();
    clientB = connect();
  }

  @AfterAll
  static void stopZooKeeper() throws IOException {
    try {
      if (clientA != null) {
        clientA.close();
      }
      if (clientB != null) {
        clientB.close();
      }
    } finally {
      if (zooKeeper != null) {
        zooKeeper.close();
      }
    }
  }

  private static CuratorFramework connect() throws InterruptedException {
    CuratorFramework client =
        CuratorFrameworkFactory.newClient(zooKeeper.getConnectString(), new RetryNTimes(3, 100));
    client.start();
    assertTrue(client.blockUntilConnected(20, SECONDS), "no connection to ZooKeeper");
    return client;
  }

  // snippet cluster-locks
  /** A ZooKeeper lock (Apache Curator's InterProcessMutex) as a java.util.concurrent Lock. */
  static final class ZkLock implements Lock {
    private final InterProcessMutex mutex;

    ZkLock(CuratorFramework client, String path) {
      this.mutex = new InterProcessMutex(client, path);
    }

    @Override
    public void lock() {
      boolean interrupted = false;
      while (true) {
        try {
          mutex.acquire();
          break;
        } catch (InterruptedException e) {
          interrupted = true; // lock() is not interruptible: keep waiting, then restore the flag
        } catch (Exception e) {
          throw new IllegalStateException("ZooKeeper lock failed", e);
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void lockInterruptibly() throws InterruptedException {
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
      try {
        mutex.acquire();
      } catch (InterruptedException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException("ZooKeeper lock failed", e);
      }
    }

    @Override
    public boolean tryLock() {
      try {
        return mutex.acquire(0, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      } catch (Exception e) {
        throw new IllegalStateException("ZooKeeper lock failed", e);
      }
    }

    @Override
    public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
      try {
        return mutex.acquire(time, unit);
      } catch (InterruptedException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException("ZooKeeper lock failed", e);
      }
    }

    @Override
    public void unlock() {
      try {
        mutex.release();
      } catch (RuntimeException e) {
        throw e; // IllegalMonitorStateException when this thread does not hold it
      } catch (Exception e) {
        throw new IllegalStateException("ZooKeeper unlock failed", e);
      }
    }

    @Override
    public Condition newCondition() {
      throw new UnsupportedOperationException("a ZooKeeper lock has no conditions");
    }
  }

  /** On every instance of the service: the same ranks, so no cycle can form between them. */
  static List<Lock> accountsAndLedger(CuratorFramework client, LockOrder order) {
    Lock accounts = order.rank(Locks.ACCOUNTS).wrap(new ZkLock(client, "/locks/accounts"));
    Lock ledger = order.rank(Locks.LEDGER).wrap(new ZkLock(client, "/locks/ledger"));
    return List.of(accounts, ledger);
  }
  // end snippet

  /**
   * A lock that counts what reaches the lock under it, for proving what the checked lock passed
   * on: tries without waiting, waits (every other acquiring form), acquisitions and releases.
   */
  static final class CountingLock implements Lock {
    final Lock lock;
    final AtomicInteger tries = new AtomicInteger();
    final AtomicInteger waits = new AtomicInteger();
    final AtomicInteger acquired = new AtomicInteger();
    final AtomicInteger released = new AtomicInteger();

    CountingLock(Lock lock) {
      this.lock = lock;
    }

    int calls() {
      return tries.get() + waits.get() + released.get();
    }

    private boolean count(boolean taken) {
      if (taken) {
        acquired.incrementAndGet();
      }
      return taken;
    }

    @Override
    public void lock() {
      waits.incrementAndGet();
      lock.lock();
      acquired.incrementAndGet();
    }

    @Override
    public void lockInterruptibly() throws InterruptedException {
      waits.incrementAndGet();
      lock.lockInterruptibly();
      acquired.incrementAndGet();
    }

    @Override
    public boolean tryLock() {
      tries.incrementAndGet();
      return count(lock.tryLock());
    }

    @Override
    public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
      waits.incrementAndGet();
      return count(lock.tryLock(time, unit));
    }

    @Override
    public void unlock() {
      lock.unlock();
      released.incrementAndGet();
    }

    @Override
    public Condition newCondition() {
      return lock.newCondition();
    }
  }

  /** One service instance: its own order over the shared ZooKeeper locks, and their counters. */
  static final class Instance {
    final Map<Locks, Lock> locks = new EnumMap<>(Locks.class);
    final Map<Locks, CountingLock> zk = new EnumMap<>(Locks.class);

    Instance(CuratorFramework client, String root) {
      LockOrder order = LockOrder.of(Locks.class);
      for (Locks rank : Locks.values()) {
        CountingLock counting =
            new CountingLock(
                new ZkLock(client, root + "/" + rank.name().toLowerCase(Locale.ROOT)));
        zk.put(rank, counting);
        locks.put(rank, order.rank(rank).wrap(counting));
      }
    }

    Lock lock(Locks rank) {
      return locks.get(rank);
    }

    LockStats stats(Locks rank) {
      return ((Lockable) locks.get(rank)).stats();
    }
  }

  private static String root(TestInfo test) {
    return "/locks/" + test.getTestMethod().orElseThrow().getName();
  }

  /** The lock nodes under a lock's path: one per holder or queued waiter, anywhere. */
  private static int lockNodes(String root, Locks rank) throws Exception {
    Stat stat =
        clientA.checkExists().forPath(root + "/" + rank.name().toLowerCase(Locale.ROOT));
    return stat == null ? 0 : stat.getNumChildren();
  }

  @Test
  void readmeExample_locksInRankOrder_acrossInstances() throws Exception {
    List<Lock> a = accountsAndLedger(clientA, LockOrder.of(Locks.class));
    List<Lock> b = accountsAndLedger(clientB, LockOrder.of(Locks.class));
    Lock accounts = a.get(0);
    Lock ledger = a.get(1);
    accounts.lock();
    try {
      ledger.lock();
      try {
        assertFalse(b.get(1).tryLock(), "instance B took a lock instance A holds");
      } finally {
        ledger.unlock();
      }
    } finally {
      accounts.unlock();
    }
    assertThrows(IllegalMonitorStateException.class, ledger::unlock);
    assertThrows(UnsupportedOperationException.class, ledger::newCondition);
    assertEquals(1, ((Lockable) ledger).stats().writeAcquisitions());
    assertEquals(1, ((Lockable) b.get(1)).stats().timeouts());
  }

  @Test
  void outOfRank_anyAcquiringForm_isRejectedBeforeReachingZooKeeper(TestInfo test)
      throws Exception {
    String root = root(test);
    Instance a = new Instance(clientA, root);
    Instance b = new Instance(clientB, root);
    CountingLock accountsZk = a.zk.get(Locks.ACCOUNTS);
    Lock accounts = a.lock(Locks.ACCOUNTS);

    a.lock(Locks.LEDGER).lock();
    try {
      List<LockOrderViolationException> violations = new ArrayList<>();
      violations.add(assertThrows(LockOrderViolationException.class, accounts::lock));
      violations.add(assertThrows(LockOrderViolationException.class, accounts::lockInterruptibly));
      violations.add(assertThrows(LockOrderViolationException.class, accounts::tryLock));
      violations.add(
          assertThrows(LockOrderViolationException.class, () -> accounts.tryLock(1, SECONDS)));
      for (LockOrderViolationException violation : violations) {
        String message = violation.getMessage();
        assertTrue(message.contains("'ACCOUNTS'") && message.contains("'LEDGER'"), message);
      }
      // Nothing reached ZooKeeper: the adapter was never called and no lock node exists.
      assertEquals(0, accountsZk.calls());
      assertEquals(0, lockNodes(root, Locks.ACCOUNTS));
      assertEquals(1, lockNodes(root, Locks.LEDGER));
    } finally {
      a.lock(Locks.LEDGER).unlock();
    }
    assertThrows(IllegalMonitorStateException.class, accounts::unlock); // A does not hold it

    // No one holds ACCOUNTS: the other instance takes it at once.
    Lock accountsOfB = b.lock(Locks.ACCOUNTS);
    assertTrue(accountsOfB.tryLock());
    accountsOfB.unlock();

    LockStats stats = a.stats(Locks.ACCOUNTS);
    assertEquals(4, stats.violations());
    assertEquals(0, stats.writeAcquisitions());
    assertEquals(0, stats.timeouts());
    assertEquals(1, a.stats(Locks.LEDGER).writeAcquisitions());
    assertEquals(0, a.stats(Locks.LEDGER).violations());
    assertEquals(1, b.stats(Locks.ACCOUNTS).writeAcquisitions());
    assertEquals(0, lockNodes(root, Locks.ACCOUNTS));
    assertEquals(0, lockNodes(root, Locks.LEDGER));
  }

  @Test
  void reentry_underAHigherRank_passesUnchecked(TestInfo test) throws Exception {
    String root = root(test);
    Instance a = new Instance(clientA, root);
    Lock ledger = a.lock(Locks.LEDGER);
    Lock audit = a.lock(Locks.AUDIT);
    ledger.lock();
    try {
      audit.lock();
      try {
        ledger.lock(); // held already: InterProcessMutex counts it, ZooKeeper sees nothing
        try {
          assertEquals(1, lockNodes(root, Locks.LEDGER));
        } finally {
          ledger.unlock();
        }
      } finally {
        audit.unlock();
      }
    } finally {
      ledger.unlock();
    }
    assertEquals(0, lockNodes(root, Locks.LEDGER));
    assertEquals(0, a.stats(Locks.LEDGER).violations());
    assertEquals(2, a.stats(Locks.LEDGER).writeAcquisitions());
    assertThrows(IllegalMonitorStateException.class, ledger::unlock);
  }

  @Test
  void crossInstanceInversion_isRejectedInsteadOfDeadlocking(TestInfo test) throws Exception {
    // The distributed deadlock: B holds ACCOUNTS and will want LEDGER (in rank order); A holds
    // LEDGER and asks for ACCOUNTS. A's request fails at once, without waiting for B.
    String root = root(test);
    Instance a = new Instance(clientA, root);
    Instance b = new Instance(clientB, root);
    CountDownLatch bHoldsAccounts = new CountDownLatch(1);
    CountDownLatch aHoldsLedger = new CountDownLatch(1);
    CountDownLatch aRejected = new CountDownLatch(1);
    Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
    Thread instanceB =
        new Thread(
            () -> {
              try {
                b.lock(Locks.ACCOUNTS).lock();
                try {
                  bHoldsAccounts.countDown();
                  assertTrue(aRejected.await(20, SECONDS));
                  assertFalse(b.lock(Locks.LEDGER).tryLock(), "A still holds LEDGER");
                } finally {
                  b.lock(Locks.ACCOUNTS).unlock();
                }
              } catch (Throwable t) {
                failures.add(t);
              }
            },
            "instance-B");
    instanceB.start();
    assertTrue(bHoldsAccounts.await(20, SECONDS));
    Lock ledger = a.lock(Locks.LEDGER);
    ledger.lock();
    try {
      aHoldsLedger.countDown();
      assertThrows(LockOrderViolationException.class, a.lock(Locks.ACCOUNTS)::lock);
      assertEquals(0, a.zk.get(Locks.ACCOUNTS).calls());
      assertEquals(1, lockNodes(root, Locks.ACCOUNTS)); // B's node only
    } finally {
      aRejected.countDown();
      instanceB.join(SECONDS.toMillis(20));
      ledger.unlock();
    }
    assertFalse(instanceB.isAlive());
    assertTrue(failures.isEmpty(), () -> "instance B failed: " + failures);
    assertEquals(1, a.stats(Locks.ACCOUNTS).violations());
    assertEquals(1, b.stats(Locks.LEDGER).timeouts());
  }

  @Test
  void contendedAndTimedOut_acrossInstances_areCountedLikeLocalOnes(TestInfo test)
      throws Exception {
    String root = root(test);
    Instance a = new Instance(clientA, root);
    Instance b = new Instance(clientB, root);
    Lock ledgerOfA = a.lock(Locks.LEDGER);
    CountingLock ledgerZk = a.zk.get(Locks.LEDGER);
    CountDownLatch bHolds = new CountDownLatch(1);
    CountDownLatch bReleases = new CountDownLatch(1);
    Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
    Thread instanceB =
        new Thread(
            () -> {
              try {
                b.lock(Locks.LEDGER).lock();
                try {
                  bHolds.countDown();
                  assertTrue(bReleases.await(20, SECONDS));
                } finally {
                  b.lock(Locks.LEDGER).unlock();
                }
              } catch (Throwable t) {
                failures.add(t);
              }
            },
            "instance-B");
    instanceB.start();
    assertTrue(bHolds.await(20, SECONDS));

    assertFalse(ledgerOfA.tryLock()); // a try: a timeout without a wait
    assertFalse(ledgerOfA.tryLock(50, MILLISECONDS)); // a wait that timed out
    Thread waiter =
        new Thread(
            () -> {
              try {
                ledgerOfA.lock(); // tries, finds B's lock, waits in ZooKeeper
                try {
                  assertEquals(0, lockNodes(root, Locks.LEDGER) - 1); // B's node is gone
                } finally {
                  ledgerOfA.unlock();
                }
              } catch (Throwable t) {
                failures.add(t);
              }
            },
            "instance-A-waiter");
    waiter.start();
    long deadline = System.nanoTime() + SECONDS.toNanos(20);
    while (ledgerZk.waits.get() < 2 && waiter.isAlive() && System.nanoTime() < deadline) {
      Thread.onSpinWait(); // until the waiter's try failed and it went on to wait
    }
    bReleases.countDown();
    waiter.join(SECONDS.toMillis(20));
    instanceB.join(SECONDS.toMillis(20));
    assertFalse(waiter.isAlive() || instanceB.isAlive(), "a thread is stuck");
    assertTrue(failures.isEmpty(), () -> "failures: " + failures);

    LockStats stats = a.stats(Locks.LEDGER);
    assertEquals(1, stats.writeAcquisitions());
    assertEquals(1, stats.contendedAcquisitions());
    assertEquals(2, stats.timeouts()); // the try (a timeout without a wait) and the timed wait
    assertEquals(3, stats.waits());
    // at least the timed wait (ZooKeeper's clock is in milliseconds: a margin)
    assertTrue(stats.totalWait().toMillis() >= 40, stats::toString);
    assertEquals(0, stats.violations());
    // What reached ZooKeeper: three tries (the lone one, and one before each wait), two waits,
    // one acquisition.
    assertEquals(3, ledgerZk.tries.get());
    assertEquals(2, ledgerZk.waits.get());
    assertEquals(1, ledgerZk.acquired.get());
    assertEquals(1, ledgerZk.released.get());
    assertEquals(1, b.stats(Locks.LEDGER).writeAcquisitions());
    assertEquals(0, lockNodes(root, Locks.LEDGER));
  }

  /**
   * Which ranks a worker asks for in a round, in this order: ascending, some with a rank left out;
   * the last plan is an inversion, which would deadlock against the others if it ever waited.
   */
  private static final Locks[][] PLANS = {
    {Locks.ACCOUNTS, Locks.LEDGER},
    {Locks.LEDGER, Locks.AUDIT},
    {Locks.ACCOUNTS, Locks.AUDIT},
    {Locks.ACCOUNTS, Locks.LEDGER, Locks.AUDIT},
    {Locks.AUDIT},
    {Locks.AUDIT, Locks.ACCOUNTS},
  };

  private static final int WORKERS_PER_INSTANCE = 2;
  private static final int ROUNDS = 100;

  @Test
  void inRankOrder_twoInstancesManyThreads_neverDeadlock_andCountEveryAcquisition(TestInfo test)
      throws Exception {
    String root = root(test);
    List<Instance> instances = List.of(new Instance(clientA, root), new Instance(clientB, root));
    int workers = instances.size() * WORKERS_PER_INSTANCE;
    // Holders of each ZooKeeper lock right now, across both instances: mutual exclusion is 0 -> 1.
    Map<Locks, AtomicInteger> holders = new EnumMap<>(Locks.class);
    for (Locks rank : Locks.values()) {
      holders.put(rank, new AtomicInteger());
    }
    // Per instance and rank: acquisitions the workers made, tryLock() calls that failed, and
    // acquisitions rejected as out of order.
    List<Map<Locks, AtomicLong>> acquired = new ArrayList<>();
    List<Map<Locks, AtomicLong>> failedTries = new ArrayList<>();
    List<Map<Locks, AtomicLong>> violations = new ArrayList<>();
    for (int i = 0; i < instances.size(); i++) {
      acquired.add(counters());
      failedTries.add(counters());
      violations.add(counters());
    }
    CyclicBarrier roundStart = new CyclicBarrier(workers);
    Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      int worker = w;
      int instanceIndex = w / WORKERS_PER_INSTANCE;
      Instance instance = instances.get(instanceIndex);
      Runnable work =
          () -> {
            try {
              for (int round = 0; round < ROUNDS; round++) {
                roundStart.await(20, SECONDS); // all workers start each round together
                runRound(
                    instance,
                    PLANS[(worker + round) % PLANS.length],
                    worker + round,
                    holders,
                    acquired.get(instanceIndex),
                    failedTries.get(instanceIndex),
                    violations.get(instanceIndex));
              }
            } catch (Throwable t) {
              failures.add(t);
              roundStart.reset(); // the others fail at the barrier instead of waiting for us
            }
          };
      threads.add(new Thread(work, "instance-" + instanceIndex + "-worker-" + worker));
    }
    threads.forEach(Thread::start);
    long deadline = System.nanoTime() + SECONDS.toNanos(40);
    for (Thread thread : threads) {
      thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
    }
    for (Thread thread : threads) {
      if (thread.isAlive()) {
        fail(stuck(threads));
      }
    }
    if (!failures.isEmpty()) {
      Throwable first = failures.peek();
      if (!(first instanceof BrokenBarrierException || first instanceof TimeoutException)) {
        throw new AssertionError("a worker failed: " + failures, first);
      }
      fail("a worker failed: " + failures);
    }

    long total = 0;
    long contended = 0;
    long rejected = 0;
    for (int i = 0; i < instances.size(); i++) {
      Instance instance = instances.get(i);
      for (Locks rank : Locks.values()) {
        LockStats stats = instance.stats(rank);
        CountingLock zk = instance.zk.get(rank);
        String where = "instance " + i + ", " + rank + ": " + stats;
        long taken = acquired.get(i).get(rank).get();
        total += taken;
        assertEquals(taken, stats.writeAcquisitions(), where);
        assertEquals(taken, zk.acquired.get(), where);
        assertEquals(taken, zk.released.get(), where);
        assertEquals(failedTries.get(i).get(rank).get(), stats.timeouts(), where);
        assertEquals(violations.get(i).get(rank).get(), stats.violations(), where);
        assertEquals(0, stats.readAcquisitions(), where);
        contended += stats.contendedAcquisitions();
        rejected += stats.violations();
        // Every contended acquisition reached ZooKeeper once to try and once to wait.
        assertEquals(zk.waits.get(), stats.contendedAcquisitions(), where);
        assertTrue(stats.contendedAcquisitions() <= taken, where);
        assertEquals(0, lockNodes(root, rank), where);
      }
    }
    assertTrue(total >= (long) workers * ROUNDS, "too few acquisitions: " + total);
    assertTrue(contended > 0, "no acquisition waited: the rounds never met in ZooKeeper");
    assertTrue(rejected > 0, "no inversion was tried");
  }

  private static Map<Locks, AtomicLong> counters() {
    Map<Locks, AtomicLong> counters = new EnumMap<>(Locks.class);
    for (Locks rank : Locks.values()) {
      counters.put(rank, new AtomicLong());
    }
    return counters;
  }

  /**
   * Takes the plan's locks in its order, each with an acquiring form picked by {@code pick}, checks
   * that no one else holds them, and releases them in reverse order. A failed {@code tryLock()}
   * leaves that lock out of the round; a rejected one (an inversion) ends the round.
   */
  private static void runRound(
      Instance instance,
      Locks[] plan,
      int pick,
      Map<Locks, AtomicInteger> holders,
      Map<Locks, AtomicLong> acquired,
      Map<Locks, AtomicLong> failedTries,
      Map<Locks, AtomicLong> violations)
      throws InterruptedException {
    List<Locks> held = new ArrayList<>();
    try {
      for (int k = 0; k < plan.length; k++) {
        Locks rank = plan[k];
        Lock lock = instance.lock(rank);
        boolean taken;
        try {
          taken = acquire(lock, (pick + k) % 4);
        } catch (LockOrderViolationException expected) {
          boolean inversion = !held.isEmpty() && held.get(held.size() - 1).compareTo(rank) > 0;
          assertTrue(inversion, () -> rank + " rejected after " + held);
          violations.get(rank).incrementAndGet();
          break;
        }
        if (!taken) {
          failedTries.get(rank).incrementAndGet();
          continue;
        }
        held.add(rank);
        acquired.get(rank).incrementAndGet();
        int others = holders.get(rank).getAndIncrement();
        assertEquals(0, others, () -> rank + " held by another thread at once");
      }
    } finally {
      for (int k = held.size() - 1; k >= 0; k--) {
        Locks rank = held.get(k);
        holders.get(rank).decrementAndGet();
        instance.lock(rank).unlock();
      }
    }
  }

  private static boolean acquire(Lock lock, int form) throws InterruptedException {
    switch (form) {
      case 0 -> lock.lock();
      case 1 -> lock.lockInterruptibly();
      case 2 -> {
        return lock.tryLock(20, SECONDS);
      }
      default -> {
        return lock.tryLock();
      }
    }
    return true;
  }

  private static String stuck(List<Thread> threads) {
    StringBuilder dump = new StringBuilder("deadlock, or too slow: workers still running\n");
    for (Thread thread : threads) {
      if (thread.isAlive()) {
        dump.append(thread.getName()).append(" (").append(thread.getState()).append(")\n");
        for (StackTraceElement frame : thread.getStackTrace()) {
          dump.append("    at ").append(frame).append('\n');
        }
      }
    }
    return dump.toString();
  }
}
