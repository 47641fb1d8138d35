package io.github.sharedstate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.junit.jupiter.api.Test;

/** The guide's "Keeping your own locks" examples (snippets), compiled and checked. */
// The examples show the JDK's own lock idiom, which keeps lock() right before try.
@SuppressWarnings("LockNotBeforeTry")
final class ReadmeLocksTest {
  // snippet drop-in-locks
  enum Locks { ROUTES, JOBS }                          // declaration order = lock order
  static final LockOrder ORDER = LockOrder.of(Locks.class);

  /** Was: new ReentrantReadWriteLock(). Reads now scale with cores. */
  static final class RouteTable {
    private final ReentrantReadWriteLock lock = OrderedReadWriteLock.of(ORDER.rank(Locks.ROUTES));
    private final Map<String, String> routes = new HashMap<>();

    String route(String path) {
      lock.readLock().lock();
      try {
        return routes.get(path);
      } finally {
        lock.readLock().unlock();
      }
    }

    void put(String path, String service) {
      lock.writeLock().lock();
      try {
        routes.put(path, service);
      } finally {
        lock.writeLock().unlock();
      }
    }
  }

  /** Was: new ReentrantLock(), with a Condition. */
  static final class JobQueue {
    private final ReentrantLock lock = OrderedLock.of(ORDER.rank(Locks.JOBS));
    private final Condition notEmpty = lock.newCondition();
    private final Deque<String> jobs = new ArrayDeque<>();

    void add(String job) {
      lock.lock();
      try {
        jobs.add(job);
        notEmpty.signal();
      } finally {
        lock.unlock();
      }
    }

    String take() throws InterruptedException {
      lock.lock();
      try {
        while (jobs.isEmpty()) {
          notEmpty.await();      // checked: awaiting while holding a later rank throws at once
        }
        return jobs.poll();
      } finally {
        lock.unlock();
      }
    }
  }
  // end snippet

  // snippet from-guava-cycle-detecting
  // Was:
  //   CycleDetectingLockFactory.WithExplicitOrdering<Locks> factory =
  //       CycleDetectingLockFactory.newInstanceWithExplicitOrdering(Locks.class, Policies.THROW);
  //   ReentrantLock jobs = factory.newReentrantLock(Locks.JOBS);
  //   ReentrantReadWriteLock routes = factory.newReentrantReadWriteLock(Locks.ROUTES);
  static final LockOrder CHECKED = LockOrder.builder(Locks.class).policy(LockOrder.Policy.THROW).build();
  static final ReentrantLock JOBS = OrderedLock.of(CHECKED.rank(Locks.JOBS));
  static final ReentrantReadWriteLock ROUTES = OrderedReadWriteLock.of(CHECKED.rank(Locks.ROUTES));

  // Was: CycleDetectingLockFactory.newInstance(Policies.THROW), locks named by string.
  static final LockOrder LEARNED = LockOrder.learned("legacy");
  static final ReentrantLock CACHE = OrderedLock.builder().name("cache").order(LEARNED).build();
  // end snippet

  // snippet wrap-lock
  static Lock checked(Lock clusterLock) {
    return ORDER.rank(Locks.JOBS).wrap(clusterLock); // checked here, locked by its own service
  }
  // end snippet

  @Test
  void examples_run() throws Exception {
    RouteTable table = new RouteTable();
    table.put("/a", "svc-a");
    assertEquals("svc-a", table.route("/a"));
    JobQueue queue = new JobQueue();
    queue.add("build");
    assertEquals("build", queue.take());
    ROUTES.readLock().lock();
    try {
      JOBS.lock(); // in rank order
      JOBS.unlock();
    } finally {
      ROUTES.readLock().unlock();
    }
    JOBS.lock();
    try {
      assertThrows(LockOrderViolationException.class, () -> ROUTES.writeLock().lock());
    } finally {
      JOBS.unlock();
    }
    CACHE.lock();
    CACHE.unlock();
    Lock wrapped = checked(new ReentrantLock());
    wrapped.lock();
    wrapped.unlock();
    assertEquals(1, ((Lockable) wrapped).stats().writeAcquisitions());
  }
}
