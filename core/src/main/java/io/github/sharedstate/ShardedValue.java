package io.github.sharedstate;

import io.github.sharedstate.internal.LockEngine;
import io.github.sharedstate.internal.MultiAcquire;
import io.github.sharedstate.internal.ValueCore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Write-heavy state split over shards, each an {@link ExclusiveValue} of one rank, picked by key:
 * writers of different shards never wait for each other. Guava's {@code Striped} with values and
 * order checks, for counters, per-key maps and other state that can be partitioned by key.
 *
 * <pre>{@code
 * ShardedValue<Counter> hits = ShardedValue.builder(Counter::new)
 *     .shards(16).rank(order.rank(Locks.HITS)).build();
 * hits.modify(path, c -> c.add(1));                               // the shard path maps to
 * long total = hits.withAll(all -> all.stream().mapToLong(Counter::get).sum());   // every shard
 * hits.withShardsOf(List.of(from, to), s -> s.get(0).moveTo(s.get(1)));  // the shards of two keys
 * }</pre>
 *
 * <h2>Keys and shards</h2>
 *
 * The shard count is a power of two (by default the smallest one at least four times the
 * processor count). A key's shard is fixed: its {@code hashCode()} is spread by Fibonacci
 * hashing (multiplied by 2<sup>32</sup>/&phi;, keeping the top bits), so keys whose hash codes
 * differ only in their high bits, or only in their low bits, still spread over the shards, the
 * way {@link java.util.concurrent.ConcurrentHashMap} spreads its hashes. Null keys are rejected.
 *
 * <h2>Lock order</h2>
 *
 * A value built with a {@linkplain Builder#rank rank} gives that rank to every shard. Taking two
 * shards one by one (a shard's function that touches another shard) is then a {@link
 * LockOrderViolationException}, thrown before waiting, since neither rank is greater. {@link
 * #withAll} and {@link #withShardsOf} take their shards together, in one fixed order (ascending
 * shard index), each once however many keys map to it, so two threads calling them with keys in
 * opposite orders never deadlock. A ranked sharded value may also be passed to {@link
 * LockOrder#withAll}, which then takes all its shards.
 *
 * <p>A value built with an {@linkplain Builder#order order} and no rank makes each shard a learned
 * member of that order, named {@code name[i]}, checked like any learned member (see {@link
 * LockOrder}): taking shard {@code j} while holding shard {@code i} records the edge {@code i ->
 * j}, and taking them the other way round later is rejected; the multi-shard forms record edges
 * in ascending shard index. Shards taken together record an edge for each pair, so {@code n}
 * shards add up to {@code n(n-1)/2} edges to the order's graph. Give the value a rank when its
 * shards should never be nested one by one. A value built with neither a rank nor an order gets
 * a private order with one rank, so its shards are checked against each other as for a ranked
 * value (and against nothing else). This holds even when the {@linkplain LockOrder#processWide()
 * process-wide learned order} is switched on, unlike the other value types: joining it would add
 * up to {@code n(n-1)/2} edges per sharded value to the one graph every unranked value shares
 * (with 256 shards, 32,640 of its 250,000), and a sharded value's shards already have their order.
 *
 * <h2>Poisoning</h2>
 *
 * As for {@link ExclusiveValue}, per shard: a failing function poisons the shards it held. A
 * failure inside {@code withAll} or {@code withShardsOf} poisons every shard it held, as {@link
 * LockOrder#withAll} does. {@link #recover} repairs every poisoned shard; {@code clearPoison()}
 * clears every shard.
 *
 * <p>Every single-shard form has a timed form ({@code tryWith(timeout, key, fn)}) that throws
 * {@link LockTimeoutException} and an interruptible form; for guards and timed conditional forms,
 * use the shard itself ({@link #shard}).
 *
 * <p>Memory synchronization: as for {@link ExclusiveValue}, per shard. Thread-safety: every
 * method may be called from any thread.
 *
 * @param <T> the type of each shard's value; never null
 */
public final class ShardedValue<T> implements SharedValue {
  /*
   * Concurrency: all state is final and each shard is an ExclusiveValue, whose own rules hold.
   * The multi-shard forms lock with MultiAcquire, which needs its locks in acquisition order
   * (rank, then tie-break) without duplicates: the shards are created in index order, each taking
   * the next tie-break of the one rank they share, so ascending shard index is that order. Learned
   * shards (no rank) have no tie-break; for them ascending index is simply the one order the
   * multi-shard forms always use, so the edges they record never contradict each other.
   */
  private static final AtomicLong UNNAMED_IDS = new AtomicLong();
  /** 2^32 divided by the golden ratio: Fibonacci hashing. */
  private static final long GOLDEN = 0x9E37_79B9L;
  private static final int MAX_SHARDS = 1 << 16;

  private final String name;
  private final LockOrder.@Nullable Rank rank;
  private final List<ExclusiveValue<T>> shards;
  /** The shards' values in shard order, which is their acquisition order. */
  private final List<ValueCore<?>> cores;
  /** The shards' locks in shard order. */
  private final List<LockEngine> engines;
  private final int[] allIndices;
  private final int shift;

  private ShardedValue(Supplier<? extends T> supplier, int count, ValueOptions options) {
    LockOrder.Rank given = options.rank();
    String named = options.name();
    this.name =
        named != null
            ? named
            : given != null ? given.name() : "ShardedValue@" + UNNAMED_IDS.getAndIncrement();
    this.rank = given;
    // Without a rank: learned members of the given order; else one private rank, so that the
    // shards are still checked against each other (never the process-wide order: see above).
    LockOrder.@Nullable Rank shardRank =
        given != null || options.order() != null
            ? given
            : LockOrder.builder().name(name).rank(name).build().rank(name);
    List<ExclusiveValue<T>> list = new ArrayList<>(count);
    List<ValueCore<?>> coreList = new ArrayList<>(count);
    List<LockEngine> engineList = new ArrayList<>(count);
    this.allIndices = new int[count];
    for (int i = 0; i < count; i++) {
      T initial = supplier.get();
      if (initial == null) {
        throw new NullPointerException("supplier returned null for shard " + i);
      }
      ExclusiveValue<T> shard =
          new ExclusiveValue<>(initial, options.shard(name + "[" + i + "]", shardRank));
      list.add(shard);
      coreList.add(shard.core());
      engineList.add(shard.core().engine());
      allIndices[i] = i;
    }
    this.shards = Collections.unmodifiableList(list);
    this.cores = Collections.unmodifiableList(coreList);
    this.engines = Collections.unmodifiableList(engineList);
    this.shift = Integer.SIZE - Integer.numberOfTrailingZeros(count);
  }

  /**
   * Returns an unranked value with the default shard count and options.
   *
   * @param supplier creates each shard's initial value
   * @param <T> the value type
   * @return the new value
   * @throws NullPointerException if {@code supplier} is null or returns null
   */
  public static <T> ShardedValue<T> of(Supplier<? extends T> supplier) {
    return ShardedValue.<T>builder(supplier).build();
  }

  /**
   * Returns a builder for a value with options.
   *
   * @param supplier creates each shard's initial value, once per shard
   * @param <T> the value type
   * @return a new builder
   * @throws NullPointerException if {@code supplier} is null
   */
  public static <T> Builder<T> builder(Supplier<? extends T> supplier) {
    return new Builder<>(Objects.requireNonNull(supplier, "supplier"));
  }

  /** Checks a shard count: a power of two from 1 to 65536. */
  static int checkShardCount(int shards) {
    if (shards < 1 || shards > MAX_SHARDS || Integer.bitCount(shards) != 1) {
      throw new IllegalArgumentException(
          "the shard count must be a power of two from 1 to " + MAX_SHARDS + ": " + shards);
    }
    return shards;
  }

  /** The smallest power of two at least four times the processor count. */
  private static int defaultShards() {
    int wanted = Math.min(MAX_SHARDS, 4 * Runtime.getRuntime().availableProcessors());
    return Integer.bitCount(wanted) == 1 ? wanted : Integer.highestOneBit(wanted) << 1;
  }

  List<ValueCore<?>> cores() {
    return cores;
  }

  List<LockEngine> engines() {
    return engines;
  }

  private int indexOf(@Nullable Object key, String what) {
    if (key == null) {
      throw new NullPointerException(what);
    }
    return (int) (((key.hashCode() * GOLDEN) & 0xFFFF_FFFFL) >>> shift);
  }

  /**
   * Returns the shard {@code key} maps to, for its guard, timed and interruptible forms.
   *
   * @param key any object; its shard is fixed by its {@code hashCode()}
   * @return the shard
   * @throws NullPointerException if {@code key} is null
   */
  public ExclusiveValue<T> shard(Object key) {
    return shards.get(indexOf(key, "key"));
  }

  /**
   * Runs {@code fn} on the value of {@code key}'s shard under that shard's mutex: {@code
   * shard(key).with(fn)}.
   *
   * @param key picks the shard
   * @param fn reads and may modify the shard's value
   * @param <R> the result type
   * @return what {@code fn} returned
   * @throws NullPointerException if an argument is null
   * @throws PoisonedException if the shard is poisoned ({@code fn} does not run)
   * @throws LockOrderViolationException if taking the shard now breaks the lock order, as when
   *     the thread holds another shard
   */
  public <R extends @Nullable Object> R with(Object key, Function<? super T, ? extends R> fn) {
    return shard(key).with(fn);
  }

  /**
   * Runs {@code action} on the value of {@code key}'s shard under that shard's mutex: {@code
   * shard(key).modify(action)}.
   *
   * @param key picks the shard
   * @param action reads and may modify the shard's value
   * @throws NullPointerException if an argument is null
   * @throws PoisonedException if the shard is poisoned ({@code action} does not run)
   * @throws LockOrderViolationException if taking the shard now breaks the lock order
   */
  public void modify(Object key, Consumer<? super T> action) {
    shard(key).modify(action);
  }

  /**
   * Replaces the value of {@code key}'s shard with {@code op(value)}: {@code
   * shard(key).update(op)}.
   *
   * @param key picks the shard
   * @param op computes the shard's new value from the old one
   * @return the new value
   * @throws NullPointerException if an argument is null, or {@code op} returns null
   * @throws PoisonedException if the shard is poisoned
   * @throws LockOrderViolationException if taking the shard now breaks the lock order
   */
  public T update(Object key, UnaryOperator<T> op) {
    return shard(key).update(op);
  }

  /**
   * As {@link #with}, waiting interruptibly: {@code shard(key).withInterruptibly(fn)}.
   *
   * @param key picks the shard
   * @param fn reads and may modify the shard's value
   * @param <R> the result type
   * @return what {@code fn} returned
   * @throws InterruptedException if interrupted before or while waiting (nothing is held)
   * @throws NullPointerException if an argument is null
   * @throws PoisonedException if the shard is poisoned ({@code fn} does not run)
   * @throws LockOrderViolationException if taking the shard now breaks the lock order
   */
  public <R extends @Nullable Object> R withInterruptibly(
      Object key, Function<? super T, ? extends R> fn) throws InterruptedException {
    return shard(key).withInterruptibly(fn);
  }

  /**
   * As {@link #with}, waiting at most {@code timeout} (interruptibly): {@code
   * shard(key).tryWith(timeout, fn)}.
   *
   * @param timeout the longest wait; zero means do not wait
   * @param key picks the shard
   * @param fn reads and may modify the shard's value
   * @param <R> the result type
   * @return what {@code fn} returned
   * @throws LockTimeoutException if the shard did not become free in time ({@code fn} does not
   *     run)
   * @throws InterruptedException if interrupted before or while waiting (nothing is held)
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code timeout} is negative
   * @throws PoisonedException if the shard is poisoned
   * @throws LockOrderViolationException if taking the shard now breaks the lock order
   */
  public <R extends @Nullable Object> R tryWith(
      Duration timeout, Object key, Function<? super T, ? extends R> fn)
      throws InterruptedException {
    LockEngine.checkTimeout(timeout);
    return shard(key).tryWith(timeout, fn);
  }

  /**
   * As {@link #modify}, waiting interruptibly: {@code shard(key).modifyInterruptibly(action)}.
   *
   * @param key picks the shard
   * @param action reads and may modify the shard's value
   * @throws InterruptedException if interrupted before or while waiting (nothing is held)
   * @throws NullPointerException if an argument is null
   * @throws PoisonedException if the shard is poisoned ({@code action} does not run)
   * @throws LockOrderViolationException if taking the shard now breaks the lock order
   */
  public void modifyInterruptibly(Object key, Consumer<? super T> action)
      throws InterruptedException {
    shard(key).modifyInterruptibly(action);
  }

  /**
   * As {@link #modify}, waiting at most {@code timeout} (interruptibly): {@code
   * shard(key).tryModify(timeout, action)}.
   *
   * @param timeout the longest wait; zero means do not wait
   * @param key picks the shard
   * @param action reads and may modify the shard's value
   * @throws LockTimeoutException if the shard did not become free in time ({@code action} does
   *     not run)
   * @throws InterruptedException if interrupted before or while waiting (nothing is held)
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code timeout} is negative
   * @throws PoisonedException if the shard is poisoned
   * @throws LockOrderViolationException if taking the shard now breaks the lock order
   */
  public void tryModify(Duration timeout, Object key, Consumer<? super T> action)
      throws InterruptedException {
    LockEngine.checkTimeout(timeout);
    shard(key).tryModify(timeout, action);
  }

  /**
   * As {@link #update}, waiting interruptibly: {@code shard(key).updateInterruptibly(op)}.
   *
   * @param key picks the shard
   * @param op computes the shard's new value from the old one
   * @return the new value
   * @throws InterruptedException if interrupted before or while waiting (nothing is held)
   * @throws NullPointerException if an argument is null, or {@code op} returns null
   * @throws PoisonedException if the shard is poisoned
   * @throws LockOrderViolationException if taking the shard now breaks the lock order
   */
  public T updateInterruptibly(Object key, UnaryOperator<T> op) throws InterruptedException {
    return shard(key).updateInterruptibly(op);
  }

  /**
   * As {@link #update}, waiting at most {@code timeout} (interruptibly): {@code
   * shard(key).tryUpdate(timeout, op)}.
   *
   * @param timeout the longest wait; zero means do not wait
   * @param key picks the shard
   * @param op computes the shard's new value from the old one
   * @return the new value
   * @throws LockTimeoutException if the shard did not become free in time ({@code op} does not
   *     run)
   * @throws InterruptedException if interrupted before or while waiting (nothing is held)
   * @throws NullPointerException if an argument is null, or {@code op} returns null
   * @throws IllegalArgumentException if {@code timeout} is negative
   * @throws PoisonedException if the shard is poisoned
   * @throws LockOrderViolationException if taking the shard now breaks the lock order
   */
  public T tryUpdate(Duration timeout, Object key, UnaryOperator<T> op)
      throws InterruptedException {
    LockEngine.checkTimeout(timeout);
    return shard(key).tryUpdate(timeout, op);
  }

  /**
   * Takes every shard's mutex, in the fixed shard order, runs {@code fn} on the list of all shard
   * values (in shard order), and releases them all. Waits without interruption. If {@code fn}
   * throws, every shard is poisoned (unless the value opted out) and the failure is rethrown.
   *
   * @param fn reads and may modify the shard values; the list is unmodifiable and valid only
   *     inside {@code fn}
   * @param <R> the result type
   * @return what {@code fn} returned
   * @throws NullPointerException if {@code fn} is null
   * @throws PoisonedException if a shard is poisoned ({@code fn} does not run; all are released)
   * @throws LockOrderViolationException if the thread holds a lock of the order that sorts at or
   *     after the first shard it does not already hold
   */
  public <R extends @Nullable Object> R withAll(Function<? super List<T>, ? extends R> fn) {
    Objects.requireNonNull(fn, "fn");
    return MultiAcquire.withAll(engines, cores, () -> fn.apply(heldValues(allIndices)));
  }

  /**
   * Takes the mutexes of the shards that {@code keys} map to, each once and in the fixed shard
   * order whatever the order of the keys, runs {@code fn} on their values, and releases them.
   * Element {@code i} of the list {@code fn} gets is the value of key {@code i}'s shard, so two
   * keys of one shard give the same object twice. Waits without interruption. If {@code fn}
   * throws, every shard it held is poisoned (unless the value opted out) and the failure is
   * rethrown.
   *
   * <pre>{@code
   * accounts.withShardsOf(List.of(from, to), s -> {
   *   s.get(0).withdraw(from, amount);
   *   s.get(1).deposit(to, amount);
   *   return null;
   * });
   * }</pre>
   *
   * @param keys the keys whose shards to take; not empty
   * @param fn reads and may modify the shard values; the list is unmodifiable and valid only
   *     inside {@code fn}
   * @param <R> the result type
   * @return what {@code fn} returned
   * @throws NullPointerException if an argument or key is null
   * @throws IllegalArgumentException if {@code keys} is empty
   * @throws PoisonedException if one of the shards is poisoned ({@code fn} does not run)
   * @throws LockOrderViolationException if the thread holds a lock of the order that sorts at or
   *     after the first of these shards it does not already hold
   */
  public <R extends @Nullable Object> R withShardsOf(
      List<?> keys, Function<? super List<T>, ? extends R> fn) {
    Objects.requireNonNull(keys, "keys");
    Objects.requireNonNull(fn, "fn");
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("withShardsOf needs at least one key");
    }
    int[] indices = new int[keys.size()];
    BitSet wanted = new BitSet(shards.size());
    for (int i = 0; i < indices.length; i++) {
      indices[i] = indexOf(keys.get(i), "keys contains null");
      wanted.set(indices[i]);
    }
    List<LockEngine> sorted = new ArrayList<>(wanted.cardinality());
    List<ValueCore<?>> values = new ArrayList<>(wanted.cardinality());
    for (int i = wanted.nextSetBit(0); i >= 0; i = wanted.nextSetBit(i + 1)) {
      sorted.add(engines.get(i));
      values.add(cores.get(i));
    }
    return MultiAcquire.withAll(sorted, values, () -> fn.apply(heldValues(indices)));
  }

  /** The values of the given shards; the caller holds their mutexes. */
  private List<T> heldValues(int[] indices) {
    List<T> values = new ArrayList<>(indices.length);
    for (int index : indices) {
      values.add(shards.get(index).core().heldValue());
    }
    return Collections.unmodifiableList(values);
  }

  /** {@return the number of shards, a power of two} */
  public int size() {
    return shards.size();
  }

  /** {@return the shards in shard order, for their own stats, guards and timed forms} */
  public List<ExclusiveValue<T>> shards() {
    return shards;
  }

  /**
   * {@return the sum of the shards' counters (the longest single one for {@code maxWait} and
   * {@code maxHeldWhileWaited})}
   * Each shard's counters are read one by one, so the sum under load is not atomic.
   */
  @Override
  public LockStats stats() {
    List<LockStats> parts = new ArrayList<>(shards.size());
    for (ExclusiveValue<T> shard : shards) {
      parts.add(shard.stats());
    }
    return LockStats.sum(parts);
  }

  /** {@return whether any shard is poisoned} */
  @Override
  public boolean isPoisoned() {
    for (ExclusiveValue<T> shard : shards) {
      if (shard.isPoisoned()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Repairs every poisoned shard, as {@link ExclusiveValue#recover} would each of them: takes each
   * shard's mutex in turn, in shard order and never two at once, waiting without interruption, and
   * if the shard is poisoned at that moment replaces its value with {@code repair(value)} and
   * clears its poison. A shard that is not poisoned then is left as it is, and {@code repair} is
   * not called for it. If {@code repair} throws (or returns null) for a shard, that shard keeps its
   * value and its poison, the shards repaired before it stay repaired, the later ones are not
   * visited, and the exception is rethrown.
   *
   * @param repair computes a poisoned shard's repaired value from its current one
   * @return how many shards were repaired (0 if none was poisoned)
   * @throws NullPointerException if {@code repair} is null or returns null
   * @throws LockOrderViolationException if the thread holds a lock that a shard may not follow,
   *     such as another shard (no shard after the first one visited is touched)
   */
  public int recover(UnaryOperator<T> repair) {
    Objects.requireNonNull(repair, "repair");
    int repaired = 0;
    for (ExclusiveValue<T> shard : shards) {
      if (shard.core().recoverIfPoisoned(repair)) {
        repaired++;
      }
    }
    return repaired;
  }

  /**
   * Clears every shard's poison, taking each shard's mutex in turn (never two at once), waiting
   * without interruption.
   *
   * @throws LockOrderViolationException if the thread holds a lock that a shard may not follow,
   *     such as another shard
   */
  @Override
  public void clearPoison() {
    for (ExclusiveValue<T> shard : shards) {
      shard.clearPoison();
    }
  }

  /** {@return the value's name; its shards are named {@code name[0]}, {@code name[1]}, ...} */
  @Override
  public String name() {
    return name;
  }

  /**
   * {@return the rank the value was built with, or empty if it is unranked (its shards are then
   * learned members of an order, or share a private one-rank order: see the class description)}
   */
  @Override
  public Optional<LockOrder.Rank> rank() {
    return Optional.ofNullable(rank);
  }

  @Override
  public String toString() {
    return "ShardedValue[" + name + ", " + shards.size() + " shards]";
  }

  /**
   * Builds a {@link ShardedValue} with options. Not thread-safe; use one builder on one thread.
   *
   * @param <T> the value type
   */
  public static final class Builder<T> {
    private final Supplier<? extends T> supplier;
    private final ValueOptions options = new ValueOptions();
    private int shards = defaultShards();

    private Builder(Supplier<? extends T> supplier) {
      this.supplier = supplier;
    }

    /**
     * Sets the shard count (default: the smallest power of two at least four times the
     * processor count).
     *
     * @param shards a power of two from 1 to 65536
     * @return this builder
     * @throws IllegalArgumentException if {@code shards} is not such a power of two
     */
    public Builder<T> shards(int shards) {
      this.shards = checkShardCount(shards);
      return this;
    }

    /**
     * Names the value in messages and stats; shard {@code i} is named {@code name[i]} (default:
     * its rank's name, or a generated name).
     *
     * @param name the name
     * @return this builder
     * @throws NullPointerException if {@code name} is null
     */
    public Builder<T> name(String name) {
      options.name(name);
      return this;
    }

    /**
     * Places every shard at this rank of a lock order (default: see {@link #order}).
     *
     * @param rank the rank
     * @return this builder
     * @throws NullPointerException if {@code rank} is null
     */
    public Builder<T> rank(LockOrder.Rank rank) {
      options.rank(rank);
      return this;
    }

    /**
     * Makes every shard an unranked member of {@code order}, checked against the order learned
     * from use (see the class description, and {@link LockOrder#learned}). With {@link #rank}
     * too, the rank must be one of {@code order}'s, and the shards take that rank. Default: a
     * private order with one rank that checks the shards against each other only, even when the
     * {@linkplain LockOrder#processWide() process-wide learned order} is switched on.
     *
     * @param order the order to join
     * @return this builder
     * @throws NullPointerException if {@code order} is null
     */
    public Builder<T> order(LockOrder order) {
      options.order(order);
      return this;
    }

    /**
     * Sets how long a thread may wait for a shard's lock before it is reported, once, naming the
     * holder and what it is doing (see {@link LockDiagnostics}). Default: the lock order's, else
     * the process default (1 second, or the system property {@value
     * LockDiagnostics#LONG_WAIT_PROPERTY}).
     *
     * @param threshold the threshold; zero turns the reports off
     * @return this builder
     * @throws NullPointerException if {@code threshold} is null
     * @throws IllegalArgumentException if {@code threshold} is negative
     */
    public Builder<T> longWaitThreshold(Duration threshold) {
      options.longWaitThreshold(threshold);
      return this;
    }

    /**
     * Chooses fair shard mutexes (default: non-fair).
     *
     * @param fair whether the mutexes are fair
     * @return this builder
     */
    public Builder<T> fair(boolean fair) {
      options.fair(fair);
      return this;
    }

    /**
     * Chooses whether a failing function poisons the shards it held (default: true).
     *
     * @param poison false to opt out of poisoning
     * @return this builder
     */
    public Builder<T> poisonOnFailure(boolean poison) {
      options.poisonOnFailure(poison);
      return this;
    }

    /**
     * Builds the value, calling the supplier once per shard; build each value from its own
     * builder.
     *
     * @return the new value
     * @throws NullPointerException if the supplier returns null
     * @throws IllegalArgumentException if the rank belongs to another order than {@link #order}'s
     */
    public ShardedValue<T> build() {
      return new ShardedValue<>(supplier, shards, options);
    }
  }
}
