package io.github.sharedstate;

import io.github.sharedstate.internal.ConditionalAccess;
import io.github.sharedstate.internal.LockEngine;
import io.github.sharedstate.internal.ReadWriteEngine;
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
 * A value behind a read/write lock, reachable only while the lock is held: the Java counterpart
 * of Rust's {@code RwLock<T>}. For read-heavy state.
 *
 * <pre>{@code
 * GuardedValue<Map<String, Agent>> agents = GuardedValue.of(new HashMap<>());
 * AgentStatus s = agents.read(m -> m.get(id).status());   // many readers at once
 * agents.write(m -> m.put(id, agent));                     // one writer
 * agents.modify(Map::clear);                                // a writer that returns nothing
 * agents.update(m -> new HashMap<>(loaded));               // replace the value (a mutable map,
 *                                                          // since later writers modify it)
 * }</pre>
 *
 * <h2>Access</h2>
 *
 * {@link #read} and {@link #write} run a function under the read or write lock and release it
 * however the function ends; {@link #update} replaces the value with the operator's result. Each
 * has a timed form ({@code tryRead(timeout, fn)}) that throws {@link LockTimeoutException} when
 * the lock is not free in time, and an interruptible form. For code that cannot be a lambda,
 * {@link #lockRead()} and {@link #lockWrite()} return try-with-resources guards. Do not let the
 * value, or a view of it, escape the function: outside the lock it is unprotected.
 *
 * <p>Writers are not starved: while a writer is queued, new readers queue too, as with {@link
 * java.util.concurrent.locks.ReentrantReadWriteLock#readLock()}'s {@code lock()}. A fair value
 * ({@code fair(true)}) grants the lock roughly in arrival order.
 *
 * <h2>Reads scale with cores</h2>
 *
 * While no writer is about, a read does not touch the lock's shared state: the reader claims a
 * cell of a process-wide table picked by (thread, value), so readers on different cores write
 * different cache lines (reader bias, after Dice and Kogan's BRAVO). A writer turns the bias off
 * and waits for the readers inside to leave before it touches the value; the bias stays off for
 * a short while after that, so write-heavy phases use the plain read/write lock. A thread whose
 * cell another thread holds just takes the plain lock. Fair values always take the plain lock.
 * The table has four padded cells per core by default; the system property {@code
 * io.github.sharedstate.readerCells} (read once) sets its size, and {@code 0} turns the fast
 * path off. The bias costs 56 bytes beside the value's {@code ReentrantReadWriteLock}.
 *
 * <h2>Waiting for a condition</h2>
 *
 * {@link #writeWhen} and {@link #readWhen} wait until the value satisfies a predicate, then run a
 * function without letting the lock go in between:
 *
 * <pre>{@code
 * Agent removed = agents.writeWhen(m -> m.containsKey(id), m -> m.remove(id));
 * int size = agents.readWhen(m -> m.size() >= 3, Map::size);
 * }</pre>
 *
 * Writers do nothing to wake them: every release of the write lock lets the waiting threads test
 * their predicates again. Predicates run only under the lock and must not modify the value.
 *
 * <h2>Re-entry, downgrade and upgrade</h2>
 *
 * Both locks are reentrant. A thread holding the write lock may take the read lock (downgrade). A
 * thread holding only the read lock that asks for the write lock gets {@link
 * LockUpgradeException} at once, where {@link java.util.concurrent.locks.ReentrantReadWriteLock}
 * would wait forever.
 *
 * <h2>Poisoning</h2>
 *
 * A {@code write} function that throws (anything, including an {@link Error}) may leave the value
 * half-updated, so it poisons the value: every later {@code read}, {@code write}, {@code update}
 * and guard acquisition throws {@link PoisonedException} (whose cause is the original failure)
 * until {@link #recover} or {@link #clearPoison()}. The original exception still reaches the
 * writer's caller unchanged. A failing {@code update} leaves the old value and poisons nothing;
 * readers never poison; a value built with {@code poisonOnFailure(false)} never poisons.
 *
 * <h2>Lock order</h2>
 *
 * A value built with a {@link LockOrder.Rank} obeys its order's rules (see {@link LockOrder}). A
 * value built with {@link Builder#order} and no rank is a learned member of that order, checked
 * against the order observed so far. A value built with neither joins the {@linkplain
 * LockOrder#processWide() process-wide learned order} when that is switched on, and otherwise is
 * never tracked and pays nothing for ordering.
 *
 * <h2>Memory synchronization</h2>
 *
 * As for {@link java.util.concurrent.locks.ReadWriteLock}: everything a thread did under the write
 * lock happens-before everything any thread does after it next acquires either lock.
 *
 * <p>Thread-safety: every method may be called from any thread. Guards belong to the thread that
 * acquired them.
 *
 * @param <T> the type of the value; never null
 */
public final class GuardedValue<T> implements SharedValue {
  private final ValueCore<T> core;
  private final LockOrder.@Nullable Rank rank;

  private GuardedValue(T initial, ValueOptions options) {
    this.rank = options.rank();
    this.core =
        new ValueCore<>(
            initial,
            new ReadWriteEngine(options.lock("GuardedValue")),
            options.poisonOnFailure(),
            this);
  }

  /**
   * Returns an unranked value with default options (non-fair lock, poisoning on).
   *
   * @param initial the initial value
   * @param <T> the value type
   * @return the new value
   * @throws NullPointerException if {@code initial} is null
   */
  public static <T> GuardedValue<T> of(T initial) {
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
  public static <T> GuardedValue<T> of(T initial, LockOrder.Rank rank) {
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
   * Runs {@code fn} on the value under the read lock and returns its result. Other readers may
   * run at the same time; writers wait. Waits without interruption.
   *
   * @param fn reads the value; must not modify it
   * @param <R> the result type
   * @return what {@code fn} returned (may be null if {@code fn} returns null)
   * @throws NullPointerException if {@code fn} is null
   * @throws PoisonedException if the value is poisoned ({@code fn} does not run)
   * @throws LockOrderViolationException if taking this lock now breaks the lock order
   */
  public <R extends @Nullable Object> R read(Function<? super T, ? extends R> fn) {
    return core.read(fn);
  }

  /**
   * As {@link #read}, waiting interruptibly.
   *
   * @param fn reads the value
   * @param <R> the result type
   * @return what {@code fn} returned
   * @throws InterruptedException if interrupted before or while waiting (nothing is held)
   * @throws NullPointerException if {@code fn} is null
   * @throws PoisonedException if the value is poisoned
   * @throws LockOrderViolationException if taking this lock now breaks the lock order
   */
  public <R extends @Nullable Object> R readInterruptibly(Function<? super T, ? extends R> fn)
      throws InterruptedException {
    return core.read(fn, null);
  }

  /**
   * As {@link #read}, waiting at most {@code timeout} (interruptibly).
   *
   * @param timeout the longest wait; zero means do not wait
   * @param fn reads the value
   * @param <R> the result type
   * @return what {@code fn} returned
   * @throws LockTimeoutException if the lock did not become free in time ({@code fn} does not run)
   * @throws InterruptedException if interrupted before or while waiting (nothing is held)
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code timeout} is negative
   * @throws PoisonedException if the value is poisoned
   * @throws LockOrderViolationException if taking this lock now breaks the lock order
   */
  public <R extends @Nullable Object> R tryRead(
      Duration timeout, Function<? super T, ? extends R> fn) throws InterruptedException {
    return core.read(fn, LockEngine.checkTimeout(timeout));
  }

  /**
   * Runs {@code fn} on the value under the write lock and returns its result. {@code fn} may
   * modify the value in place. If {@code fn} throws, the value is poisoned (unless it opted out)
   * and the exception is rethrown. Waits without interruption.
   *
   * @param fn reads and may modify the value
   * @param <R> the result type
   * @return what {@code fn} returned
   * @throws NullPointerException if {@code fn} is null
   * @throws PoisonedException if the value is poisoned ({@code fn} does not run)
   * @throws LockUpgradeException if this thread holds only the read lock of this value
   * @throws LockOrderViolationException if taking this lock now breaks the lock order
   */
  public <R extends @Nullable Object> R write(Function<? super T, ? extends R> fn) {
    return core.write(fn);
  }

  /**
   * Runs {@code action} on the value under the write lock: {@link #write} for actions that return
   * nothing, such as {@code agents.modify(m -> m.clear())}. If {@code action} throws, the value is
   * poisoned (unless it opted out) and the exception is rethrown. Waits without interruption; for
   * timed or interruptible waits use {@link #tryModify} or {@link #modifyInterruptibly}.
   *
   * @param action reads and may modify the value
   * @throws NullPointerException if {@code action} is null
   * @throws PoisonedException if the value is poisoned ({@code action} does not run)
   * @throws LockUpgradeException if this thread holds only the read lock of this value
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
   * @throws LockUpgradeException if this thread holds only the read lock of this value
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
   * @throws LockUpgradeException if this thread holds only the read lock of this value
   * @throws LockOrderViolationException if taking this lock now breaks the lock order
   */
  public void tryModify(Duration timeout, Consumer<? super T> action)
      throws InterruptedException {
    core.modify(action, LockEngine.checkTimeout(timeout));
  }

  /**
   * As {@link #write}, waiting interruptibly.
   *
   * @param fn reads and may modify the value
   * @param <R> the result type
   * @return what {@code fn} returned
   * @throws InterruptedException if interrupted before or while waiting (nothing is held)
   * @throws NullPointerException if {@code fn} is null
   * @throws PoisonedException if the value is poisoned
   * @throws LockUpgradeException if this thread holds only the read lock of this value
   * @throws LockOrderViolationException if taking this lock now breaks the lock order
   */
  public <R extends @Nullable Object> R writeInterruptibly(Function<? super T, ? extends R> fn)
      throws InterruptedException {
    return core.write(fn, null);
  }

  /**
   * As {@link #write}, waiting at most {@code timeout} (interruptibly).
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
   * @throws LockUpgradeException if this thread holds only the read lock of this value
   * @throws LockOrderViolationException if taking this lock now breaks the lock order
   */
  public <R extends @Nullable Object> R tryWrite(
      Duration timeout, Function<? super T, ? extends R> fn) throws InterruptedException {
    return core.write(fn, LockEngine.checkTimeout(timeout));
  }

  /**
   * Replaces the value with {@code op(value)} under the write lock. {@code op} must not modify its
   * argument: if it throws (or returns null), the old value stays and nothing is poisoned.
   *
   * @param op computes the new value from the old one
   * @return the new value
   * @throws NullPointerException if {@code op} is null or returns null
   * @throws PoisonedException if the value is poisoned
   * @throws LockUpgradeException if this thread holds only the read lock of this value
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
   * @throws LockUpgradeException if this thread holds only the read lock of this value
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
   * @throws LockUpgradeException if this thread holds only the read lock of this value
   * @throws LockOrderViolationException if taking this lock now breaks the lock order
   */
  public T tryUpdate(Duration timeout, UnaryOperator<T> op) throws InterruptedException {
    return core.update(op, LockEngine.checkTimeout(timeout));
  }

  /**
   * Waits until {@code predicate} holds on the value, then runs {@code fn} on it under the write
   * lock, holding the lock from the moment the predicate held until {@code fn} ends. The predicate
   * runs only under the write lock, first at once and then each time another thread has released
   * the write lock; while waiting for it the thread holds no lock of this value. {@code fn} may
   * modify the value in place; if it throws, the value is poisoned (unless it opted out). If
   * {@code predicate} throws, the exception is rethrown and nothing is poisoned. Waits without
   * interruption. On a fair value, waiters whose predicates hold are served in the order they
   * began to wait. Waiting for the predicate is counted in {@link LockStats#conditionWaits()}.
   *
   * @param predicate tests the value; must not modify it
   * @param fn reads and may modify the value
   * @param <R> the result type
   * @return what {@code fn} returned
   * @throws NullPointerException if an argument is null
   * @throws IllegalStateException if this thread holds this value's read or write lock already
   *     (it would wait forever)
   * @throws PoisonedException if the value is poisoned, or becomes poisoned while this thread
   *     waits ({@code fn} does not run)
   * @throws LockOrderViolationException if taking this lock now breaks the lock order
   */
  public <R extends @Nullable Object> R writeWhen(
      Predicate<? super T> predicate, Function<? super T, ? extends R> fn) {
    return ConditionalAccess.writeWhen(core, predicate, fn);
  }

  /**
   * As {@link #writeWhen}, waiting interruptibly.
   *
   * @param predicate tests the value; must not modify it
   * @param fn reads and may modify the value
   * @param <R> the result type
   * @return what {@code fn} returned
   * @throws InterruptedException if interrupted before or while waiting for the lock or the
   *     predicate (nothing is held)
   * @throws NullPointerException if an argument is null
   * @throws IllegalStateException if this thread holds this value's lock already
   * @throws PoisonedException if the value is poisoned, or becomes poisoned while waiting
   * @throws LockOrderViolationException if taking this lock now breaks the lock order
   */
  public <R extends @Nullable Object> R writeWhenInterruptibly(
      Predicate<? super T> predicate, Function<? super T, ? extends R> fn)
      throws InterruptedException {
    return ConditionalAccess.writeWhen(core, predicate, fn, null);
  }

  /**
   * As {@link #writeWhen}, waiting at most {@code timeout} in all (for the lock and then for the
   * predicate), interruptibly.
   *
   * @param timeout the longest wait; zero means test the predicate once, if the lock is free
   * @param predicate tests the value; must not modify it
   * @param fn reads and may modify the value
   * @param <R> the result type
   * @return what {@code fn} returned
   * @throws LockTimeoutException if the lock did not become free, or the predicate did not hold,
   *     in time; the message says which ({@code fn} does not run, nothing is held)
   * @throws InterruptedException if interrupted before or while waiting (nothing is held)
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code timeout} is negative
   * @throws IllegalStateException if this thread holds this value's lock already
   * @throws PoisonedException if the value is poisoned, or becomes poisoned while waiting
   * @throws LockOrderViolationException if taking this lock now breaks the lock order
   */
  public <R extends @Nullable Object> R tryWriteWhen(
      Duration timeout, Predicate<? super T> predicate, Function<? super T, ? extends R> fn)
      throws InterruptedException {
    return ConditionalAccess.writeWhen(core, predicate, fn, LockEngine.checkTimeout(timeout));
  }

  /**
   * Waits until {@code predicate} holds on the value, then runs {@code fn} on it under the read
   * lock, holding a lock from the moment the predicate held until {@code fn} ends, so no writer
   * comes between them. If the predicate holds at once, both run under the read lock, in parallel
   * with other readers. Otherwise the thread waits as a writer would (a condition can only be
   * waited for under the write lock), tests the predicate under the write lock after each release
   * of it by another thread, and once it holds takes the read lock before letting the write lock
   * go (a downgrade); such woken readers therefore leave the wait one at a time. Readers never
   * poison; waits without interruption.
   *
   * @param predicate tests the value; must not modify it
   * @param fn reads the value; must not modify it
   * @param <R> the result type
   * @return what {@code fn} returned
   * @throws NullPointerException if an argument is null
   * @throws IllegalStateException if this thread holds this value's read or write lock already
   *     (it would wait forever)
   * @throws PoisonedException if the value is poisoned, or becomes poisoned while this thread
   *     waits ({@code fn} does not run)
   * @throws LockOrderViolationException if taking this lock now breaks the lock order
   */
  public <R extends @Nullable Object> R readWhen(
      Predicate<? super T> predicate, Function<? super T, ? extends R> fn) {
    return ConditionalAccess.readWhen(core, predicate, fn);
  }

  /**
   * As {@link #readWhen}, waiting interruptibly.
   *
   * @param predicate tests the value; must not modify it
   * @param fn reads the value; must not modify it
   * @param <R> the result type
   * @return what {@code fn} returned
   * @throws InterruptedException if interrupted before or while waiting for the lock or the
   *     predicate (nothing is held)
   * @throws NullPointerException if an argument is null
   * @throws IllegalStateException if this thread holds this value's lock already
   * @throws PoisonedException if the value is poisoned, or becomes poisoned while waiting
   * @throws LockOrderViolationException if taking this lock now breaks the lock order
   */
  public <R extends @Nullable Object> R readWhenInterruptibly(
      Predicate<? super T> predicate, Function<? super T, ? extends R> fn)
      throws InterruptedException {
    return ConditionalAccess.readWhen(core, predicate, fn, null);
  }

  /**
   * As {@link #readWhen}, waiting at most {@code timeout} in all, interruptibly.
   *
   * @param timeout the longest wait; zero means test the predicate once, if the lock is free
   * @param predicate tests the value; must not modify it
   * @param fn reads the value; must not modify it
   * @param <R> the result type
   * @return what {@code fn} returned
   * @throws LockTimeoutException if the lock did not become free, or the predicate did not hold,
   *     in time; the message says which ({@code fn} does not run, nothing is held)
   * @throws InterruptedException if interrupted before or while waiting (nothing is held)
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code timeout} is negative
   * @throws IllegalStateException if this thread holds this value's lock already
   * @throws PoisonedException if the value is poisoned, or becomes poisoned while waiting
   * @throws LockOrderViolationException if taking this lock now breaks the lock order
   */
  public <R extends @Nullable Object> R tryReadWhen(
      Duration timeout, Predicate<? super T> predicate, Function<? super T, ? extends R> fn)
      throws InterruptedException {
    return ConditionalAccess.readWhen(core, predicate, fn, LockEngine.checkTimeout(timeout));
  }

  /**
   * Acquires the read lock, waiting without interruption, and returns a guard that releases it.
   *
   * @return a guard owned by the current thread
   * @throws PoisonedException if the value is poisoned (the lock is released again)
   * @throws LockOrderViolationException if taking this lock now breaks the lock order
   */
  public ReadGuard<T> lockRead() {
    return core.lockRead();
  }

  /**
   * As {@link #lockRead()}, waiting interruptibly.
   *
   * @return a guard owned by the current thread
   * @throws InterruptedException if interrupted before or while waiting (nothing is held)
   * @throws PoisonedException if the value is poisoned
   * @throws LockOrderViolationException if taking this lock now breaks the lock order
   */
  public ReadGuard<T> lockReadInterruptibly() throws InterruptedException {
    return core.lockRead(null);
  }

  /**
   * As {@link #lockRead()}, waiting at most {@code timeout} (interruptibly).
   *
   * @param timeout the longest wait; zero means do not wait
   * @return a guard owned by the current thread
   * @throws LockTimeoutException if the lock did not become free in time
   * @throws InterruptedException if interrupted before or while waiting (nothing is held)
   * @throws NullPointerException if {@code timeout} is null
   * @throws IllegalArgumentException if {@code timeout} is negative
   * @throws PoisonedException if the value is poisoned
   * @throws LockOrderViolationException if taking this lock now breaks the lock order
   */
  public ReadGuard<T> tryLockRead(Duration timeout) throws InterruptedException {
    return core.lockRead(LockEngine.checkTimeout(timeout));
  }

  /**
   * Acquires the write lock, waiting without interruption, and returns a guard that releases it.
   * Exceptions inside the guarded block do not poison the value ({@code close()} cannot see
   * them).
   *
   * @return a guard owned by the current thread
   * @throws PoisonedException if the value is poisoned (the lock is released again)
   * @throws LockUpgradeException if this thread holds only the read lock of this value
   * @throws LockOrderViolationException if taking this lock now breaks the lock order
   */
  public WriteGuard<T> lockWrite() {
    return core.lockWrite();
  }

  /**
   * As {@link #lockWrite()}, waiting interruptibly.
   *
   * @return a guard owned by the current thread
   * @throws InterruptedException if interrupted before or while waiting (nothing is held)
   * @throws PoisonedException if the value is poisoned
   * @throws LockUpgradeException if this thread holds only the read lock of this value
   * @throws LockOrderViolationException if taking this lock now breaks the lock order
   */
  public WriteGuard<T> lockWriteInterruptibly() throws InterruptedException {
    return core.lockWrite(null);
  }

  /**
   * As {@link #lockWrite()}, waiting at most {@code timeout} (interruptibly).
   *
   * @param timeout the longest wait; zero means do not wait
   * @return a guard owned by the current thread
   * @throws LockTimeoutException if the lock did not become free in time
   * @throws InterruptedException if interrupted before or while waiting (nothing is held)
   * @throws NullPointerException if {@code timeout} is null
   * @throws IllegalArgumentException if {@code timeout} is negative
   * @throws PoisonedException if the value is poisoned
   * @throws LockUpgradeException if this thread holds only the read lock of this value
   * @throws LockOrderViolationException if taking this lock now breaks the lock order
   */
  public WriteGuard<T> tryLockWrite(Duration timeout) throws InterruptedException {
    return core.lockWrite(LockEngine.checkTimeout(timeout));
  }

  /**
   * Repairs the value: under the write lock, replaces it with {@code repair(value)} and clears the
   * poison. Works on a value that is not poisoned too. If {@code repair} throws or returns null,
   * the value and its poison stay as they were.
   *
   * @param repair computes the repaired value from the current one
   * @return the repaired value
   * @throws NullPointerException if {@code repair} is null or returns null
   * @throws LockUpgradeException if this thread holds only the read lock of this value
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
    return "GuardedValue[" + core.name() + (core.isPoisoned() ? ", poisoned]" : "]");
  }

  /**
   * Builds a {@link GuardedValue} with options. Not thread-safe; use one builder on one thread.
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
     * Chooses a fair lock, which grants it roughly in arrival order at some cost in throughput
     * (default: non-fair).
     *
     * @param fair whether the lock is fair
     * @return this builder
     */
    public Builder<T> fair(boolean fair) {
      options.fair(fair);
      return this;
    }

    /**
     * Chooses whether a failing writer poisons the value (default: true).
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
    public GuardedValue<T> build() {
      return new GuardedValue<>(initial, options);
    }
  }
}
