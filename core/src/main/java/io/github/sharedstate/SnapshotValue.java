package io.github.sharedstate;

import io.github.sharedstate.internal.LockEngine;
import io.github.sharedstate.internal.MutexEngine;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * An immutable value replaced whole: reads are one volatile load and never wait, writers are
 * serialized and ranked. The Java counterpart of Rust's {@code arc-swap}, for read-mostly state
 * such as a routing table or a set of feature flags that changes by being rebuilt.
 *
 * <pre>{@code
 * SnapshotValue<Routes> routes = SnapshotValue.of(Routes.empty(), order.rank(Locks.ROUTES));
 * Routes now = routes.get();                    // never blocks, never checked against the order
 * int n = routes.read(Routes::size);
 * routes.update(r -> r.with(route));            // copy-on-write: build the next value, publish it
 * }</pre>
 *
 * <h2>The value must be immutable</h2>
 *
 * Readers hold no lock, so {@code T} must be immutable, or at least never mutated after it is
 * published: a {@code List.copyOf}, a record of immutable fields, a persistent collection. A
 * reader who needs several fields to agree should call {@link #get()} once and read them from
 * that local; two calls may see two different values.
 *
 * <h2>Writers</h2>
 *
 * {@link #update} runs its function once, under the value's writer lock, on the current value,
 * and publishes the result; {@link #set}, {@link #getAndSet} and {@link #compareAndSet} take the
 * same lock, so no write is ever lost between another writer's read and its publication. The
 * writer lock is a reentrant {@link java.util.concurrent.locks.ReentrantLock} and follows the
 * lock-order rules exactly like an {@link ExclusiveValue}'s mutex: a ranked writer is checked
 * before it waits, and {@link LockOrder#withAll} takes the writer lock. {@link #tryUpdate} gives
 * up with {@link LockTimeoutException}; {@link #updateInterruptibly} waits interruptibly.
 *
 * <p>A write from inside this value's own {@code update} function ({@code update}, {@code set},
 * {@code getAndSet} or {@code compareAndSet}) would be overwritten when the outer function
 * returns, so it throws {@link IllegalStateException} at once. Writing while merely holding the
 * writer lock, as inside {@code LockOrder.withAll(List.of(routes, ...), ...)}, is fine.
 *
 * <h2>Never poisoned</h2>
 *
 * A writer never changes the published value in place: it builds a new one and publishes it only
 * when its function has returned, so a function that throws (or returns null) publishes nothing
 * and the old value stays, whole. There is nothing half-done to guard against, so a snapshot value
 * is never poisoned: {@link #isPoisoned()} is always false and {@link #clearPoison()} does nothing.
 *
 * <h2>Stats</h2>
 *
 * {@link #stats()} counts writer-lock acquisitions, contended ones, waits, timeouts and
 * violations exactly. Reads are not counted (a shared counter would cost more than the read
 * itself), so {@link LockStats#readAcquisitions()} is always 0 and {@link
 * SharedState#statsTable()} shows "-" for them.
 *
 * <h2>Memory synchronization</h2>
 *
 * Publishing a value (by any writer method) happens-before every {@link #get()} that returns it,
 * so a reader sees the value as fully built as its writer left it, with no lock. As for {@link
 * java.util.concurrent.locks.Lock}, everything a writer did while holding the writer lock
 * happens-before everything the next writer does.
 *
 * <p>Thread-safety: every method may be called from any thread.
 *
 * @param <T> the type of the value; never null, and immutable
 */
public final class SnapshotValue<T> implements SharedValue {
  /*
   * Concurrency:
   * - `value` is volatile: a read is one volatile load, and a volatile store publishes the new
   *   value with everything its writer did to build it. It is written only while the writer lock
   *   is held, so a writer's read-compute-publish is never interleaved with another write.
   * - The writer lock is a MutexEngine with no value of its own: it brings the order checks,
   *   stats, timeouts and interrupts of every other value. Nothing poisons it, since a failed
   *   writer published nothing.
   * - `updating` is read and written only by the holder of the writer lock. It is true exactly
   *   while an update function of this value runs, and then the holder is that function's thread,
   *   so a writer that finds it true is writing from inside its own update function.
   */
  private final MutexEngine writer;
  private final LockOrder.@Nullable Rank rank;
  private volatile T value;
  private boolean updating;

  private SnapshotValue(T initial, ValueOptions options) {
    this.value = initial;
    this.rank = options.rank();
    this.writer = new MutexEngine(options.lock("SnapshotValue"));
  }

  /**
   * Returns an unranked value with default options (non-fair writer lock).
   *
   * @param initial the initial value; must be immutable
   * @param <T> the value type
   * @return the new value
   * @throws NullPointerException if {@code initial} is null
   */
  public static <T> SnapshotValue<T> of(T initial) {
    return builder(initial).build();
  }

  /**
   * Returns a ranked value with default options, named after its rank.
   *
   * @param initial the initial value; must be immutable
   * @param rank the writer lock's place in a lock order
   * @param <T> the value type
   * @return the new value
   * @throws NullPointerException if an argument is null
   */
  public static <T> SnapshotValue<T> of(T initial, LockOrder.Rank rank) {
    return builder(initial).rank(rank).build();
  }

  /**
   * Returns a builder for a value with options.
   *
   * @param initial the initial value; must be immutable
   * @param <T> the value type
   * @return a new builder
   * @throws NullPointerException if {@code initial} is null
   */
  public static <T> Builder<T> builder(T initial) {
    return new Builder<>(Objects.requireNonNull(initial, "initial"));
  }

  MutexEngine engine() {
    return writer;
  }

  /**
   * Returns the current value: one volatile load. Never blocks and takes no part in lock
   * ordering, so it may be called while holding any locks, including from inside this value's
   * own update function (which then sees the value it is replacing).
   *
   * @return the last published value
   */
  public T get() {
    return value;
  }

  /**
   * Returns {@code fn(get())}: reads the current value once and applies {@code fn} to it, with no
   * lock. Never blocks.
   *
   * @param fn reads the value; must not modify it
   * @param <R> the result type
   * @return what {@code fn} returned (may be null if {@code fn} returns null)
   * @throws NullPointerException if {@code fn} is null
   */
  public <R extends @Nullable Object> R read(Function<? super T, ? extends R> fn) {
    Objects.requireNonNull(fn, "fn");
    return fn.apply(value);
  }

  /**
   * Replaces the value with {@code op(value)}: under the writer lock, runs {@code op} once on the
   * current value and publishes its result. {@code op} must not modify its argument. If {@code op}
   * throws or returns null, nothing is published and the old value stays. Waits without
   * interruption.
   *
   * @param op computes the new value from the current one
   * @return the new value
   * @throws NullPointerException if {@code op} is null or returns null
   * @throws IllegalStateException if called from inside an update function of this value
   * @throws LockOrderViolationException if taking the writer lock now breaks the lock order
   */
  public T update(UnaryOperator<T> op) {
    Objects.requireNonNull(op, "op");
    return writer.locked(() -> apply(op));
  }

  /**
   * As {@link #update}, waiting interruptibly.
   *
   * @param op computes the new value from the current one
   * @return the new value
   * @throws InterruptedException if interrupted before or while waiting ({@code op} does not run)
   * @throws NullPointerException if {@code op} is null or returns null
   * @throws IllegalStateException if called from inside an update function of this value
   * @throws LockOrderViolationException if taking the writer lock now breaks the lock order
   */
  public T updateInterruptibly(UnaryOperator<T> op) throws InterruptedException {
    Objects.requireNonNull(op, "op");
    return writer.locked(() -> apply(op), null);
  }

  /**
   * As {@link #update}, waiting at most {@code timeout} (interruptibly).
   *
   * @param timeout the longest wait; zero means do not wait
   * @param op computes the new value from the current one
   * @return the new value
   * @throws LockTimeoutException if the writer lock did not become free in time ({@code op} does
   *     not run)
   * @throws InterruptedException if interrupted before or while waiting ({@code op} does not run)
   * @throws NullPointerException if an argument is null, or {@code op} returns null
   * @throws IllegalArgumentException if {@code timeout} is negative
   * @throws IllegalStateException if called from inside an update function of this value
   * @throws LockOrderViolationException if taking the writer lock now breaks the lock order
   */
  public T tryUpdate(Duration timeout, UnaryOperator<T> op) throws InterruptedException {
    LockEngine.checkTimeout(timeout);
    Objects.requireNonNull(op, "op");
    return writer.locked(() -> apply(op), timeout);
  }

  /**
   * Publishes {@code newValue} under the writer lock, waiting without interruption.
   *
   * @param newValue the new value; must be immutable
   * @throws NullPointerException if {@code newValue} is null
   * @throws IllegalStateException if called from inside an update function of this value
   * @throws LockOrderViolationException if taking the writer lock now breaks the lock order
   */
  public void set(T newValue) {
    getAndSet(newValue);
  }

  /**
   * Publishes {@code newValue} under the writer lock and returns the value it replaced, waiting
   * without interruption.
   *
   * @param newValue the new value; must be immutable
   * @return the value before
   * @throws NullPointerException if {@code newValue} is null
   * @throws IllegalStateException if called from inside an update function of this value
   * @throws LockOrderViolationException if taking the writer lock now breaks the lock order
   */
  public T getAndSet(T newValue) {
    Objects.requireNonNull(newValue, "newValue");
    return writer.locked(
        () -> {
          checkNotInsideUpdate();
          T old = value;
          value = newValue;
          return old;
        });
  }

  /**
   * Publishes {@code newValue} if the current value is {@code expected} (the same object: compared
   * with {@code ==}, not {@code equals}), under the writer lock, waiting without interruption.
   *
   * @param expected the value the caller last saw, typically from {@link #get()}
   * @param newValue the new value; must be immutable
   * @return true if {@code newValue} was published, false if the value had changed
   * @throws NullPointerException if an argument is null
   * @throws IllegalStateException if called from inside an update function of this value
   * @throws LockOrderViolationException if taking the writer lock now breaks the lock order
   */
  public boolean compareAndSet(T expected, T newValue) {
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(newValue, "newValue");
    return writer.locked(
        () -> {
          checkNotInsideUpdate();
          if (value != expected) {
            return false;
          }
          value = newValue;
          return true;
        });
  }

  /** Runs an update function and publishes its result; the caller holds the writer lock. */
  private T apply(UnaryOperator<T> op) {
    checkNotInsideUpdate();
    T next;
    updating = true;
    try {
      next = op.apply(value);
    } finally {
      updating = false;
    }
    if (next == null) {
      throw new NullPointerException("op returned null; the value must not be null");
    }
    value = next;
    return next;
  }

  private void checkNotInsideUpdate() {
    if (updating) {
      throw new IllegalStateException(
          "write to snapshot value '"
              + name()
              + "' from inside its own update function: the outer update would overwrite it;"
              + " return the new value from the update function instead");
    }
  }

  /** {@return false: a snapshot value is never poisoned, since a failed writer publishes nothing} */
  @Override
  public boolean isPoisoned() {
    return false;
  }

  /** Does nothing: a snapshot value is never poisoned. Takes no lock. */
  @Override
  public void clearPoison() {}

  /**
   * {@return a snapshot of the writer lock's counters; reads are not counted, so {@code
   * readAcquisitions()} is 0}
   */
  @Override
  public LockStats stats() {
    return writer.statsSnapshot();
  }

  @Override
  public String name() {
    return writer.name();
  }

  @Override
  public Optional<LockOrder.Rank> rank() {
    return Optional.ofNullable(rank);
  }

  @Override
  public String toString() {
    return "SnapshotValue[" + writer.name() + "]";
  }

  /**
   * Builds a {@link SnapshotValue} with options. Not thread-safe; use one builder on one thread.
   *
   * @param <T> the value type
   */
  public static final class Builder<T> {
    private final T initial;
    private final ValueOptions options = new ValueOptions();

    private Builder(T initial) {
      this.initial = initial;
    }

    /**
     * Names the value in messages and stats (default: its rank's name, or a generated name).
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
     * Places the writer lock in a lock order (default: unranked). Reads are never checked.
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
     * Makes the writer lock an unranked member of {@code order}, checked against the order
     * learned from use (see {@link LockOrder#learned}). Reads are never checked. With {@link
     * #rank} too, the rank must be one of {@code order}'s.
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
     * Sets how long a thread may wait for this value's writer lock before it is reported, once, naming the
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
     * Chooses a fair writer lock, granted roughly in arrival order (default: non-fair). Readers
     * never wait either way.
     *
     * @param fair whether the writer lock is fair
     * @return this builder
     */
    public Builder<T> fair(boolean fair) {
      options.fair(fair);
      return this;
    }

    /**
     * Builds the value around the initial object; build each value from its own builder.
     *
     * @return the new value
     */
    public SnapshotValue<T> build() {
      return new SnapshotValue<>(initial, options);
    }
  }
}
