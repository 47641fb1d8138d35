package io.github.sharedstate;

import java.util.Objects;

/**
 * A typed key of one entry in a {@link SharedState}: a name and, at compile time, the type that
 * {@link SharedState#get} returns.
 *
 * <pre>{@code
 * static final StateKey<TaskService> TASKS = StateKey.service("tasks");
 * static final StateKey<GuardedValue<Map<String, AgentState>>> AGENTS = StateKey.guarded("agents");
 * static final StateKey<ExclusiveValue<Deque<Task>>> QUEUE = StateKey.exclusive("task_queue");
 * static final StateKey<SnapshotValue<Routes>> ROUTES = StateKey.snapshot("routes");
 * static final StateKey<ShardedValue<Counter>> HITS = StateKey.sharded("hits");
 * }</pre>
 *
 * <p>Keys compare by identity: a state finds an entry only through the key object it was
 * registered with, so a key can never return an entry of another type. Keep keys in constants.
 * Immutable and thread-safe.
 *
 * @param <T> what the entry is: a service type, {@code GuardedValue<V>}, {@code
 *     ExclusiveValue<V>}, {@code SnapshotValue<V>} or {@code ShardedValue<V>}
 */
@SuppressWarnings("UnusedTypeParameter") // T is a phantom: it carries the entry type to get()
public final class StateKey<T> {
  /** What kind of entry a key names. */
  enum Kind {
    SERVICE,
    GUARDED,
    EXCLUSIVE,
    SNAPSHOT,
    SHARDED,
    LOCK,
    READ_WRITE_LOCK
  }

  private final String name;
  private final Kind kind;

  private StateKey(String name, Kind kind) {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("a key name must not be blank");
    }
    this.name = name;
    this.kind = kind;
  }

  /**
   * Returns a key for a service: a plain object shared as it is (it must be thread-safe itself).
   *
   * @param name the entry's name
   * @param <S> the service type
   * @return a new key
   * @throws NullPointerException if {@code name} is null
   * @throws IllegalArgumentException if {@code name} is blank
   */
  public static <S> StateKey<S> service(String name) {
    return new StateKey<>(name, Kind.SERVICE);
  }

  /**
   * Returns a key for a {@link GuardedValue}, a value behind a read/write lock: "guarded" means
   * that type only, as in {@link SharedState.Builder#guarded}.
   *
   * @param name the entry's name, which is also its rank's name in the state's lock order
   * @param <V> the value type
   * @return a new key
   * @throws NullPointerException if {@code name} is null
   * @throws IllegalArgumentException if {@code name} is blank
   */
  public static <V> StateKey<GuardedValue<V>> guarded(String name) {
    return new StateKey<>(name, Kind.GUARDED);
  }

  /**
   * Returns a key for a value behind a mutex.
   *
   * @param name the entry's name, which is also its rank's name in the state's lock order
   * @param <V> the value type
   * @return a new key
   * @throws NullPointerException if {@code name} is null
   * @throws IllegalArgumentException if {@code name} is blank
   */
  public static <V> StateKey<ExclusiveValue<V>> exclusive(String name) {
    return new StateKey<>(name, Kind.EXCLUSIVE);
  }

  /**
   * Returns a key for an immutable value replaced whole, whose reads never wait.
   *
   * @param name the entry's name, which is also its writer lock's rank's name in the state's lock
   *     order
   * @param <V> the value type
   * @return a new key
   * @throws NullPointerException if {@code name} is null
   * @throws IllegalArgumentException if {@code name} is blank
   */
  public static <V> StateKey<SnapshotValue<V>> snapshot(String name) {
    return new StateKey<>(name, Kind.SNAPSHOT);
  }

  /**
   * Returns a key for write-heavy state split over shards picked by key.
   *
   * @param name the entry's name, which is also the rank of all its shards in the state's lock
   *     order
   * @param <V> the type of each shard's value
   * @return a new key
   * @throws NullPointerException if {@code name} is null
   * @throws IllegalArgumentException if {@code name} is blank
   */
  public static <V> StateKey<ShardedValue<V>> sharded(String name) {
    return new StateKey<>(name, Kind.SHARDED);
  }

  /**
   * Returns a key for a drop-in {@link OrderedLock}.
   *
   * @param name the entry's name, which is also its rank's name in the state's lock order
   * @return a new key
   * @throws NullPointerException if {@code name} is null
   * @throws IllegalArgumentException if {@code name} is blank
   */
  public static StateKey<OrderedLock> lock(String name) {
    return new StateKey<>(name, Kind.LOCK);
  }

  /**
   * Returns a key for a drop-in {@link OrderedReadWriteLock}.
   *
   * @param name the entry's name, which is also its rank's name in the state's lock order
   * @return a new key
   * @throws NullPointerException if {@code name} is null
   * @throws IllegalArgumentException if {@code name} is blank
   */
  public static StateKey<OrderedReadWriteLock> readWriteLock(String name) {
    return new StateKey<>(name, Kind.READ_WRITE_LOCK);
  }

  /** {@return the entry's name} */
  public String name() {
    return name;
  }

  Kind kind() {
    return kind;
  }

  @Override
  public String toString() {
    return name + " (" + kind.name().toLowerCase(java.util.Locale.ROOT) + ")";
  }
}
