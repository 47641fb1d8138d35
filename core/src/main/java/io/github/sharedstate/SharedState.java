package io.github.sharedstate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * An application's shared state as one typed, immutable object: its services and its values
 * and locks, built once and handed to every thread. The Java counterpart of the {@code AppState}
 * struct of an axum/Tokio service.
 *
 * <pre>{@code
 * SharedState state = SharedState.builder()
 *     .service(TASKS, new TaskService())
 *     .guarded(AGENTS, new HashMap<>())          // rank 0
 *     .exclusive(QUEUE, new ArrayDeque<>())      // rank 1
 *     .guarded(METRICS, new Metrics())           // rank 2
 *     .build();
 * state.get(AGENTS).write(m -> state.get(QUEUE).with(q -> q.offer(task)));   // in order
 * }</pre>
 *
 * <p>Entries may also be drop-in locks ({@link Builder#lock}, {@link Builder#readWriteLock}),
 * for code that keeps its own locks: they are ranked like the values.
 *
 * <p>The declaration order of the value and lock entries is their lock order: the builder ranks them
 * in a {@link LockOrder} of its own (or uses the one it is given), so the code that declares the
 * state also states its lock discipline, and taking two entries out of order throws {@link
 * LockOrderViolationException} before it can deadlock.
 *
 * <p>Memory synchronization and thread-safety: a built state is immutable; its fields are final,
 * so it is safely published to any thread that reads a reference to it, however that reference
 * was passed. Services must be thread-safe themselves; value and lock entries are.
 *
 * <p>Naming: "guarded" means a {@link GuardedValue} only ({@link Builder#guarded}, {@link
 * StateKey#guarded}); every value type is a {@link SharedValue} ({@link #values()}).
 */
public final class SharedState {
  private final LockOrder order;
  private final Map<StateKey<?>, Object> entries;
  /** The values and locks, by name, in declaration order. */
  private final Map<String, Lockable> members;

  private SharedState(
      LockOrder order, Map<StateKey<?>, Object> entries, Map<String, Lockable> members) {
    this.order = order;
    this.entries = entries;
    this.members = members;
  }

  /** {@return a new builder} */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the entry registered under {@code key}.
   *
   * @param key a key given to this state's builder
   * @param <T> the entry's type
   * @return the entry
   * @throws NullPointerException if {@code key} is null
   * @throws IllegalArgumentException if {@code key} was not registered; the message lists the
   *     known keys
   */
  public <T> T get(StateKey<T> key) {
    Objects.requireNonNull(key, "key");
    Object entry = entries.get(key);
    if (entry == null) {
      throw new IllegalArgumentException(
          "no entry for key '"
              + key.name()
              + "' in this state (keys compare by identity: use the key object given to the"
              + " builder); known keys: "
              + entries.keySet().stream()
                  .map(StateKey::toString)
                  .collect(Collectors.joining(", ")));
    }
    @SuppressWarnings("unchecked") // the builder stored under StateKey<T> only a T
    T typed = (T) entry;
    return typed;
  }

  /** {@return the lock order of the value and lock entries} */
  public LockOrder lockOrder() {
    return order;
  }

  /** {@return the declared lock order, such as {@code "agent_registry < task_queue < metrics"}} */
  public String describeLockOrder() {
    return order.describe();
  }

  /**
   * {@return every value entry, of any value type (not the services, not the drop-in locks), in
   * declaration order, which is lock order}
   */
  public List<SharedValue> values() {
    return members.values().stream()
        .filter(SharedValue.class::isInstance)
        .map(SharedValue.class::cast)
        .toList();
  }

  /**
   * {@return every value and lock entry (not the services), in declaration order, which is lock
   * order}
   */
  public List<Lockable> members() {
    return List.copyOf(members.values());
  }

  /** {@return every value's and lock's stats by name, in declaration order} */
  public Map<String, LockStats> stats() {
    Map<String, LockStats> stats = new LinkedHashMap<>();
    members.forEach((name, value) -> stats.put(name, value.stats()));
    return Collections.unmodifiableMap(stats);
  }

  /**
   * Returns the values' and locks' stats as a text table, one row per entry in lock order: name,
   * rank, reads, writes, contended share, max wait, timeouts, violations, long waits (reported
   * waits past the threshold), the longest time one holder kept the lock while others waited
   * ("max held"), poisoned. A {@link
   * SnapshotValue} does not count its reads, so its reads column shows "-"; a lock has no value,
   * so its poisoned column shows "-".
   *
   * @return the table, lines separated by {@code \n}
   */
  public String statsTable() {
    String format = "%-20s %4s %12s %12s %10s %12s %8s %10s %10s %12s %8s\n";
    StringBuilder table = new StringBuilder();
    table.append(
        String.format(
            Locale.ROOT,
            format,
            "name",
            "rank",
            "reads",
            "writes",
            "contended",
            "max wait",
            "timeouts",
            "violations",
            "long waits",
            "max held",
            "poisoned"));
    for (Lockable value : members.values()) {
      LockStats s = value.stats();
      table.append(
          String.format(
              Locale.ROOT,
              format,
              value.name(),
              value.rank().map(r -> Integer.toString(r.level())).orElse("-"),
              value instanceof SnapshotValue ? "-" : Long.toString(s.readAcquisitions()),
              s.writeAcquisitions(),
              String.format(Locale.ROOT, "%.1f%%", 100 * s.contendedRatio()),
              formatWait(s.maxWait()),
              s.timeouts(),
              s.violations(),
              s.longWaits(),
              formatWait(s.maxHeldWhileWaited()),
              value instanceof SharedValue g ? (g.isPoisoned() ? "yes" : "no") : "-"));
    }
    return table.toString();
  }

  private static String formatWait(Duration wait) {
    long micros = wait.toNanos() / 1_000;
    return micros < 10_000 ? micros + " us" : (micros / 1_000) + " ms";
  }

  @Override
  public String toString() {
    return "SharedState[" + entries.keySet() + ", order " + order.describe() + "]";
  }

  /**
   * Builds a {@link SharedState}. Not thread-safe; use one builder on one thread and call {@link
   * #build()} once.
   */
  public static final class Builder {
    /** One registration, kept until build() knows the lock order; a lock has no initial value. */
    private record Entry(StateKey<?> key, @Nullable Object initial) {}

    /** What a sharded entry registers in place of an initial value. */
    private record Shards(int count, Supplier<?> supplier) {}

    private final List<Entry> entries = new ArrayList<>();
    private String name = "shared-state";
    private LockOrder.Policy policy = LockOrder.Policy.THROW;
    private @Nullable LockOrder explicitOrder;
    private boolean built;

    private Builder() {}

    /**
     * Names the state's generated lock order (default {@code "shared-state"}).
     *
     * @param name the name
     * @return this builder
     * @throws NullPointerException if {@code name} is null
     */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * Sets the policy of the generated lock order (default {@link LockOrder.Policy#THROW}).
     *
     * @param policy the policy
     * @return this builder
     * @throws NullPointerException if {@code policy} is null
     */
    public Builder policy(LockOrder.Policy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Uses an existing order instead of generating one: each value and lock entry takes the rank of its
     * key's name in that order, so the order may also rank locks outside this state.
     *
     * @param order the order
     * @return this builder
     * @throws NullPointerException if {@code order} is null
     */
    public Builder lockOrder(LockOrder order) {
      this.explicitOrder = Objects.requireNonNull(order, "order");
      return this;
    }

    /**
     * Registers a service, shared as it is.
     *
     * @param key the key
     * @param service the service; must be thread-safe
     * @param <S> the service type
     * @return this builder
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code key} is not a service key
     */
    public <S> Builder service(StateKey<S> key, S service) {
      return add(key, StateKey.Kind.SERVICE, service, "service");
    }

    /**
     * Registers a {@link GuardedValue}: a value behind a read/write lock, ranked after every value
     * and lock entry registered before it. ("Guarded" always means a {@code GuardedValue}; the
     * other value types have their own methods.)
     *
     * @param key the key
     * @param initial the initial value
     * @param <V> the value type
     * @return this builder
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code key} is not a {@link StateKey#guarded} key
     */
    public <V> Builder guarded(StateKey<GuardedValue<V>> key, V initial) {
      return add(key, StateKey.Kind.GUARDED, initial, "initial");
    }

    /**
     * Registers a value behind a mutex, ranked after every value and lock entry registered
     * before it.
     *
     * @param key the key
     * @param initial the initial value
     * @param <V> the value type
     * @return this builder
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code key} is not an exclusive key
     */
    public <V> Builder exclusive(StateKey<ExclusiveValue<V>> key, V initial) {
      return add(key, StateKey.Kind.EXCLUSIVE, initial, "initial");
    }

    /**
     * Registers an immutable value replaced whole, whose reads never wait; its writer lock is
     * ranked after every value and lock entry registered before it.
     *
     * @param key the key
     * @param initial the initial value; must be immutable
     * @param <V> the value type
     * @return this builder
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code key} is not a snapshot key
     */
    public <V> Builder snapshot(StateKey<SnapshotValue<V>> key, V initial) {
      return add(key, StateKey.Kind.SNAPSHOT, initial, "initial");
    }

    /**
     * Registers write-heavy state split over {@code shards} shards picked by key; all its shards
     * are ranked after every value and lock entry registered before it.
     *
     * @param key the key
     * @param shards the shard count, a power of two from 1 to 65536
     * @param supplier creates each shard's initial value (called once per shard by {@link
     *     #build()}, which throws {@link NullPointerException} if it returns null)
     * @param <V> the type of each shard's value
     * @return this builder
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code key} is not a sharded key, or {@code shards} is
     *     not such a power of two
     */
    public <V> Builder sharded(
        StateKey<ShardedValue<V>> key, int shards, Supplier<? extends V> supplier) {
      Objects.requireNonNull(supplier, "supplier");
      return add(
          key,
          StateKey.Kind.SHARDED,
          new Shards(ShardedValue.checkShardCount(shards), supplier),
          "supplier");
    }

    /**
     * Registers a drop-in {@link OrderedLock}, ranked after every entry registered before it.
     *
     * @param key the key
     * @return this builder
     * @throws NullPointerException if {@code key} is null
     * @throws IllegalArgumentException if {@code key} is not a lock key
     */
    public Builder lock(StateKey<OrderedLock> key) {
      return add(key, StateKey.Kind.LOCK, null, "lock");
    }

    /**
     * Registers a drop-in {@link OrderedReadWriteLock}, ranked after every entry registered before
     * it.
     *
     * @param key the key
     * @return this builder
     * @throws NullPointerException if {@code key} is null
     * @throws IllegalArgumentException if {@code key} is not a read-write lock key
     */
    public Builder readWriteLock(StateKey<OrderedReadWriteLock> key) {
      return add(key, StateKey.Kind.READ_WRITE_LOCK, null, "lock");
    }

    private Builder add(
        StateKey<?> key, StateKey.Kind kind, @Nullable Object value, String what) {
      Objects.requireNonNull(key, "key");
      if (kind != StateKey.Kind.LOCK && kind != StateKey.Kind.READ_WRITE_LOCK) {
        Objects.requireNonNull(value, what);
      }
      if (key.kind() != kind) {
        throw new IllegalArgumentException("key " + key + " cannot register a " + kind);
      }
      entries.add(new Entry(key, value));
      return this;
    }

    /**
     * Builds the state: ranks the value and lock entries in declaration order and creates their values.
     *
     * @return the immutable state
     * @throws IllegalStateException if two entries share a name, or build() was already called
     * @throws IllegalArgumentException if an explicit order lacks a rank for a value or lock entry
     */
    public SharedState build() {
      if (built) {
        throw new IllegalStateException("build() was already called on this builder");
      }
      List<String> names = new ArrayList<>();
      LockOrder.Builder generated = LockOrder.builder().name(name).policy(policy);
      boolean anyMember = false;
      for (Entry entry : entries) {
        String entryName = entry.key().name();
        if (names.contains(entryName)) {
          throw new IllegalStateException("two entries are named '" + entryName + "'");
        }
        names.add(entryName);
        if (entry.key().kind() != StateKey.Kind.SERVICE) {
          generated.rank(entryName);
          anyMember = true;
        }
      }
      LockOrder order =
          explicitOrder != null
              ? explicitOrder
              : anyMember ? generated.build() : generated.rank("none").build();
      Map<StateKey<?>, Object> built = new LinkedHashMap<>(); // StateKey equality is identity
      Map<String, Lockable> members = new LinkedHashMap<>();
      for (Entry entry : entries) {
        StateKey<?> key = entry.key();
        Object value = entry.initial();
        if (key.kind() == StateKey.Kind.LOCK) {
          value = OrderedLock.of(order.rank(key.name()));
        } else if (key.kind() == StateKey.Kind.READ_WRITE_LOCK) {
          value = OrderedReadWriteLock.of(order.rank(key.name()));
        } else if (key.kind() == StateKey.Kind.GUARDED) {
          value = GuardedValue.of(Objects.requireNonNull(value), order.rank(key.name()));
        } else if (key.kind() == StateKey.Kind.EXCLUSIVE) {
          value = ExclusiveValue.of(Objects.requireNonNull(value), order.rank(key.name()));
        } else if (key.kind() == StateKey.Kind.SNAPSHOT) {
          value = SnapshotValue.of(Objects.requireNonNull(value), order.rank(key.name()));
        } else if (key.kind() == StateKey.Kind.SHARDED) {
          Shards shards = (Shards) Objects.requireNonNull(value);
          value =
              ShardedValue.builder(shards.supplier())
                  .shards(shards.count())
                  .rank(order.rank(key.name()))
                  .build();
        }
        Object entryValue = Objects.requireNonNull(value);
        if (entryValue instanceof Lockable member) {
          members.put(key.name(), member);
        }
        built.put(key, entryValue);
      }
      this.built = true;
      return new SharedState(
          order, Collections.unmodifiableMap(built), Collections.unmodifiableMap(members));
    }
  }
}
