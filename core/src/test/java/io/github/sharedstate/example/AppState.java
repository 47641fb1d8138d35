package io.github.sharedstate.example;

import io.github.sharedstate.ExclusiveValue;
import io.github.sharedstate.GuardedValue;
import io.github.sharedstate.LockTimeoutException;
import io.github.sharedstate.SharedState;
import io.github.sharedstate.StateKey;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The seed example: the {@code AppState} of a small task service, its services and its request
 * handlers. Declaration order of the guarded entries = lock order: agent_registry < task_queue <
 * metrics.
 */
public final class AppState {
  /** A unit of work in a project. */
  public record Task(long id, String project, String title) {}

  /** What an agent is doing. */
  public enum Status {
    IDLE,
    BUSY,
    OFFLINE
  }

  /** An agent and its current status. */
  public record AgentState(String id, Status status, long tasksTaken) {}

  /** Counters the handlers keep; guarded, so plain fields are fine. */
  public static final class Metrics {
    long tasksCreated;
    long tasksDequeued;
    long statusUpdates;

    public long tasksCreated() {
      return tasksCreated;
    }

    public long tasksDequeued() {
      return tasksDequeued;
    }

    public long statusUpdates() {
      return statusUpdates;
    }
  }

  /** Thrown by a handler for an agent that is not registered. */
  public static final class AgentNotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    AgentNotFoundException(String id) {
      super("no agent '" + id + "'");
    }
  }

  /** Knows which projects exist; thread-safe on its own. */
  public static final class ProjectService {
    private final Set<String> projects = ConcurrentHashMap.newKeySet();

    public void create(String project) {
      projects.add(project);
    }

    String require(String project) {
      if (!projects.contains(project)) {
        throw new IllegalArgumentException("no project '" + project + "'");
      }
      return project;
    }
  }

  /** Makes tasks with unique ids; thread-safe on its own. */
  public static final class TaskService {
    private final AtomicLong ids = new AtomicLong();

    Task newTask(String project, String title) {
      if (title.isBlank()) {
        throw new IllegalArgumentException("a task needs a title");
      }
      return new Task(ids.incrementAndGet(), project, title);
    }
  }

  /** Validates agent ids; stateless. */
  public static final class AgentService {
    String validId(String id) {
      if (!id.matches("[a-z0-9-]+")) {
        throw new IllegalArgumentException("bad agent id '" + id + "'");
      }
      return id;
    }
  }

  public static final StateKey<ProjectService> PROJECTS = StateKey.service("projects");
  public static final StateKey<TaskService> TASKS = StateKey.service("tasks");
  public static final StateKey<AgentService> AGENTS = StateKey.service("agents");
  public static final StateKey<GuardedValue<Map<String, AgentState>>> AGENT_REGISTRY =
      StateKey.guarded("agent_registry");
  public static final StateKey<ExclusiveValue<Deque<Task>>> TASK_QUEUE =
      StateKey.exclusive("task_queue");
  public static final StateKey<GuardedValue<Metrics>> METRICS = StateKey.guarded("metrics");

  private final SharedState state;

  public AppState() {
    this.state =
        SharedState.builder()
            .name("app")
            .service(PROJECTS, new ProjectService())
            .service(TASKS, new TaskService())
            .service(AGENTS, new AgentService())
            .guarded(AGENT_REGISTRY, new HashMap<>())
            .exclusive(TASK_QUEUE, new ArrayDeque<>())
            .guarded(METRICS, new Metrics())
            .build();
  }

  public SharedState state() {
    return state;
  }

  /** Creates a task in a project, then pushes it to the queue. */
  public Task createTask(String project, String title) {
    Task task = state.get(TASKS).newTask(state.get(PROJECTS).require(project), title);
    enqueueTask(task);
    state.get(METRICS).modify(m -> m.tasksCreated++);
    return task;
  }

  public void enqueueTask(Task task) {
    state.get(TASK_QUEUE).modify(q -> q.addLast(task));
  }

  public Optional<Task> dequeueTask() {
    Optional<Task> task = Optional.ofNullable(state.get(TASK_QUEUE).with(Deque::pollFirst));
    task.ifPresent(t -> state.get(METRICS).modify(m -> m.tasksDequeued++));
    return task;
  }

  /**
   * The blocking form of {@link #dequeueTask()}: waits at most {@code timeout} for a task. No
   * thread signals anything: every release of the queue's mutex lets the waiters test again.
   */
  public Optional<Task> dequeueTask(Duration timeout) throws InterruptedException {
    Task task;
    try {
      task = state.get(TASK_QUEUE).tryWithWhen(timeout, q -> !q.isEmpty(), Deque::pollFirst);
    } catch (LockTimeoutException e) {
      return Optional.empty();
    }
    state.get(METRICS).modify(m -> m.tasksDequeued++);
    return Optional.of(task);
  }

  public void registerAgent(String id) {
    String valid = state.get(AGENTS).validId(id);
    state.get(AGENT_REGISTRY).modify(r -> r.put(valid, new AgentState(valid, Status.IDLE, 0)));
  }

  /** Read lock only: many status reads run at once. */
  public Status getAgentStatus(String id) {
    AgentState agent = state.get(AGENT_REGISTRY).read(r -> r.get(id));
    if (agent == null) {
      throw new AgentNotFoundException(id);
    }
    return agent.status();
  }

  /**
   * Write lock; an unknown agent is a not-found error. The check comes before any change, so the
   * failure leaves nothing half-done, and update() would not poison anyway.
   */
  public void updateAgentStatus(String id, Status status) {
    state
        .get(AGENT_REGISTRY)
        .modify(
            r -> {
              AgentState agent = r.get(id);
              if (agent == null) {
                throw new AgentNotFoundException(id);
              }
              r.put(id, new AgentState(id, status, agent.tasksTaken()));
            });
    state.get(METRICS).modify(m -> m.statusUpdates++);
  }

  /**
   * Hands the next task to an idle agent: takes the registry, then the queue (declared order), so
   * an agent is never marked busy without a task or a task lost without an agent.
   */
  public Optional<Task> assignNextTask(String agentId) {
    return state
        .get(AGENT_REGISTRY)
        .write(
            r -> {
              AgentState agent = r.get(agentId);
              if (agent == null) {
                throw new AgentNotFoundException(agentId);
              }
              if (agent.status() != Status.IDLE) {
                return Optional.<Task>empty();
              }
              Task task = state.get(TASK_QUEUE).with(Deque::pollFirst);
              if (task == null) {
                return Optional.<Task>empty();
              }
              r.put(agentId, new AgentState(agentId, Status.BUSY, agent.tasksTaken() + 1));
              return Optional.of(task);
            });
  }

  /** The same work written in the wrong order: queue, then registry. Rejected, never hangs. */
  public Optional<Task> assignNextTaskWrongOrder(String agentId) {
    return Optional.ofNullable(
        state
            .get(TASK_QUEUE)
            .with(
                q ->
                    state
                        .get(AGENT_REGISTRY)
                        .write(
                            r -> {
                              Task task = q.pollFirst();
                              r.computeIfPresent(
                                  agentId,
                                  (k, a) -> new AgentState(k, Status.BUSY, a.tasksTaken() + 1));
                              return task;
                            })));
  }
}
