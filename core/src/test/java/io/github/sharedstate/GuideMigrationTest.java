package io.github.sharedstate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.junit.jupiter.api.Test;

/**
 * The migration page's "you wrote / you write now" pairs, both sides compiled, and checked to
 * behave alike.
 */
// The "you wrote" sides show the JDK's own idiom, which keeps lock() right before try.
@SuppressWarnings("LockNotBeforeTry")
final class GuideMigrationTest {
  // snippet from-synchronized
  // You wrote:
  static final class Counters {
    private final Map<String, Long> counts = new HashMap<>();

    synchronized void add(String key) {
      counts.merge(key, 1L, Long::sum);
    }

    synchronized long get(String key) {
      return counts.getOrDefault(key, 0L);
    }
  }

  // You write now:
  static final class CheckedCounters {
    private final ExclusiveValue<Map<String, Long>> counts =
        ExclusiveValue.<Map<String, Long>>builder(new HashMap<>()).name("counts").build();

    void add(String key) {
      counts.modify(c -> c.merge(key, 1L, Long::sum));
    }

    long get(String key) {
      return counts.with(c -> c.getOrDefault(key, 0L));
    }
  }
  // end snippet

  // snippet from-reentrant-lock
  // You wrote:
  static final class Mailbox {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Deque<String> messages = new ArrayDeque<>();

    void post(String message) {
      lock.lock();
      try {
        messages.add(message);
        notEmpty.signal();
      } finally {
        lock.unlock();
      }
    }

    String take() throws InterruptedException {
      lock.lock();
      try {
        while (messages.isEmpty()) {
          notEmpty.await();
        }
        return messages.poll();
      } finally {
        lock.unlock();
      }
    }
  }

  // You write now:
  static final class CheckedMailbox {
    private final ExclusiveValue<Deque<String>> messages = ExclusiveValue.of(new ArrayDeque<>());

    void post(String message) {
      messages.modify(q -> q.add(message));    // no signal: waiters re-check on every release
    }

    String take() throws InterruptedException {
      return messages.withWhenInterruptibly(q -> !q.isEmpty(), Deque::poll);
    }
  }
  // end snippet

  // snippet from-reentrant-read-write-lock
  // You wrote:
  static final class Registry {
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<String, String> owners = new HashMap<>();

    String owner(String id) {
      lock.readLock().lock();
      try {
        return owners.get(id);
      } finally {
        lock.readLock().unlock();
      }
    }

    void assign(String id, String owner) {
      lock.writeLock().lock();
      try {
        owners.put(id, owner);
      } finally {
        lock.writeLock().unlock();
      }
    }
  }

  // You write now:
  static final class CheckedRegistry {
    private final GuardedValue<Map<String, String>> owners = GuardedValue.of(new HashMap<>());

    String owner(String id) {
      return owners.read(o -> o.get(id));      // readers share the lock and scale with cores
    }

    void assign(String id, String owner) {
      owners.modify(o -> o.put(id, owner));
    }
  }
  // end snippet

  // snippet from-guava-monitor
  // You wrote (Guava):
  //   Monitor monitor = new Monitor();
  //   Monitor.Guard hasRoom = monitor.newGuard(() -> items.size() < CAPACITY);
  //   monitor.enterWhen(hasRoom);
  //   try { items.add(item); } finally { monitor.leave(); }
  //   ...
  //   if (monitor.enterWhen(hasRoom, timeout)) { try { ... } finally { monitor.leave(); } }
  // You write now:
  static final int CAPACITY = 2;
  static final ExclusiveValue<Deque<String>> ITEMS = ExclusiveValue.of(new ArrayDeque<>());

  static void put(String item) throws InterruptedException {
    ITEMS.withWhenInterruptibly(q -> q.size() < CAPACITY, q -> q.add(item));
  }

  static boolean offer(String item, Duration timeout) throws InterruptedException {
    try {
      return ITEMS.tryWithWhen(timeout, q -> q.size() < CAPACITY, q -> q.add(item));
    } catch (LockTimeoutException e) {
      return false;                            // the guard never held within the timeout
    }
  }
  // end snippet

  @Test
  void counters_behaveAlike() {
    Counters before = new Counters();
    CheckedCounters after = new CheckedCounters();
    for (String key : new String[] {"a", "b", "a"}) {
      before.add(key);
      after.add(key);
    }
    assertEquals(before.get("a"), after.get("a"));
    assertEquals(2, after.get("a"));
    assertEquals(0, after.get("c"));
  }

  @Test
  void mailboxes_handTheMessageToAWaitingTaker() throws Exception {
    Mailbox before = new Mailbox();
    CheckedMailbox after = new CheckedMailbox();
    Thread poster =
        new Thread(
            () -> {
              before.post("hello");
              after.post("hello");
            });
    poster.start();
    assertEquals("hello", before.take());
    assertEquals("hello", after.take());
    poster.join();
  }

  @Test
  void registries_behaveAlike_andTheCheckedOneRefusesAnUpgrade() {
    Registry before = new Registry();
    CheckedRegistry after = new CheckedRegistry();
    before.assign("t1", "alice");
    after.assign("t1", "alice");
    assertEquals(before.owner("t1"), after.owner("t1"));
    assertNull(after.owner("t2"));
    GuardedValue<Map<String, String>> owners = GuardedValue.of(new HashMap<>());
    assertThrows(
        LockUpgradeException.class, () -> owners.read(o -> owners.write(w -> w.put("x", "y"))));
  }

  @Test
  void monitorReplacement_waitsForRoom_andOfferTimesOut() throws Exception {
    put("one");
    put("two");
    assertFalse(offer("three", Duration.ofMillis(10)));
    Thread taker = new Thread(() -> ITEMS.modify(Deque::poll));
    taker.start();
    put("three"); // waits until the taker made room
    taker.join();
    int size = ITEMS.with(Deque::size);
    assertEquals(2, size);
    boolean added = ITEMS.with(q -> q.contains("three"));
    assertTrue(added);
  }
}
