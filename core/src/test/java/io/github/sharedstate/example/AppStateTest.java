package io.github.sharedstate.example;

import static io.github.sharedstate.example.AppState.AGENT_REGISTRY;
import static io.github.sharedstate.example.AppState.METRICS;
import static io.github.sharedstate.example.AppState.PROJECTS;
import static io.github.sharedstate.example.AppState.TASK_QUEUE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sharedstate.LockOrderViolationException;
import io.github.sharedstate.LockStats;
import io.github.sharedstate.PoisonedException;
import io.github.sharedstate.example.AppState.Status;
import io.github.sharedstate.example.AppState.Task;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The verification list of the seed design, run on a thread pool. */
final class AppStateTest {
  private final AppState app = new AppState();

  AppStateTest() {
    app.state().get(PROJECTS).create("alpha");
    for (int i = 0; i < 8; i++) {
      app.registerAgent("agent-" + i);
    }
  }

  @Test
  void concurrentStateAccess() throws Exception {
    Set<Long> assigned = ConcurrentHashMap.newKeySet();
    inPool(
        8,
        worker -> {
          String agent = "agent-" + worker;
          for (int i = 0; i < 100; i++) {
            app.createTask("alpha", "task " + worker + "/" + i);
          }
          app.updateAgentStatus(agent, Status.IDLE);
          app.assignNextTask(agent).ifPresent(t -> assigned.add(t.id()));
        });
    assertEquals(8, assigned.size(), "every idle agent took exactly one task");
    assertEquals(800 - 8, (int) app.state().get(TASK_QUEUE).with(q -> q.size()));
    assertEquals(800, (long) app.state().get(METRICS).read(m -> m.tasksCreated()));
    for (int i = 0; i < 8; i++) {
      assertEquals(Status.BUSY, app.getAgentStatus("agent-" + i));
    }
  }

  @Test
  void rwlockConcurrentReads() throws Exception {
    CountDownLatch allInside = new CountDownLatch(4);
    AtomicInteger overlapped = new AtomicInteger();
    inPool(
        4,
        worker ->
            app.state()
                .get(AGENT_REGISTRY)
                .read(
                    r -> {
                      allInside.countDown();
                      try {
                        if (allInside.await(10, TimeUnit.SECONDS)) {
                          overlapped.incrementAndGet(); // all four readers inside at once
                        }
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                      return r.get("agent-" + worker).status();
                    }));
    assertEquals(4, overlapped.get());
  }

  @Test
  void mutexExclusiveWrites() throws Exception {
    List<Task> produced = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Task> consumed = java.util.Collections.synchronizedList(new ArrayList<>());
    inPool(
        8,
        worker -> {
          for (int i = 0; i < 500; i++) {
            if (worker % 2 == 0) {
              produced.add(app.createTask("alpha", "t" + i));
            } else {
              app.dequeueTask().ifPresent(consumed::add);
            }
          }
        });
    for (Optional<Task> rest = app.dequeueTask(); rest.isPresent(); rest = app.dequeueTask()) {
      consumed.add(rest.get());
    }
    assertEquals(produced.size(), consumed.size(), "no task lost");
    assertEquals(new HashSet<>(produced), new HashSet<>(consumed), "no task duplicated or invented");
    assertEquals(consumed.size(), new HashSet<>(consumed).size());
  }

  @Test
  void sharedStateIntegration() throws Exception {
    inPool(
        4,
        worker -> {
          for (int i = 0; i < 50; i++) {
            app.createTask("alpha", "t");
            app.getAgentStatus("agent-" + worker);
            app.updateAgentStatus("agent-" + worker, Status.IDLE);
            app.dequeueTask();
          }
        });
    Map<String, LockStats> stats = app.state().stats();
    assertEquals(List.of("agent_registry", "task_queue", "metrics"), List.copyOf(stats.keySet()));
    // registry: 8 registrations + 200 reads + 200 updates
    assertEquals(200, stats.get("agent_registry").readAcquisitions());
    assertEquals(8 + 200, stats.get("agent_registry").writeAcquisitions());
    // queue: 200 pushes + 200 polls; every poll finds a task (each worker pushed first)
    assertEquals(400, stats.get("task_queue").acquisitions());
    // metrics: 200 created + 200 dequeued + 200 status updates (+ the reads below)
    assertEquals(600, stats.get("metrics").writeAcquisitions());
    assertEquals(0, stats.values().stream().mapToLong(LockStats::violations).sum());
    String table = app.state().statsTable();
    assertTrue(table.startsWith("name"), table);
    assertTrue(table.contains("agent_registry"), table);
    assertEquals("agent_registry < task_queue < metrics", app.state().describeLockOrder());
  }

  @Test
  void sharedStateStress() throws Exception {
    for (int i = 0; i < 2_000; i++) {
      app.createTask("alpha", "t" + i);
    }
    inPool( // bounded: 8 x 250 rounds of every in-order handler; a deadlock would time out
        8,
        worker -> {
          String agent = "agent-" + worker;
          for (int i = 0; i < 250; i++) {
            app.getAgentStatus(agent);
            app.updateAgentStatus(agent, Status.IDLE);
            app.assignNextTask(agent);
            app.enqueueTask(new Task(-i, "alpha", "requeued"));
            app.dequeueTask();
          }
        });
    assertEquals(2_000 - 8 * 250, (int) app.state().get(TASK_QUEUE).with(q -> q.size()));

    AtomicInteger violations = new AtomicInteger();
    inPool(
        8,
        worker -> {
          try {
            app.assignNextTaskWrongOrder("agent-" + worker);
          } catch (LockOrderViolationException expected) {
            violations.incrementAndGet();
          } catch (PoisonedException alsoExpected) {
            // another thread's violation poisoned the queue first: its failure, seen at once
            assertTrue(alsoExpected.getCause() instanceof LockOrderViolationException);
            violations.incrementAndGet();
          }
        });
    assertEquals(8, violations.get(), "every wrong-order call failed at once, none hung");
    assertTrue(app.state().get(TASK_QUEUE).isPoisoned(), "the violation left its writer");
    app.state().get(TASK_QUEUE).clearPoison();
    assertEquals(0, (int) app.state().get(TASK_QUEUE).with(q -> q.size()));
    assertTrue(app.state().lockOrder().heldByCurrentThread().isEmpty());
  }

  @Test
  void poisonedLockRecovery() {
    IllegalStateException crash = new IllegalStateException("crashed mid-update");
    assertSame(
        crash,
        assertThrows(
            IllegalStateException.class,
            () ->
                app.state()
                    .get(AGENT_REGISTRY)
                    .modify(
                        r -> {
                          r.remove("agent-0"); // half of a "rename" that never finishes
                          throw crash;
                        })));
    PoisonedException poisoned =
        assertThrows(PoisonedException.class, () -> app.getAgentStatus("agent-1"));
    assertSame(crash, poisoned.getCause());
    app.state()
        .get(AGENT_REGISTRY)
        .recover(
            r -> {
              r.putIfAbsent("agent-0", new AppState.AgentState("agent-0", Status.IDLE, 0));
              return r;
            });
    assertFalse(app.state().get(AGENT_REGISTRY).isPoisoned());
    assertEquals(Status.IDLE, app.getAgentStatus("agent-0"));
    app.updateAgentStatus("agent-1", Status.OFFLINE); // service continues
    assertEquals(Status.OFFLINE, app.getAgentStatus("agent-1"));
  }

  @Test
  void handlers_rejectBadInput_withoutPoisoning() {
    assertThrows(AppState.AgentNotFoundException.class, () -> app.getAgentStatus("ghost"));
    assertThrows(
        AppState.AgentNotFoundException.class, () -> app.updateAgentStatus("ghost", Status.IDLE));
    assertTrue(app.state().get(AGENT_REGISTRY).isPoisoned(), "a throwing writer poisons");
    app.state().get(AGENT_REGISTRY).clearPoison();
    assertThrows(IllegalArgumentException.class, () -> app.createTask("nope", "t"));
    assertThrows(IllegalArgumentException.class, () -> app.registerAgent("Bad Id"));
    assertEquals(0, (int) app.state().get(TASK_QUEUE).with(q -> q.size()));
  }

  /** A handler body run by each of {@code workers} pool threads. */
  interface Worker {
    void run(int worker) throws Exception;
  }

  private static void inPool(int workers, Worker body) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        int worker = w;
        futures.add(
            pool.submit(
                () -> {
                  body.run(worker);
                  return null;
                }));
      }
      for (Future<?> future : futures) {
        future.get(60, TimeUnit.SECONDS); // a deadlock fails here instead of hanging the build
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
