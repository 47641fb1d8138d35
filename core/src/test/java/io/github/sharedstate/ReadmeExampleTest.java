package io.github.sharedstate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The README's and the guide's examples (snippets), compiled and checked to do what they say. */
final class ReadmeExampleTest {
  record Agent(String id, String status) {}

  record Task(String title) {}

  // snippet quick-start
  enum Locks { AGENT_REGISTRY, TASK_QUEUE }                  // declaration order = lock order

  static final LockOrder ORDER = LockOrder.of(Locks.class);
  static final GuardedValue<Map<String, Agent>> AGENTS =
      GuardedValue.of(new HashMap<>(), ORDER.rank(Locks.AGENT_REGISTRY));
  static final ExclusiveValue<Deque<Task>> QUEUE =
      ExclusiveValue.of(new ArrayDeque<>(), ORDER.rank(Locks.TASK_QUEUE));

  static void example() {
    AGENTS.write(m -> m.put("a1", new Agent("a1", "idle")));       // one writer at a time
    String status = AGENTS.read(m -> m.get("a1").status());        // readers share the lock
    System.out.println("a1 is " + status);
    AGENTS.modify(m -> QUEUE.modify(q -> q.push(new Task("build")))); // in rank order: fine
    // Out of order: LockOrderViolationException, thrown before the thread waits for AGENTS.
    // It leaves QUEUE's function like any failure, so QUEUE is now POISONED: every later access
    // throws PoisonedException until QUEUE.recover(fn) or QUEUE.clearPoison().
    QUEUE.with(q -> AGENTS.read(Map::size));
  }
  // end snippet

  // snippet dequeue-task
  static Optional<Task> dequeueTask(Duration timeout) throws InterruptedException {
    try {
      return Optional.of(QUEUE.tryWithWhen(timeout, q -> !q.isEmpty(), Deque::pollLast));
    } catch (LockTimeoutException e) {
      return Optional.empty();                 // no task came within the timeout
    }
  }
  // end snippet

  // snippet which-value
  record Routes(Map<String, String> byPath) {               // immutable: replaced whole
    Routes with(String path, String service) {
      Map<String, String> next = new HashMap<>(byPath);
      next.put(path, service);
      return new Routes(Map.copyOf(next));
    }
  }

  static final SnapshotValue<Routes> ROUTES = SnapshotValue.of(new Routes(Map.of()));
  static final GuardedValue<Map<String, Agent>> REGISTRY = GuardedValue.of(new HashMap<>());
  static final ExclusiveValue<Deque<Task>> PENDING = ExclusiveValue.of(new ArrayDeque<>());
  static final ShardedValue<long[]> HITS = ShardedValue.of(() -> new long[1]);

  static String whichValue() {
    ROUTES.update(r -> r.with("/users", "users-svc"));         // copy, change, publish
    String service = ROUTES.get().byPath().get("/users");       // one volatile load, no lock
    REGISTRY.write(m -> m.put("a1", new Agent("a1", "idle")));  // edited in place
    String status = REGISTRY.read(m -> m.get("a1").status());   // readers share the lock
    PENDING.modify(q -> q.push(new Task("build")));              // one thread at a time
    HITS.modify("/users", c -> c[0]++);                          // only this key's shard
    long hits = HITS.withAll(all -> all.stream().mapToLong(c -> c[0]).sum()); // every shard
    return service + " " + status + " " + PENDING.with(Deque::size) + " " + hits;
  }
  // end snippet

  @Test
  void whichValueExample_behavesAsTheReadmeSays() {
    assertEquals("users-svc idle 1 1", whichValue());
    assertEquals(0, ROUTES.stats().readAcquisitions(), "snapshot reads are not counted");
    assertEquals(1, ROUTES.stats().writeAcquisitions());
  }

  @Test
  void conditionalExample_waitsForATask_orGivesUpAfterTheTimeout() throws Exception {
    QUEUE.recover(q -> q).clear(); // the other example may have poisoned or filled it
    Thread producer = new Thread(() -> QUEUE.modify(q -> q.push(new Task("deploy"))));
    producer.start();
    assertEquals(Optional.of(new Task("deploy")), dequeueTask(Duration.ofSeconds(30)));
    producer.join();
    assertEquals(Optional.empty(), dequeueTask(Duration.ofMillis(10)));
  }

  @Test
  void readmeExample_behavesAsTheReadmeSays() {
    LockOrderViolationException e =
        assertThrows(LockOrderViolationException.class, ReadmeExampleTest::example);
    assertEquals("AGENT_REGISTRY", e.requestedLock());
    assertEquals("idle", AGENTS.read(m -> m.get("a1").status()));
    assertTrue(QUEUE.isPoisoned(), "the violation poisoned the queue");
    PoisonedException poisoned =
        assertThrows(PoisonedException.class, () -> QUEUE.with(Deque::size));
    assertTrue(poisoned.getCause() instanceof LockOrderViolationException, poisoned.toString());
    assertEquals(1, QUEUE.recover(q -> q).size());
    assertFalse(QUEUE.isPoisoned());
  }

  // snippet learned-order
  static final LockOrder BILLING = LockOrder.learned("billing");
  static final GuardedValue<Map<String, Long>> ACCOUNTS =
      GuardedValue.<Map<String, Long>>builder(new HashMap<>()).name("accounts").order(BILLING).build();
  static final ExclusiveValue<List<String>> LEDGER =
      ExclusiveValue.<List<String>>builder(new ArrayList<>()).name("ledger").order(BILLING).build();

  static void post(String account, long amount) {       // records the edge accounts -> ledger
    ACCOUNTS.modify(a -> LEDGER.modify(l -> l.add(account + " " + amount)));
  }

  static int audit() {                                   // ledger -> accounts would close a cycle
    return LEDGER.with(l -> ACCOUNTS.read(Map::size));   // LockOrderViolationException, and
  }                                                      // LEDGER is poisoned (see recover)
  // end snippet

  @Test
  void learnedExample_behavesAsTheReadmeSays() {
    post("alice", 10);
    LockOrderViolationException e =
        assertThrows(LockOrderViolationException.class, ReadmeExampleTest::audit);
    assertEquals(List.of("accounts", "ledger"), e.cycle());
    assertEquals(List.of("accounts", "ledger"), BILLING.learnedOrder());
    assertTrue(BILLING.toDot().startsWith("digraph \"billing\" {"));
    assertTrue(LEDGER.isPoisoned(), "audit's failure poisoned the ledger");
    assertEquals(List.of("alice 10"), LEDGER.recover(l -> l));
  }
}
