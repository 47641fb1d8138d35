package io.github.sharedstate.internal;

import io.github.sharedstate.SharedValue;
import io.github.sharedstate.LockStats;
import io.github.sharedstate.PoisonedException;
import io.github.sharedstate.ReadGuard;
import io.github.sharedstate.WriteGuard;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * A value behind a {@link LockEngine}: the value, its poison, and the function forms and guards
 * of {@code GuardedValue} and {@code ExclusiveValue}. An {@code ExclusiveValue}'s engine is a
 * mutex, whose read and write are the same lock.
 *
 * @param <T> the type of the value
 */
public final class ValueCore<T> {
  /*
   * Concurrency:
   * - `value` is read only while the read or write lock is held and written only while the write
   *   lock (the mutex) is held, so the lock's happens-before edges publish every write to the next
   *   holder. It is not volatile on purpose.
   * - `poison` is written only under the write lock, and read under a lock for access checks; it
   *   is volatile so isPoisoned() can also read it without the lock.
   */
  private final LockEngine engine;
  /** The public value this core serves, for diagnostics listeners. */
  private final SharedValue publicValue;
  private final boolean poisonOnFailure;
  private T value;
  private volatile @Nullable Poison poison;

  /**
   * Creates a value.
   *
   * @param initial the initial value
   * @param engine its lock
   * @param poisonOnFailure whether a failing writer poisons it
   * @param publicValue the public value served (its constructor may still be running)
   */
  public ValueCore(
      T initial, LockEngine engine, boolean poisonOnFailure, SharedValue publicValue) {
    this.value = Objects.requireNonNull(initial, "initial");
    this.engine = engine;
    this.poisonOnFailure = poisonOnFailure;
    this.publicValue = publicValue;
  }

  /** {@return the lock} */
  public LockEngine engine() {
    return engine;
  }

  public String name() {
    return engine.name();
  }

  public LockStats statsSnapshot() {
    return engine.statsSnapshot();
  }

  public boolean isPoisoned() {
    return poison != null;
  }

  /** The value; the caller holds the read or the write lock. */
  T value() {
    return value;
  }

  // ---- function forms ------------------------------------------------------------------------

  /** Runs {@code fn} on the value under the read lock, waiting without interruption. */
  public <R> R read(Function<? super T, ? extends R> fn) {
    Objects.requireNonNull(fn, "fn");
    return readHeld(fn, engine.acquireUninterruptibly(false, false));
  }

  /** Runs {@code fn} under the read lock, waiting interruptibly, at most {@code timeout} if set. */
  public <R> R read(Function<? super T, ? extends R> fn, @Nullable Duration timeout)
      throws InterruptedException {
    Objects.requireNonNull(fn, "fn");
    return readHeld(fn, engine.acquire(false, false, timeout, true));
  }

  /** Runs {@code fn} on the value under the write lock; a failure poisons the value. */
  public <R> R write(Function<? super T, ? extends R> fn) {
    Objects.requireNonNull(fn, "fn");
    return writeHeld(fn, engine.acquireUninterruptibly(true, false));
  }

  /** Runs {@code action} on the value under the write lock; a failure poisons the value. */
  public void modify(Consumer<? super T> action) {
    Objects.requireNonNull(action, "action");
    writeHeld(returningValue(action), engine.acquireUninterruptibly(true, false));
  }

  /** As {@link #modify(Consumer)}, waiting interruptibly, at most {@code timeout} if set. */
  public void modify(Consumer<? super T> action, @Nullable Duration timeout)
      throws InterruptedException {
    Objects.requireNonNull(action, "action");
    writeHeld(returningValue(action), engine.acquire(true, false, timeout, true));
  }

  /** {@code action} as a write function, for the write path that modify shares. */
  private static <T> Function<T, T> returningValue(Consumer<? super T> action) {
    return v -> {
      action.accept(v);
      return v;
    };
  }

  /** As {@link #write(Function)}, waiting interruptibly, at most {@code timeout} if set. */
  public <R> R write(Function<? super T, ? extends R> fn, @Nullable Duration timeout)
      throws InterruptedException {
    Objects.requireNonNull(fn, "fn");
    return writeHeld(fn, engine.acquire(true, false, timeout, true));
  }

  /** Replaces the value with {@code op(value)} under the write lock; a failure poisons nothing. */
  public T update(UnaryOperator<T> op) {
    Objects.requireNonNull(op, "op");
    return updateHeld(op, engine.acquireUninterruptibly(true, false));
  }

  /** As {@link #update(UnaryOperator)}, waiting interruptibly, at most {@code timeout} if set. */
  public T update(UnaryOperator<T> op, @Nullable Duration timeout) throws InterruptedException {
    Objects.requireNonNull(op, "op");
    return updateHeld(op, engine.acquire(true, false, timeout, true));
  }

  /** Repairs the value under the write lock, poisoned or not, and clears the poison. */
  public T recover(UnaryOperator<T> repair) {
    Objects.requireNonNull(repair, "repair");
    HeldLocks held = engine.acquireUninterruptibly(true, false);
    try {
      T next = requireResult(repair.apply(value), "repair");
      value = next;
      poison = null;
      return next;
    } finally {
      engine.release(true, held);
    }
  }

  /**
   * Repairs the value under the write lock if it is poisoned then, and clears the poison; returns
   * whether it was poisoned. If {@code repair} throws or returns null, nothing changes.
   */
  public boolean recoverIfPoisoned(UnaryOperator<T> repair) {
    Objects.requireNonNull(repair, "repair");
    HeldLocks held = engine.acquireUninterruptibly(true, false);
    try {
      if (poison == null) {
        return false;
      }
      value = requireResult(repair.apply(value), "repair");
      poison = null;
      return true;
    } finally {
      engine.release(true, held);
    }
  }

  /** Clears the poison under the write lock, keeping the value as it is. */
  public void clearPoison() {
    HeldLocks held = engine.acquireUninterruptibly(true, false);
    try {
      poison = null;
    } finally {
      engine.release(true, held);
    }
  }

  <R> R readHeld(Function<? super T, ? extends R> fn, @Nullable HeldLocks held) {
    try {
      checkNotPoisoned();
      return fn.apply(value);
    } finally {
      engine.release(false, held);
    }
  }

  <R> R writeHeld(Function<? super T, ? extends R> fn, @Nullable HeldLocks held) {
    try {
      checkNotPoisoned();
      try {
        return fn.apply(value);
      } catch (Throwable failure) {
        poison(failure);
        throw failure;
      }
    } finally {
      engine.release(true, held);
    }
  }

  private T updateHeld(UnaryOperator<T> op, @Nullable HeldLocks held) {
    try {
      checkNotPoisoned();
      T next = requireResult(op.apply(value), "op");
      value = next;
      return next;
    } finally {
      engine.release(true, held);
    }
  }

  /**
   * Returns the value to a thread that already holds the write lock, as inside {@code withAll},
   * without taking the lock again (which would count another acquisition).
   *
   * @throws IllegalStateException if the current thread does not hold the write lock
   */
  public T heldValue() {
    if (!engine.heldByCurrentThread(true)) {
      throw new IllegalStateException("'" + name() + "' is not write-locked by this thread");
    }
    return value;
  }

  // ---- guards --------------------------------------------------------------------------------

  /** Acquires the read lock without interruption and returns its guard. */
  public ReadGuard<T> lockRead() {
    return guard(false, engine.acquireUninterruptibly(false, false));
  }

  /** Acquires the read lock interruptibly, at most {@code timeout} if set. */
  public ReadGuard<T> lockRead(@Nullable Duration timeout) throws InterruptedException {
    return guard(false, engine.acquire(false, false, timeout, true));
  }

  /** Acquires the write lock without interruption and returns its guard. */
  public WriteGuard<T> lockWrite() {
    return guard(true, engine.acquireUninterruptibly(true, false));
  }

  /** Acquires the write lock interruptibly, at most {@code timeout} if set. */
  public WriteGuard<T> lockWrite(@Nullable Duration timeout) throws InterruptedException {
    return guard(true, engine.acquire(true, false, timeout, true));
  }

  private ValueGuard<T> guard(boolean write, @Nullable HeldLocks held) {
    try {
      checkNotPoisoned();
    } catch (PoisonedException e) {
      engine.release(write, held);
      throw e;
    }
    return new ValueGuard<>(this, write, held);
  }

  /** Sets the value; the caller holds the write lock. */
  void set(T newValue) {
    value = newValue;
  }

  /** Releases the lock a guard holds. */
  void release(boolean write, @Nullable HeldLocks held) {
    engine.release(write, held);
  }

  // ---- poisoning -----------------------------------------------------------------------------

  void checkNotPoisoned() {
    Poison p = poison;
    if (p != null) {
      throw new PoisonedException(name(), p.threadName, p.cause);
    }
  }

  /** Called with the write lock held; the first failure wins. */
  void poison(Throwable failure) {
    if (poisonOnFailure && poison == null) {
      poison = new Poison(failure, Thread.currentThread().getName());
      engine.stats.poisoning();
      Diagnostics.poisoned(publicValue, failure);
    }
  }

  private static <V> V requireResult(@Nullable V result, String function) {
    if (result == null) {
      throw new NullPointerException(function + " returned null; the value must not be null");
    }
    return result;
  }

  private static final class Poison {
    final Throwable cause;
    final String threadName;

    Poison(Throwable cause, String threadName) {
      this.cause = cause;
      this.threadName = threadName;
    }
  }

  @Override
  public String toString() {
    return name();
  }
}
