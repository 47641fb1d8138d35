package io.github.sharedstate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The guide's examples of lock order, poisoning, guards and SharedState, compiled and checked. */
final class GuideExamplesTest {
  record Agent(String id, String status) {}

  record Task(String title) {}

  static final class TaskService {}

  static final class Metrics {
    long tasksTaken;
  }

  // snippet with-all
  enum Bank { ACCOUNTS, AUDIT }                        // every account has the same rank
  static final LockOrder BANK = LockOrder.of(Bank.class);
  static final ExclusiveValue<long[]> ALICE = account("alice", 100);
  static final ExclusiveValue<long[]> BOB = account("bob", 100);

  static ExclusiveValue<long[]> account(String name, long balance) {
    return ExclusiveValue.<long[]>builder(new long[] {balance})
        .name(name)
        .rank(BANK.rank(Bank.ACCOUNTS))
        .build();
  }

  static long transfer(ExclusiveValue<long[]> from, ExclusiveValue<long[]> to, long amount) {
    return BANK.withAll(List.of(from, to), () -> {    // both taken, sorted: never ABBA
      from.modify(a -> a[0] -= amount);               // held already: re-entry
      to.modify(a -> a[0] += amount);
      return from.with(a -> a[0]);
    });
  }
  // end snippet

  @Test
  void withAll_transfersInEitherOrder_andNestingTwoAccountsIsRefused() {
    assertEquals(90, transfer(ALICE, BOB, 10));
    assertEquals(105, transfer(BOB, ALICE, 5));
    assertEquals(95L, (long) ALICE.with(a -> a[0]));
    assertThrows(
        LockOrderViolationException.class, () -> ALICE.with(a -> BOB.with(b -> b[0])));
    ALICE.clearPoison(); // the refused nesting poisoned ALICE: its function failed
    long total = ALICE.with(a -> a[0]) + BOB.with(b -> b[0]);
    assertEquals(200, total);
  }

  // snippet warn-policy
  enum Billing { ACCOUNTS, LEDGER }

  /** THROW in tests and staging; WARN where a hang would cost more than a log line. */
  static LockOrder billingOrder(boolean production) {
    return LockOrder.builder(Billing.class)
        .policy(production ? LockOrder.Policy.WARN : LockOrder.Policy.THROW)
        .build();
  }
  // end snippet

  @Test
  void warnPolicy_logsAndCounts_andTheWriterCarriesOn() {
    LockOrder order = billingOrder(true);
    GuardedValue<Integer> accounts = GuardedValue.of(1, order.rank(Billing.ACCOUNTS));
    ExclusiveValue<Integer> ledger = ExclusiveValue.of(2, order.rank(Billing.LEDGER));
    int read = ledger.with(l -> accounts.read(a -> a));
    assertEquals(1, read);
    assertFalse(ledger.isPoisoned());
    assertEquals(1, accounts.stats().violations() + ledger.stats().violations());

    LockOrder strict = billingOrder(false);
    GuardedValue<Integer> a2 = GuardedValue.of(1, strict.rank(Billing.ACCOUNTS));
    ExclusiveValue<Integer> l2 = ExclusiveValue.of(2, strict.rank(Billing.LEDGER));
    assertThrows(LockOrderViolationException.class, () -> l2.with(l -> a2.read(a -> a)));
    assertTrue(l2.isPoisoned());
  }

  // snippet shared-state
  static final StateKey<TaskService> TASKS = StateKey.service("tasks");
  static final StateKey<GuardedValue<Map<String, Agent>>> AGENT_REGISTRY =
      StateKey.guarded("agent_registry");
  static final StateKey<ExclusiveValue<Deque<Task>>> TASK_QUEUE = StateKey.exclusive("task_queue");
  static final StateKey<GuardedValue<Metrics>> METRICS = StateKey.guarded("metrics");

  static SharedState buildState() {
    return SharedState.builder()
        .service(TASKS, new TaskService())
        .guarded(AGENT_REGISTRY, new HashMap<>())   // rank 0
        .exclusive(TASK_QUEUE, new ArrayDeque<>())  // rank 1
        .guarded(METRICS, new Metrics())            // rank 2
        .build();
  }

  static void takeTask(SharedState state) {
    state.get(TASK_QUEUE).modify(q ->               // rank 1, then rank 2: in order
        state.get(METRICS).modify(m -> m.tasksTaken += q.isEmpty() ? 0 : 1));
    System.out.println(state.describeLockOrder());  // agent_registry < task_queue < metrics
    System.out.println(state.statsTable());         // name, rank, reads, writes, contended, ...
  }
  // end snippet

  @Test
  void sharedState_declarationOrderIsLockOrder() {
    SharedState state = buildState();
    state.get(TASK_QUEUE).modify(q -> q.add(new Task("build")));
    takeTask(state);
    assertEquals("agent_registry < task_queue < metrics", state.describeLockOrder());
    long taken = state.get(METRICS).read(m -> m.tasksTaken);
    assertEquals(1, taken);
    assertTrue(state.statsTable().contains("task_queue"), state.statsTable());
    assertThrows(
        LockOrderViolationException.class,
        () -> state.get(METRICS).read(m -> state.get(AGENT_REGISTRY).read(Map::size)));
  }

  // snippet poisoning
  static final ExclusiveValue<List<String>> JOURNAL = ExclusiveValue.of(new ArrayList<>());

  static void append(String entry) {
    JOURNAL.modify(j -> {
      j.add(entry);                                   // changed...
      if (entry.isBlank()) {
        throw new IllegalArgumentException("blank");  // ...then failed: JOURNAL is poisoned
      }
    });
  }

  static int entries() {
    try {
      return JOURNAL.with(List::size);
    } catch (PoisonedException e) {                   // e.getCause(): the writer's failure
      JOURNAL.recover(j -> {                          // runs under the lock, returns the
        j.removeIf(String::isBlank);                  // repaired value, ends the poisoning
        return j;
      });
      return JOURNAL.with(List::size);
    }
  }
  // end snippet

  @Test
  void poisoning_aFailedWriterPoisons_andRecoverRepairs() {
    append("one");
    IllegalArgumentException failure =
        assertThrows(IllegalArgumentException.class, () -> append(" "));
    assertTrue(JOURNAL.isPoisoned());
    PoisonedException e = assertThrows(PoisonedException.class, () -> JOURNAL.with(List::size));
    assertEquals(failure, e.getCause());
    assertEquals(1, entries());
    assertFalse(JOURNAL.isPoisoned());
  }

  // snippet poison-opt-out
  static final ExclusiveValue<Integer> COUNTER = ExclusiveValue.of(0);
  static final ExclusiveValue<Map<String, String>> CACHE =
      ExclusiveValue.<Map<String, String>>builder(new HashMap<>())
          .name("cache")
          .poisonOnFailure(false)                     // a half-filled cache is still a cache
          .build();

  static int increment(int limit) {
    return COUNTER.update(n -> {                      // update replaces the value with the
      if (n >= limit) {                               // result: a failure keeps the old one
        throw new IllegalStateException("limit");     // and poisons nothing
      }
      return n + 1;
    });
  }
  // end snippet

  @Test
  void update_andOptedOutValues_areNotPoisoned() {
    assertEquals(1, increment(1));
    assertThrows(IllegalStateException.class, () -> increment(1));
    assertFalse(COUNTER.isPoisoned());
    int count = COUNTER.with(n -> n);
    assertEquals(1, count);
    assertThrows(
        ArithmeticException.class,
        () ->
            CACHE.modify(
                c -> {
                  c.put("k", "v");
                  throw new ArithmeticException();
                }));
    assertFalse(CACHE.isPoisoned());
    assertEquals("v", CACHE.with(c -> c.get("k")));
  }

  // snippet guards
  static final GuardedValue<Map<String, String>> CONFIG = GuardedValue.of(new HashMap<>());

  static void reload(Path file) throws IOException {
    try (WriteGuard<Map<String, String>> config = CONFIG.lockWrite()) {
      Map<String, String> next = new HashMap<>();
      for (String line : Files.readAllLines(file)) {  // throws IOException: no lambda here
        String[] kv = line.split("=", 2);
        next.put(kv[0].strip(), kv.length > 1 ? kv[1].strip() : "");
      }
      config.set(next);                               // replaces the value under the lock
    }                                                 // released however the block ends
  }

  static String setting(String key) {
    try (ReadGuard<Map<String, String>> config = CONFIG.lockRead()) {
      return config.get().getOrDefault(key, "");
    }
  }
  // end snippet

  @Test
  void guards_reloadAndRead_andAFailedReloadReleasesWithoutPoisoning(@TempDir Path dir)
      throws IOException {
    Path file = Files.writeString(dir.resolve("app.properties"), "mode = fast\nretries=3\n");
    reload(file);
    assertEquals("fast", setting("mode"));
    assertEquals("3", setting("retries"));
    assertThrows(NoSuchFileException.class, () -> reload(dir.resolve("missing")));
    assertFalse(CONFIG.isPoisoned(), "guards do not poison");
    assertEquals("fast", setting("mode"), "the failed reload changed nothing");
    WriteGuard<Map<String, String>> closed = CONFIG.lockWrite();
    closed.close();
    assertThrows(IllegalStateException.class, closed::get);
  }
}
