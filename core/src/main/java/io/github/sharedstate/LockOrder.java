package io.github.sharedstate;

import io.github.sharedstate.internal.LockEngine;
import io.github.sharedstate.internal.LockOptions;
import io.github.sharedstate.internal.LongWaitWatch;
import io.github.sharedstate.internal.MultiAcquire;
import io.github.sharedstate.internal.OrderTracker;
import io.github.sharedstate.internal.ValueCore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A ranking of locks that rejects out-of-order acquisition before it can deadlock.
 *
 * <p>Each rank has a level: its position in the declared order. A thread may take a ranked lock
 * only if its level is strictly greater than that of every ranked lock (of this order) it already
 * holds. Otherwise, under the default policy {@link Policy#THROW}, the acquisition throws {@link
 * LockOrderViolationException} before it waits, so an inversion is a stack trace instead of a hung
 * service:
 *
 * <pre>{@code
 * enum Locks { AGENT_REGISTRY, TASK_QUEUE, METRICS }     // declaration order = lock order
 * LockOrder order = LockOrder.of(Locks.class);
 * GuardedValue<Map<String, Agent>> agents =
 *     GuardedValue.of(new HashMap<>(), order.rank(Locks.AGENT_REGISTRY));
 * ExclusiveValue<Deque<Task>> queue =
 *     ExclusiveValue.of(new ArrayDeque<>(), order.rank(Locks.TASK_QUEUE));
 *
 * agents.modify(m -> queue.modify(q -> q.push(task)));  // in order: fine
 * queue.with(q -> agents.read(Map::size));               // LockOrderViolationException
 * }</pre>
 *
 * <p>Re-entering a lock the thread holds is always allowed, and so is taking the read lock of a
 * {@link GuardedValue} whose write lock the thread holds (downgrade). Read-then-write on one value
 * is rejected with {@link LockUpgradeException}, ranked or not. Values of the same rank (shards,
 * accounts) cannot be nested one by one; take them together with {@link #withAll}, which sorts
 * them by rank and then by a stable tie-break, the idea of C++ {@code std::scoped_lock}.
 *
 * <p>An order can also be <b>learned</b> from use, for locks whose order nobody wrote down yet.
 * Values join it with {@code order(order)} on their builder instead of a rank. When a thread takes
 * L while holding H (any member of the order), the order records the edge H -> L; an acquisition
 * that would close a cycle (the order already leads from L to a held lock) is rejected before it
 * waits, even if the edges were recorded by other threads, long before. One occurrence of each
 * edge suffices; no thread has to be unlucky enough to deadlock:
 *
 * <pre>{@code
 * LockOrder order = LockOrder.learned("billing");
 * ExclusiveValue<Ledger> ledger = ExclusiveValue.builder(new Ledger()).order(order).build();
 * GuardedValue<Map<String, Account>> accounts =
 *     GuardedValue.<Map<String, Account>>builder(new HashMap<>()).name("accounts").order(order).build();
 *
 * accounts.read(a -> ledger.with(l -> l.post(a)));   // records accounts -> ledger
 * ledger.with(l -> accounts.read(Map::size));         // LockOrderViolationException
 * order.learnedOrder();                               // [accounts, ExclusiveValue@7]
 * }</pre>
 *
 * <p>In a learned order, re-entry and downgrade add no edge; reads count like writes (a new
 * reader can queue behind a waiting writer); a zero-timeout try, which cannot deadlock, is recorded
 * as held but adds no edge and is never rejected. An edge already recorded costs no lock and no
 * shared write; a new one is checked and recorded atomically, so two threads cannot each add half
 * of a cycle. The graph forgets values that are garbage-collected and stops learning, with one
 * log line, at 250,000 edges. An order with declared ranks may also have unranked members: its
 * ranks then seed the graph, so a cycle through ranked and unranked members is caught too. Setting
 * the system property {@code io.github.sharedstate.learn=true} makes every value and drop-in lock
 * built with neither a rank nor an order join one {@linkplain #processWide() process-wide learned
 * order} (but for a {@link ShardedValue}, whose shards keep their own private rank).
 *
 * <p>Orders are independent objects with no global state (but that one): each tracks only its own
 * locks. Locks of two different orders may be nested in any order without a check, because the
 * library cannot know how two unrelated orders interleave; give related locks one order.
 *
 * <p>Besides values, an order checks the drop-in locks {@link OrderedLock} and {@link
 * OrderedReadWriteLock}, and any {@link Lock} wrapped with {@link Rank#wrap} or {@link #wrap},
 * cluster-wide locks included.
 *
 * <p>Thread-safety: safe to share. The name, ranks and policy are fixed when the order is built;
 * a learned order's graph changes as described above, under the order's own lock.
 *
 * <p>Held locks: each thread has one record of the tracked locks it holds (members of any order;
 * locks outside every order are not recorded), in acquisition order, kept in a thread-local and
 * shared by every order; an order's checks look only at its own entries. Taking again the same
 * lock with the same locks below it, after that acquisition once passed every check, is not
 * checked again, and costs no shared read or write. The record is not cleared as locks are
 * released: it keeps the lock its thread released last at each nesting depth reachable until the
 * thread takes another lock at that depth, so a long-lived thread that once held a short-lived
 * value may keep it (and its order) reachable that long.
 */
public final class LockOrder {
  /** What an order does when a thread asks for a lock out of order. */
  public enum Policy {
    /** Throw {@link LockOrderViolationException} before waiting (the default). */
    THROW,
    /**
     * Log through {@link System.Logger} (once per distinct pair of locks), count the violation in
     * the requested value's {@link LockStats#violations()}, and carry on with the acquisition.
     */
    WARN,
    /** Track nothing: ranked values cost exactly what unranked ones do. */
    OFF
  }

  /**
   * The system property that, when {@code true} at startup, makes every value and drop-in lock
   * built with neither a rank nor an order join the {@linkplain #processWide() process-wide
   * learned order}; a {@link ShardedValue}'s shards keep their own private rank.
   */
  public static final String LEARN_PROPERTY = "io.github.sharedstate.learn";

  /** Learned edges kept per order; beyond it the order logs once and stops learning. */
  static final int MAX_LEARNED_EDGES = 250_000;

  /** Numbers the default names of unranked values; ranked values are named after their rank. */
  private static final AtomicLong UNRANKED_IDS = new AtomicLong();

  /** The order unranked values join when {@link #LEARN_PROPERTY} is set; read once. */
  private static final @Nullable LockOrder PROCESS_WIDE = processWideOrder();

  private final String name;
  private final Policy policy;
  private final List<Rank> ranks;
  private final Map<String, Rank> ranksByName;
  private final @Nullable OrderTracker tracker;
  /** The long-wait threshold of this order's locks that set none, or null for the default. */
  private final @Nullable Duration longWait;
  private final AtomicLong tieBreaks = new AtomicLong();

  private LockOrder(
      String name,
      List<String> rankNames,
      Policy policy,
      boolean captureSites,
      boolean traceEdges,
      @Nullable Duration longWait) {
    this.name = name;
    this.policy = policy;
    this.longWait = longWait;
    List<Rank> list = new ArrayList<>();
    Map<String, Rank> byName = new LinkedHashMap<>();
    for (String rankName : rankNames) {
      Rank rank = new Rank(this, rankName, list.size());
      list.add(rank);
      byName.put(rankName, rank);
    }
    this.ranks = Collections.unmodifiableList(list);
    this.ranksByName = Collections.unmodifiableMap(byName);
    this.tracker =
        policy == Policy.OFF
            ? null
            : new OrderTracker(
                name,
                describe(),
                policy == Policy.THROW,
                captureSites,
                traceEdges,
                rankNames.size(),
                MAX_LEARNED_EDGES);
  }

  private static @Nullable LockOrder processWideOrder() {
    if (!Boolean.getBoolean(LEARN_PROPERTY)) {
      return null;
    }
    LockOrder order = learned("process-wide");
    // The switch is for test runs: print what was learned when the run ends, so that it can be
    // pasted into an enum. System.err, not a logger: logging may be shut down by then.
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () ->
                    System.err.println(
                        "sharedstate: learned lock order (" + LEARN_PROPERTY + "=true): "
                            + order.learnedOrder()),
                "sharedstate-learned-order"));
    return order;
  }

  /**
   * Returns a new learned order: one with no declared ranks, whose values join it with {@code
   * order(order)} on their builders and are checked against the order observed so far. The same
   * as {@code LockOrder.builder().name(name).build()}; use the builder to set a policy or to
   * capture acquisition sites.
   *
   * @param name the order's name, used in messages
   * @return a new, independent order with policy {@link Policy#THROW}
   * @throws NullPointerException if {@code name} is null
   */
  public static LockOrder learned(String name) {
    return builder().name(name).build();
  }

  /**
   * Returns the process-wide learned order that every value built with neither a rank nor an
   * order joins, if the system property {@value #LEARN_PROPERTY} was {@code true} when this class
   * was initialized (the property is read once). With it set, the order's {@link #learnedOrder()}
   * is also printed to standard error when the JVM exits. Without it, nothing is tracked and
   * unranked values cost nothing extra.
   *
   * @return the process-wide order, or empty when the switch is off
   */
  public static Optional<LockOrder> processWide() {
    return Optional.ofNullable(PROCESS_WIDE);
  }

  /**
   * Returns an order whose ranks are the constants of {@code ranks}, in declaration order, with
   * policy {@link Policy#THROW}. The order is named after the enum's simple name.
   *
   * @param ranks the enum whose declaration order is the lock order
   * @param <E> the enum type
   * @return a new, independent order
   * @throws NullPointerException if {@code ranks} is null
   * @throws IllegalArgumentException if the enum has no constants
   */
  public static <E extends Enum<E>> LockOrder of(Class<E> ranks) {
    return builder(ranks).build();
  }

  /**
   * Returns a builder for an order of named ranks, added in acquisition order.
   *
   * @return a new builder with policy {@link Policy#THROW} and no ranks
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder already holding the constants of {@code ranks} in declaration order.
   *
   * @param ranks the enum whose declaration order is the lock order
   * @param <E> the enum type
   * @return a new builder named after the enum
   * @throws NullPointerException if {@code ranks} is null
   * @throws IllegalArgumentException if the enum has no constants
   */
  public static <E extends Enum<E>> Builder builder(Class<E> ranks) {
    Objects.requireNonNull(ranks, "ranks");
    E[] constants = ranks.getEnumConstants();
    if (constants.length == 0) {
      throw new IllegalArgumentException(ranks.getName() + " has no constants to rank");
    }
    Builder builder = new Builder().name(ranks.getSimpleName());
    for (E constant : constants) {
      builder.rank(constant.name());
    }
    return builder;
  }

  /**
   * Returns the rank named like the enum constant.
   *
   * @param rank an enum constant
   * @return the rank
   * @throws NullPointerException if {@code rank} is null
   * @throws IllegalArgumentException if this order has no rank of that name
   */
  public Rank rank(Enum<?> rank) {
    Objects.requireNonNull(rank, "rank");
    return rank(rank.name());
  }

  /**
   * Returns the rank of the given name.
   *
   * @param rankName the name given to the builder
   * @return the rank
   * @throws NullPointerException if {@code rankName} is null
   * @throws IllegalArgumentException if this order has no rank of that name; the message lists
   *     the declared ones
   */
  public Rank rank(String rankName) {
    Objects.requireNonNull(rankName, "rankName");
    Rank rank = ranksByName.get(rankName);
    if (rank == null) {
      throw new IllegalArgumentException(
          "no rank '" + rankName + "' in lock order '" + name + "'; declared: " + describe());
    }
    return rank;
  }

  /** {@return the ranks in acquisition order} */
  public List<Rank> ranks() {
    return ranks;
  }

  /** {@return this order's name} */
  public String name() {
    return name;
  }

  /** {@return this order's policy} */
  public Policy policy() {
    return policy;
  }

  /**
   * {@return the declared order, such as {@code "agent_registry < task_queue < metrics"}; empty
   * for a learned order with no ranks}
   */
  public String describe() {
    StringBuilder text = new StringBuilder();
    for (Rank rank : ranks) {
      if (text.length() > 0) {
        text.append(" < ");
      }
      text.append(rank.name());
    }
    return text.toString();
  }

  /**
   * Returns the names of this order's members that are nodes of its learned graph (those taken
   * while another member was held, or held while another was taken), in an order that agrees with
   * every recorded edge: declare them in this order and the code that ran so far obeys it. A
   * declared rank that takes part appears once, under the rank's name. Values that were garbage
   * collected are gone from it. Empty under {@link Policy#OFF}.
   *
   * @return an immutable list, a snapshot
   */
  public List<String> learnedOrder() {
    return tracker == null ? List.of() : tracker.learnedOrder();
  }

  /**
   * Returns the learned graph as Graphviz DOT text: a {@code digraph} with one node per member
   * listed by {@link #learnedOrder()} (declared ranks drawn as boxes) and exactly one edge per
   * recorded edge, labelled with the thread that first recorded it. Edges seeded by the declared
   * ranks are dashed; edges that were rejected are not in it. Render it with {@code dot -Tsvg}.
   *
   * @return the DOT text, a snapshot
   */
  public String toDot() {
    return tracker == null ? "digraph \"" + name + "\" {\n}\n" : tracker.toDot();
  }

  /**
   * Returns the locks of this order that the current thread holds, oldest first. Empty under
   * {@link Policy#OFF}, which tracks nothing. An unranked member appears with an empty rank name
   * and rank -1.
   *
   * @return an immutable list
   */
  public List<HeldLock> heldByCurrentThread() {
    if (tracker == null) {
      return List.of();
    }
    List<HeldLock> held = new ArrayList<>();
    tracker.forEachHeld(
        (valueName, rankName, level, write) ->
            held.add(new HeldLock(valueName, rankName, level, write)));
    return List.copyOf(held);
  }

  /**
   * Takes the exclusive lock of every value or lock (the write lock of a {@link GuardedValue} or
   * an {@link OrderedReadWriteLock}, the mutex of an {@link ExclusiveValue}, the writer lock of a
   * {@link SnapshotValue}, the mutex of every shard of a {@link ShardedValue}, an {@link
   * OrderedLock}, a wrapped lock) in rank order, breaking ties between equal ranks by a stable
   * per-lock order, runs {@code action} with all of them held, and releases them all. Two threads
   * calling {@code withAll(List.of(a, b), ...)} and {@code withAll(List.of(b, a), ...)} at once
   * never deadlock. Inside {@code action}, use the values and locks as usual: re-entering a held
   * lock is allowed.
   *
   * <pre>{@code
   * order.withAll(List.of(from, to), () -> {
   *   from.update(balance -> balance - amount);
   *   return to.update(balance -> balance + amount);
   * });
   * }</pre>
   *
   * <p>If {@code action} throws, every value is poisoned (unless it opted out; a lock has nothing
   * to poison) and the failure is rethrown; every lock is released however {@code action} ends.
   *
   * @param locks the values and locks to take together, all ranked in this order, no duplicates
   * @param action what to run while all are held
   * @param <R> the result type
   * @return what {@code action} returned
   * @throws NullPointerException if an argument or element is null
   * @throws IllegalArgumentException if {@code locks} is empty, has a duplicate, or has a member
   *     not ranked in this order
   * @throws LockOrderViolationException if the thread holds a lock of this order that sorts at or
   *     after the first member it does not already hold
   * @throws LockUpgradeException if the thread holds the read lock of one of them
   * @throws PoisonedException if one of the values is poisoned (nothing runs; all are released)
   */
  public <R> R withAll(List<? extends Lockable> locks, Supplier<? extends R> action) {
    Objects.requireNonNull(locks, "locks");
    Objects.requireNonNull(action, "action");
    if (locks.isEmpty()) {
      throw new IllegalArgumentException("withAll needs at least one value or lock");
    }
    Set<LockEngine> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    List<LockEngine> engines = new ArrayList<>(locks.size());
    List<ValueCore<?>> values = new ArrayList<>(locks.size());
    for (Lockable lock : locks) {
      Objects.requireNonNull(lock, "locks contains null");
      if (lock.rank().map(rank -> rank.order() != this).orElse(true)) {
        throw new IllegalArgumentException(
            "'" + lock.name() + "' is not ranked in lock order '" + name + "'");
      }
      for (LockEngine engine : enginesOf(lock, values)) {
        if (!seen.add(engine)) {
          throw new IllegalArgumentException("'" + lock.name() + "' appears twice in withAll");
        }
        engines.add(engine);
      }
    }
    engines.sort(MultiAcquire.ORDER);
    return MultiAcquire.withAll(engines, values, action);
  }

  /** The locks of {@code lock}; adds its values, if it has any, to {@code values}. */
  private static List<LockEngine> enginesOf(Lockable lock, List<ValueCore<?>> values) {
    if (lock instanceof GuardedValue<?> guarded) {
      return engineOf(guarded.core(), values);
    } else if (lock instanceof ExclusiveValue<?> exclusive) {
      return engineOf(exclusive.core(), values);
    } else if (lock instanceof ShardedValue<?> sharded) {
      values.addAll(sharded.cores());
      return sharded.engines();
    } else if (lock instanceof SnapshotValue<?> snapshot) {
      return List.of(snapshot.engine()); // never poisoned
    } else if (lock instanceof OrderedLock ordered) {
      return List.of(ordered.engine());
    } else if (lock instanceof OrderedReadWriteLock readWrite) {
      return List.of(readWrite.engine());
    }
    return List.of(((WrappedLock) lock).engine());
  }

  private static List<LockEngine> engineOf(ValueCore<?> core, List<ValueCore<?>> values) {
    values.add(core);
    return List.of(core.engine());
  }

  /**
   * Returns {@code lock} checked as an unranked member of this order: the returned lock takes
   * {@code lock} after checking the acquisition against the order learned so far, records it in
   * the thread's held-lock record, and counts it (its {@link Lockable#stats()}: the returned lock
   * is a {@link Lockable}). The locking itself is {@code lock}'s; re-entry by the holder, where
   * {@code lock} allows it, passes unchecked. See {@link Rank#wrap} for ranked ones, and for
   * cluster-wide locks.
   *
   * @param lock the lock to check
   * @param name its name in messages and stats
   * @return the checked lock
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code lock} is checked already (an {@link OrderedLock},
   *     the read or write lock of an {@link OrderedReadWriteLock}, or a wrapped lock)
   */
  public Lock wrap(Lock lock, String name) {
    Objects.requireNonNull(name, "name");
    return WrappedLock.wrap(lock, null, this, name);
  }

  /**
   * Options for a value or lock of {@code rank}, or an unranked member of {@code order}, or
   * neither; used by the value and lock builders.
   *
   * @throws IllegalArgumentException if {@code rank} belongs to an order other than {@code order}
   */
  static LockOptions options(
      @Nullable Rank rank,
      @Nullable LockOrder order,
      @Nullable String name,
      String kind,
      boolean fair,
      @Nullable Duration longWait) {
    return options(rank, order, name, kind, fair, longWait, null);
  }

  /**
   * As {@link #options(Rank, LockOrder, String, String, boolean, Duration)}, with a key that sorts
   * the lock
   * among the locks of its rank the same way in every process (see {@link Rank#wrap(Lock,
   * String)}).
   */
  static LockOptions options(
      @Nullable Rank rank,
      @Nullable LockOrder order,
      @Nullable String name,
      String kind,
      boolean fair,
      @Nullable Duration longWait,
      @Nullable String sortKey) {
    if (rank == null) {
      String unrankedName = name != null ? name : kind + "@" + UNRANKED_IDS.getAndIncrement();
      LockOrder joined = order != null ? order : PROCESS_WIDE;
      OrderTracker tracker = joined == null ? null : joined.tracker;
      if (tracker != null) {
        tracker.learnedMemberJoined();
      }
      return new LockOptions(
          unrankedName, fair, tracker, "", -1, 0, null, longWaitNanos(longWait, joined));
    }
    if (order != null && order != rank.order()) {
      throw new IllegalArgumentException(
          "rank " + rank + " belongs to lock order '" + rank.order().name + "', not to '"
              + order.name + "': give a value either a rank or an order, or both of one order");
    }
    LockOrder ranked = rank.order();
    return new LockOptions(
        name != null ? name : rank.name(),
        fair,
        ranked.tracker,
        rank.name(),
        rank.level(),
        ranked.tieBreaks.getAndIncrement(),
        sortKey,
        longWaitNanos(longWait, ranked));
  }

  /** The threshold a lock gets: its own, else its order's, else the process default. */
  private static long longWaitNanos(@Nullable Duration own, @Nullable LockOrder order) {
    Duration chosen = own != null ? own : order != null ? order.longWait : null;
    return chosen != null ? chosen.toNanos() : LongWaitWatch.DEFAULT_THRESHOLD_NANOS;
  }

  @Override
  public String toString() {
    return "LockOrder[" + name + ": " + (ranks.isEmpty() ? "learned" : describe()) + ", " + policy + "]";
  }

  /**
   * One position in a {@link LockOrder}. Obtained from {@link LockOrder#rank}; passed to the value
   * factories and builders. Immutable.
   */
  public static final class Rank {
    private final LockOrder order;
    private final String name;
    private final int level;

    private Rank(LockOrder order, String name, int level) {
      this.order = order;
      this.name = name;
      this.level = level;
    }

    /** {@return the order this rank belongs to} */
    public LockOrder order() {
      return order;
    }

    /** {@return the rank's name} */
    public String name() {
      return name;
    }

    /** {@return the rank's level: 0 for the first declared rank, increasing} */
    public int level() {
      return level;
    }

    /**
     * Returns {@code lock} checked as a lock of this rank, named after it: the returned lock
     * checks every acquisition against the order before it waits (as {@link OrderedLock} does),
     * records it in the thread's held-lock record, and counts it (its {@link Lockable#stats()}:
     * the returned lock is a {@link Lockable}). The locking itself is {@code lock}'s; re-entry by
     * the holder, where {@code lock} allows it, passes unchecked. Conditions of the returned lock
     * are {@code lock}'s, checked as {@link OrderedLock}'s are.
     *
     * <p>This is how cluster-wide locks (ZooKeeper through Apache Curator, Hazelcast's {@code
     * FencedLock}, Redisson's {@code RLock}) join an order: when every instance of a service
     * declares the same ranks, no thread anywhere takes two of them out of rank order, so no
     * deadlock between instances can form. An acquisition that would break the order is
     * rejected before it reaches the lock's service. A contended acquisition first tries {@code
     * tryLock()} and then waits in {@code lock()}, as for every lock of the library.
     *
     * <pre>{@code
     * Lock accounts = order.rank(Locks.ACCOUNTS).wrap(new ZkLock(client, "/locks/accounts"));
     * Lock ledger = order.rank(Locks.LEDGER).wrap(new ZkLock(client, "/locks/ledger"));
     * }</pre>
     *
     * @param lock the lock to check
     * @return the checked lock
     * @throws NullPointerException if {@code lock} is null
     * @throws IllegalArgumentException if {@code lock} is checked already (an {@link OrderedLock},
     *     the read or write lock of an {@link OrderedReadWriteLock}, or a wrapped lock)
     */
    public Lock wrap(Lock lock) {
      return WrappedLock.wrap(lock, this, null, null);
    }

    /**
     * As {@link #wrap(Lock)}, named {@code name}: give each cluster-wide lock that shares a rank
     * with others the name it has on every instance (its path or key in the lock service). {@link
     * LockOrder#withAll} takes locks of one rank in the order of these names, so every instance
     * takes them in the same order, whatever order it created them in; without names it would
     * take them in its own creation order, and two instances that created them in different
     * orders could deadlock each other.
     *
     * <pre>{@code
     * Lock shard1 = order.rank(Locks.SHARD).wrap(new ZkLock(client, "/locks/shard-1"), "shard-1");
     * Lock shard2 = order.rank(Locks.SHARD).wrap(new ZkLock(client, "/locks/shard-2"), "shard-2");
     * order.withAll(List.of(shard2, shard1), () -> move(...));  // shard-1, then shard-2, anywhere
     * }</pre>
     *
     * @param lock the lock to check
     * @param name its name in messages and stats, and its place among the locks of this rank;
     *     unique within the rank
     * @return the checked lock
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code lock} is checked already
     */
    public Lock wrap(Lock lock, String name) {
      Objects.requireNonNull(name, "name");
      return WrappedLock.wrap(lock, this, null, name);
    }

    @Override
    public String toString() {
      return name + " (rank " + level + " in " + order.name + ")";
    }
  }

  /**
   * A lock held by the current thread, as reported by {@link #heldByCurrentThread()}.
   *
   * @param valueName the held value's name
   * @param rankName the name of its rank
   * @param rank the level of its rank
   * @param write true for a write lock or mutex, false for a read lock
   */
  public record HeldLock(String valueName, String rankName, int rank, boolean write) {}

  /** Builds a {@link LockOrder}. Not thread-safe; use one builder on one thread. */
  public static final class Builder {
    private String name = "lock-order";
    private final List<String> rankNames = new ArrayList<>();
    private Policy policy = Policy.THROW;
    private @Nullable Boolean captureSites;
    private @Nullable Duration longWait;

    private Builder() {}

    /**
     * Sets the order's name, used in messages (default {@code "lock-order"}).
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
     * Adds the next rank: it sorts after every rank added before it.
     *
     * @param rankName a name not used before in this order
     * @return this builder
     * @throws NullPointerException if {@code rankName} is null
     * @throws IllegalArgumentException if {@code rankName} is blank or already added
     */
    public Builder rank(String rankName) {
      Objects.requireNonNull(rankName, "rankName");
      if (rankName.isBlank()) {
        throw new IllegalArgumentException("rankName must not be blank");
      }
      if (rankNames.contains(rankName)) {
        throw new IllegalArgumentException("rank '" + rankName + "' is already declared");
      }
      rankNames.add(rankName);
      return this;
    }

    /**
     * Sets what happens on a violation (default {@link Policy#THROW}).
     *
     * @param policy the policy
     * @return this builder
     * @throws NullPointerException if {@code policy} is null
     */
    public Builder policy(Policy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Records a stack trace at every acquisition of a member, so a violation can show where the
     * held lock was taken (as the exception's cause), and each learned edge where both of its
     * locks were taken. Costs an allocation and a stack walk per acquisition: for debugging and
     * tests, not for production.
     *
     * <p>By default (neither true nor false) acquisitions capture nothing, but each new learned
     * edge keeps the stack trace of the acquisition that first recorded it (where the later lock
     * was taken while the earlier was held, which shows the earlier one's call too when the two
     * nest as function calls). Only a new edge pays for that. {@code false} turns it off as well.
     *
     * @param capture whether to capture acquisition sites
     * @return this builder
     */
    public Builder captureAcquisitionSites(boolean capture) {
      this.captureSites = capture;
      return this;
    }

    /**
     * Sets the long-wait threshold of this order's locks that set none themselves: a thread that
     * waits longer than this for one of them is reported once, naming the holder and what it is
     * doing (see {@link LockDiagnostics}). Default: the process default, 1 second unless the
     * system property {@value LockDiagnostics#LONG_WAIT_PROPERTY} says otherwise.
     *
     * @param threshold the threshold; zero turns the reports off
     * @return this builder
     * @throws NullPointerException if {@code threshold} is null
     * @throws IllegalArgumentException if {@code threshold} is negative
     */
    public Builder longWaitThreshold(Duration threshold) {
      this.longWait = LockEngine.checkTimeout(threshold);
      return this;
    }

    /**
     * Builds the order: a declared one if ranks were added, else a learned one (see {@link
     * LockOrder#learned}).
     *
     * @return a new, independent order
     */
    public LockOrder build() {
      Boolean capture = captureSites;
      return new LockOrder(
          name,
          List.copyOf(rankNames),
          policy,
          Boolean.TRUE.equals(capture),
          !Boolean.FALSE.equals(capture),
          longWait);
    }
  }
}
