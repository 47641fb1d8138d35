package io.github.sharedstate;

import io.github.sharedstate.internal.ConditionalAccess;
import io.github.sharedstate.internal.LockEngine;
import io.github.sharedstate.internal.MutexEngine;
import io.github.sharedstate.internal.ValueCore;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * A value behind a mutex, reachable only while the mutex is held: the Java counterpart of Rust's
 * {@code Mutex<T>}. For write-heavy or simple state.
 *
 * <pre>{@code
 * ExclusiveValue<Deque<Task>> queue = ExclusiveValue.of(new ArrayDeque<>());
 * queue.modify(q -> q.push(task));
 * Task next = queue.with(Deque::poll);
 * }</pre>
 *
 * <p>{@link #with} runs a function under the lock and returns its result, {@link #modify} runs an
 * action that returns nothing; both release the lock however the function ends.
 * {@link #update} replaces the value with the operator's result. Each has a timed form that
 * throws {@link LockTimeoutException} and an interruptible form; {@link #lock()} returns a
 * try-with-resources guard. The mutex is a reentrant {@link
 * java.util.concurrent.locks.ReentrantLock}, never {@code synchronized}, so virtual threads never
 * pin their carrier while waiting.
 *
 * <p>{@link #withWhen} waits until the value satisfies a predicate, then runs a function without
 * letting the mutex go in between: {@code queue.withWhen(q -> !q.isEmpty(), Deque::poll)} is a
 * blocking dequeue. Writers do nothing to wake it: every release of the mutex lets the waiting
 * threads test their predicates again.
 *
 * <p>Poisoning works as for {@link GuardedValue}: a {@code with} function that throws poisons the
 * value until {@link #recover} or {@link #clearPoison()}; a failing {@code update} poisons nothing.
 * Lock order works as for {@link GuardedValue}: a ranked value obeys its {@link LockOrder}, a
 * value built with an order and no rank is a learned member of it, and a value built with neither
 * is untracked unless the {@linkplain LockOrder#processWide() process-wide learned order} is on.
 *
 * <p>Memory synchronization: as for {@link java.util.concurrent.locks.Lock}, everything a thread
 * did while holding the mutex happens-before everything the next holder does.
 *
 * <p>Thread-safety: every method may be called from any thread. Guards belong to the thread that
 * acquired them.
 *
 * @param <T> the type of the value; never null
 */
public final class ExclusiveValue<T> implements SharedValue {
  private final ValueCore<T> core;
  private final LockOrder.@Nullable Rank rank;

  ExclusiveValue(T initial, ValueOptions options) {
    this.rank = options.rank();
    this.core =
        new ValueCore<>(
            initial, new MutexEngine(options.lock("ExclusiveValue")), options.poisonOnFailure(), this);
  }

  /**
   * Returns an unranked value with default options (non-fair lock, poisoning on).
   *
   * @param initial the initial value
   * @param <T> the value type
   * @return the new value
   * @throws NullPointerException if {@code initial} is null
   */
  public static <T> ExclusiveValue<T> of(T initial) {
    return builder(initial).build();
  }

  /**
   * Returns a ranked value with default options, named after its rank.
   *
   * @param initial the initial value
   * @param rank its place in a lock order
   * @param <T> the value type
   * @return the new value
   * @throws NullPointerException if an argument is null
   */
  public static <T> ExclusiveValue<T> of(T initial, LockOrder.Rank rank) {
    return builder(initial).rank(rank).build();
  }

  /**
   * Returns a builder for a value with options.
   *
   * @param initial the initial value
   * @param <T> the value type
   * @return a new builder
   * @throws NullPointerException if {@code initial} is null
   */
  public static <T> Builder<T> builder(T initial) {
    return new Builder<>(Objects.requireNonNull(initial, "initial"));
  }

  ValueCore<T> core() {
    return core;
  }

  /**
   * Runs {@code fn} on the value under the mutex and returns its result. {@code fn} may modify
   * the value in place. If {@code fn} throws, the value is poisoned (unless it opted out) and the
   * exception is rethrown. Waits without interruption.
   *
   * @param fn reads and may modify the value
   * @param <R> the result type
   * @return what {@code fn} returned (may be null if {@code fn} returns null)
   * @throws NullPointerException if {@code fn} is null
   * @throws PoisonedException if the value is poisoned ({@code fn} does not run)
   * @throws LockOrderViolationException if taking this lock now breaks the lock order
   */
  public <R extends @Nullable Object> R with(Function<? super T, ? extends R> fn) {
    return core.write(fn);
  }

  /**
   * Runs {@code action} on the value under the mutex: {@link #with} for actions that return
   * nothing, such as {@code queue.modify(q -> q.push(task))}. If {@code action} throws, the value
   * is poisoned (unless it opted out) and the exception is rethrown. Waits without interruption;
   * for timed or interruptible waits use {@link #tryModify} or {@link #modifyInterruptibly}.
   *
   * @param action reads and may modify the value
   * @throws NullPointerException if {@code action} is null
   * @throws PoisonedException if the value is poisoned ({@code action} does not run)
   * @throws LockOrderViolationException if taking this lock now breaks the lock order
   */
  public void modify(Consumer<? super T> action) {
    core.modify(action);
  }

  /**
   * As {@link #modify}, waiting interruptibly.
   *
   * @param action reads and may modify the value
   * @throws InterruptedException if interrupted before or while waiting (nothing is held, {@code
   *     action} does not run)
   * @throws NullPointerException if {@code action} is null
   * @throws PoisonedException if the value is poisoned ({@code action} does not run)
   * @throws LockOrderViolationException if taking this lock now breaks the lock order
   */
  public void modifyInterruptibly(Consumer<? super T> action) throws InterruptedException {
    core.modify(action, null);
  }

  /**
   * As {@link #modify}, waiting at most {@code timeout} (interruptibly).
   *
   * @param timeout the longest wait; zero means do not wait
   * @param action reads and may modify the value
   * @throws LockTimeoutException if the lock did not become free in time ({@code action} does not
   *     run)
   * @throws InterruptedException if interrupted before or while waiting (nothing is held)
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code timeout} is negative
   * @throws PoisonedException if the value is poisoned
   * @throws LockOrderViolationException if taking this lock now breaks the lock order
   */
  public void tryModify(Duration timeout, Consumer<? super T> action)
      throws InterruptedException {
    core.modify(action, LockEngine.checkTimeout(timeout));
  }

  /**
   * As {@link #with}, waiting interruptibly.
   *
   * @param fn reads and may modify the value
   * @param <R> the result type
   * @return what {@code fn} returned
   * @throws InterruptedException if interrupted before or while waiting (nothing is held)
   * @throws NullPointerException if {@code fn} is null
   * @throws PoisonedException if the value is poisoned
   * @throws LockOrderViolationException if taking this lock now breaks the lock order
   */
  public <R extends @Nullable Object> R withInterruptibly(Function<? super T, ? extends R> fn)
      throws InterruptedException {
    return core.write(fn, null);
  }

  /**
   * As {@link #with}, waiting at most {@code timeout} (interruptibly).
   *
   * @param timeout the longest wait; zero means do not wait
   * @param fn reads and may modify the value
   * @param <R> the result type
   * @return what {@code fn} returned
   * @throws LockTimeoutException if the lock did not become free in time ({@code fn} does not run)
   * @throws InterruptedException if interrupted before or while waiting (nothing is held)
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code timeout} is negative
   * @throws PoisonedException if the value is poisoned
   * @throws LockOrderViolationException if taking this lock now breaks the lock order
   */
  public <R extends @Nullable Object> R tryWith(
      Duration timeout, Function<? super T, ? extends R> fn) throws InterruptedException {
    return core.write(fn, LockEngine.checkTimeout(timeout));
  }

  /**
   * Waits until {@code predicate} holds on the value, then runs {@code fn} on it and returns its
   * result, holding the mutex from the moment the predicate held until {@code fn} ends. The
   * predicate runs only under the mutex, first at once and then each time another thread has
   * released the mutex; while waiting for it the thread holds no lock of this value. Writers need
   * not signal anything. {@code fn} may modify the value in place; if it throws, the value is
   * poisoned (unless it opted out) and the exception is rethrown. If {@code predicate} throws,
   * the exception is rethrown and nothing is poisoned. Waits without interruption.
   *
   * <pre>{@code
   * Task next = queue.withWhen(q -> !q.isEmpty(), Deque::poll); // a blocking dequeue
   * }</pre>
   *
   * <p>On a fair value, waiters whose predicates hold are served in the order they began to wait.
   * Time spent waiting for the predicate is counted in {@link LockStats#conditionWaits()} and
   * {@link LockStats#conditionWaitTime()}, not as lock contention.
   *
   * @param predicate tests the value; must not modify it
   * @param fn reads and may modify the value
   * @param <R> the result type
   * @return what {@code fn} returned
   * @throws NullPointerException if an argument is null
   * @throws IllegalStateException if this thread holds the mutex already (it would wait forever)
   * @throws PoisonedException if the value is poisoned, or becomes poisoned while this thread
   *     waits ({@code fn} does not run)
   * @throws LockOrderViolationException if taking this lock now breaks the lock order
   */
  public <R extends @Nullable Object> R withWhen(
      Predicate<? super T> predicate, Function<? super T, ? extends R> fn) {
    return ConditionalAccess.writeWhen(core, predicate, fn);
  }

  /**
   * As {@link #withWhen}, waiting interruptibly.
   *
   * @param predicate tests the value; must not modify it
   * @param fn reads and may modify the value
   * @param <R> the result type
   * @return what {@code fn} returned
   * @throws InterruptedException if interrupted before or while waiting for the mutex or the
   *     predicate (nothing is held)
   * @throws NullPointerException if an argument is null
   * @throws IllegalStateException if this thread holds the mutex already
   * @throws PoisonedException if the value is poisoned, or becomes poisoned while waiting
   * @throws LockOrderViolationException if taking this lock now breaks the lock order
   */
  public <R extends @Nullable Object> R withWhenInterruptibly(
      Predicate<? super T> predicate, Function<? super T, ? extends R> fn)
      throws InterruptedException {
    return ConditionalAccess.writeWhen(core, predicate, fn, null);
  }

  /**
   * As {@link #withWhen}, waiting at most {@code timeout} in all (for the mutex and then for the
   * predicate), interruptibly.
   *
   * <pre>{@code
   * Task next = queue.tryWithWhen(Duration.ofSeconds(1), q -> !q.isEmpty(), Deque::poll);
   * }</pre>
   *
   * @param timeout the longest wait; zero means test the predicate once, if the mutex is free
   * @param predicate tests the value; must not modify it
   * @param fn reads and may modify the value
   * @param <R> the result type
   * @return what {@code fn} returned
   * @throws LockTimeoutException if the mutex did not become free, or the predicate did not hold,
   *     in time; the message says which ({@code fn} does not run, nothing is held)
   * @throws InterruptedException if interrupted before or while waiting (nothing is held)
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code timeout} is negative
   * @throws IllegalStateException if this thread holds the mutex already
   * @throws PoisonedException if the value is poisoned, or becomes poisoned while waiting
   * @throws LockOrderViolationException if taking this lock now breaks the lock order
   */
  public <R extends @Nullable Object> R tryWithWhen(
      Duration timeout, Predicate<? super T> predicate, Function<? super T, ? extends R> fn)
      throws InterruptedException {
    return ConditionalAccess.writeWhen(core, predicate, fn, LockEngine.checkTimeout(timeout));
  }

  /**
   * Replaces the value with {@code op(value)} under the mutex. {@code op} must not modify its
   * argument: if it throws (or returns null), the old value stays and nothing is poisoned.
   *
   * @param op computes the new value from the old one
   * @return the new value
   * @throws NullPointerException if {@code op} is null or returns null
   * @throws PoisonedException if the value is poisoned
   * @throws LockOrderViolationException if taking this lock now breaks the lock order
   */
  public T update(UnaryOperator<T> op) {
    return core.update(op);
  }

  /**
   * As {@link #update}, waiting interruptibly.
   *
   * @param op computes the new value from the old one
   * @return the new value
   * @throws InterruptedException if interrupted before or while waiting (nothing is held)
   * @throws NullPointerException if {@code op} is null or returns null
   * @throws PoisonedException if the value is poisoned
   * @throws LockOrderViolationException if taking this lock now breaks the lock order
   */
  public T updateInterruptibly(UnaryOperator<T> op) throws InterruptedException {
    return core.update(op, null);
  }

  /**
   * As {@link #update}, waiting at most {@code timeout} (interruptibly).
   *
   * @param timeout the longest wait; zero means do not wait
   * @param op computes the new value from the old one
   * @return the new value
   * @throws LockTimeoutException if the lock did not become free in time ({@code op} does not run)
   * @throws InterruptedException if interrupted before or while waiting (nothing is held)
   * @throws NullPointerException if an argument is null, or {@code op} returns null
   * @throws IllegalArgumentException if {@code timeout} is negative
   * @throws PoisonedException if the value is poisoned
   * @throws LockOrderViolationException if taking this lock now breaks the lock order
   */
  public T tryUpdate(Duration timeout, UnaryOperator<T> op) throws InterruptedException {
    return core.update(op, LockEngine.checkTimeout(timeout));
  }

  /**
   * Acquires the mutex, waiting without interruption, and returns a guard that releases it.
   * Exceptions inside the guarded block do not poison the value ({@code close()} cannot see
   * them).
   *
   * @return a guard owned by the current thread
   * @throws PoisonedException if the value is poisoned (the mutex is released again)
   * @throws LockOrderViolationException if taking this lock now breaks the lock order
   */
  public WriteGuard<T> lock() {
    return core.lockWrite();
  }

  /**
   * As {@link #lock()}, waiting interruptibly.
   *
   * @return a guard owned by the current thread
   * @throws InterruptedException if interrupted before or while waiting (nothing is held)
   * @throws PoisonedException if the value is poisoned
   * @throws LockOrderViolationException if taking this lock now breaks the lock order
   */
  public WriteGuard<T> lockInterruptibly() throws InterruptedException {
    return core.lockWrite(null);
  }

  /**
   * As {@link #lock()}, waiting at most {@code timeout} (interruptibly).
   *
   * @param timeout the longest wait; zero means do not wait
   * @return a guard owned by the current thread
   * @throws LockTimeoutException if the mutex did not become free in time
   * @throws InterruptedException if interrupted before or while waiting (nothing is held)
   * @throws NullPointerException if {@code timeout} is null
   * @throws IllegalArgumentException if {@code timeout} is negative
   * @throws PoisonedException if the value is poisoned
   * @throws LockOrderViolationException if taking this lock now breaks the lock order
   */
  public WriteGuard<T> tryLock(Duration timeout) throws InterruptedException {
    return core.lockWrite(LockEngine.checkTimeout(timeout));
  }

  /**
   * Repairs the value: under the mutex, replaces it with {@code repair(value)} and clears the
   * poison. Works on a value that is not poisoned too. If {@code repair} throws or returns null,
   * the value and its poison stay as they were.
   *
   * @param repair computes the repaired value from the current one
   * @return the repaired value
   * @throws NullPointerException if {@code repair} is null or returns null
   * @throws LockOrderViolationException if taking this lock now breaks the lock order
   */
  public T recover(UnaryOperator<T> repair) {
    return core.recover(repair);
  }

  @Override
  public void clearPoison() {
    core.clearPoison();
  }

  @Override
  public boolean isPoisoned() {
    return core.isPoisoned();
  }

  @Override
  public LockStats stats() {
    return core.statsSnapshot();
  }

  @Override
  public String name() {
    return core.name();
  }

  @Override
  public Optional<LockOrder.Rank> rank() {
    return Optional.ofNullable(rank);
  }

  @Override
  public String toString() {
    return "ExclusiveValue[" + core.name() + (core.isPoisoned() ? ", poisoned]" : "]");
  }

  /**
   * Builds an {@link ExclusiveValue} with options. Not thread-safe; use one builder on one thread.
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
     * Places the value in a lock order (default: unranked).
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
     * Makes the value an unranked member of {@code order}, checked against the order learned
     * from use (see {@link LockOrder#learned}). With {@link #rank} too, the rank must be one of
     * {@code order}'s.
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
     * Sets how long a thread may wait for this value's lock before it is reported, once, naming the
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
     * Chooses a fair mutex, granted roughly in arrival order at some cost in throughput (default:
     * non-fair).
     *
     * @param fair whether the mutex is fair
     * @return this builder
     */
    public Builder<T> fair(boolean fair) {
      options.fair(fair);
      return this;
    }

    /**
     * Chooses whether a failing {@code with} function poisons the value (default: true).
     *
     * @param poison false to opt out of poisoning
     * @return this builder
     */
    public Builder<T> poisonOnFailure(boolean poison) {
      options.poisonOnFailure(poison);
      return this;
    }

    /**
     * Builds the value around the initial object; build each value from its own builder.
     *
     * @return the new value
     * @throws IllegalArgumentException if the rank belongs to another order than {@link #order}'s
     */
    public ExclusiveValue<T> build() {
      return new ExclusiveValue<>(initial, options);
    }
  }
}
