package io.github.sharedstate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The README's 30-second example, kept compiling and true. Keep the two in step. */
final class ReadmeExampleTest {
  record Agent(String id, String status) {}

  record Task(String title) {}

  // --- README example starts ---
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
    QUEUE.with(q -> AGENTS.read(Map::size));     // out of order: LockOrderViolationException
  }
  // --- README example ends ---

  @Test
  void readmeExample_behavesAsTheReadmeSays() {
    LockOrderViolationException e =
        assertThrows(LockOrderViolationException.class, ReadmeExampleTest::example);
    assertEquals("AGENT_REGISTRY", e.requestedLock());
    assertEquals("idle", AGENTS.read(m -> m.get("a1").status()));
    assertEquals(1, QUEUE.recover(q -> q).size()); // the violation poisoned the queue
  }
}
