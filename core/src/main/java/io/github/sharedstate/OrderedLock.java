package io.github.sharedstate;

import io.github.sharedstate.internal.LockEngine;
import io.github.sharedstate.internal.MutexEngine;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * A drop-in {@link ReentrantLock} that keeps a lock order: wherever a field or parameter is typed
 * {@code ReentrantLock} or {@code Lock}, an {@code OrderedLock} goes in its place, and taking it
 * out of order throws {@link LockOrderViolationException} before the thread waits.
 *
 * <pre>{@code
 * enum Locks { ACCOUNTS, LEDGER }
 * LockOrder order = LockOrder.of(Locks.class);
 * private final ReentrantLock accountsLock = OrderedLock.of(order.rank(Locks.ACCOUNTS));
 * private final ReentrantLock ledgerLock = OrderedLock.of(order.rank(Locks.LEDGER));
 *
 * accountsLock.lock();
 * try {
 *   ledgerLock.lock();       // in rank order: fine
 *   ...
 * }
 * ledgerLock.lock();         // while holding ledgerLock:
 * accountsLock.lock();       // LockOrderViolationException, before waiting
 * }</pre>
 *
 * <p>Every method keeps the JDK contract: {@code tryLock} returns {@code false} when it cannot
 * have the lock (a timed-out {@code tryLock} is counted in {@link LockStats#timeouts()}, never
 * thrown), {@code unlock()} by a thread that does not hold the lock throws {@link
 * IllegalMonitorStateException}, re-entry by the holder is free and unchecked, and the queries
 * ({@code isLocked}, {@code getHoldCount}, {@code getQueueLength}, ...) describe this lock. What
 * is added: the order check before any wait, under the order's policy ({@link
 * LockOrder.Policy#THROW} throws from {@code lock()}, {@code lockInterruptibly()} and both {@code
 * tryLock} forms with nothing held; {@code WARN} logs and counts; {@code OFF} checks nothing), the
 * thread's held-lock record ({@link LockOrder#heldByCurrentThread()}), {@link #stats()}, JFR
 * events, and the listeners of {@link LockDiagnostics}. Built with neither a rank nor an order,
 * the lock is unranked and joins {@link LockOrder#processWide()} when that is switched on, as
 * values do.
 *
 * <p>{@link #newCondition()} works as the JDK's, with one check more: {@code await} gives the
 * lock up and takes it back, and taking it back is an acquisition like any other. A thread that
 * holds a lock ranked after this one and awaits a condition of this one would take it back out of
 * order (the nested-monitor lockout), so {@code await} throws {@link
 * LockOrderViolationException} at once, before releasing anything. While the thread waits, its
 * held-lock record does not show this lock.
 *
 * <p>Memory synchronization: as for {@link ReentrantLock}. Thread-safety: every method may be
 * called from any thread. Not serializable: its place in an order does not survive a copy.
 */
public final class OrderedLock extends ReentrantLock implements Lockable {
  /*
   * The engine drives the lock state this class inherits, through `Inherited`, whose methods are
   * the ReentrantLock ones this class overrides. So the JDK's own queries (owner, queue, holds,
   * fairness, several of them final) describe the one lock state there is.
   */
  private static final long serialVersionUID = 1L;

  private final transient MutexEngine engine;
  private final transient LockOrder.@Nullable Rank rank;

  private OrderedLock(ValueOptions options) {
    super(options.fair());
    this.rank = options.rank();
    this.engine = new MutexEngine(options.lock("OrderedLock"), new Inherited(), this, this::getOwner);
  }

  /**
   * Returns a non-fair lock of {@code rank}, named after it.
   *
   * @param rank its place in a lock order
   * @return the new lock
   * @throws NullPointerException if {@code rank} is null
   */
  public static OrderedLock of(LockOrder.Rank rank) {
    return builder().rank(rank).build();
  }

  /**
   * Returns a builder for a lock with options.
   *
   * @return a new builder: non-fair, unranked
   */
  public static Builder builder() {
    return new Builder();
  }

  MutexEngine engine() {
    return engine;
  }

  /** As {@link ReentrantLock#lock()}, after the order check. */
  @Override
  public void lock() {
    engine.lockUninterruptibly(true);
  }

  /** As {@link ReentrantLock#lockInterruptibly()}, after the order check. */
  @Override
  public void lockInterruptibly() throws InterruptedException {
    engine.lock(true, null, true);
  }

  /**
   * As {@link ReentrantLock#tryLock()} (which barges, even on a fair lock), after the order check.
   * A {@code false} is counted as a timeout.
   */
  @Override
  public boolean tryLock() {
    return engine.tryLockNow(true);
  }

  /**
   * As {@link ReentrantLock#tryLock(long, TimeUnit)}, after the order check; a timeout is counted
   * in {@link LockStats#timeouts()} and returned as {@code false}.
   */
  @Override
  public boolean tryLock(long timeout, TimeUnit unit) throws InterruptedException {
    return engine.tryLock(true, timeout, unit);
  }

  /**
   * As {@link ReentrantLock#unlock()}.
   *
   * @throws IllegalMonitorStateException if the current thread does not hold this lock
   */
  @Override
  public void unlock() {
    engine.unlock(true);
  }

  /**
   * Returns a condition of this lock, as {@link ReentrantLock#newCondition()} does, whose waits
   * are checked against the lock order (see the class description).
   */
  @Override
  public Condition newCondition() {
    return engine.newCondition();
  }

  @Override
  public boolean hasWaiters(Condition condition) {
    return super.hasWaiters(LockEngine.jdkCondition(condition));
  }

  @Override
  public int getWaitQueueLength(Condition condition) {
    return super.getWaitQueueLength(LockEngine.jdkCondition(condition));
  }

  @Override
  protected Collection<Thread> getWaitingThreads(Condition condition) {
    return super.getWaitingThreads(LockEngine.jdkCondition(condition));
  }

  @Override
  public String name() {
    return engine.name();
  }

  @Override
  public Optional<LockOrder.Rank> rank() {
    return Optional.ofNullable(rank);
  }

  /** {@return a snapshot of this lock's counters; reads are always 0} */
  @Override
  public LockStats stats() {
    return engine.statsSnapshot();
  }

  @Override
  public String toString() {
    Thread owner = getOwner();
    return "OrderedLock["
        + name()
        + (owner == null ? ", unlocked]" : ", locked by thread " + owner.getName() + "]");
  }

  /**
   * Refuses to serialize the lock: its place in a lock order and its holders belong to this
   * process.
   *
   * @param out the stream
   * @throws NotSerializableException always
   */
  private void writeObject(ObjectOutputStream out) throws NotSerializableException {
    throw new NotSerializableException("OrderedLock '" + name() + "' is not serializable");
  }

  /** The lock operations this class inherits, for the engine. */
  private final class Inherited implements Lock {
    @Override
    public void lock() {
      OrderedLock.super.lock();
    }

    @Override
    public void lockInterruptibly() throws InterruptedException {
      OrderedLock.super.lockInterruptibly();
    }

    @Override
    public boolean tryLock() {
      return OrderedLock.super.tryLock();
    }

    @Override
    public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
      return OrderedLock.super.tryLock(time, unit);
    }

    @Override
    public void unlock() {
      OrderedLock.super.unlock();
    }

    @Override
    public Condition newCondition() {
      return OrderedLock.super.newCondition();
    }
  }

  /** Builds an {@link OrderedLock}. Not thread-safe; use one builder on one thread. */
  public static final class Builder {
    private final ValueOptions options = new ValueOptions();

    private Builder() {}

    /**
     * Names the lock in messages and stats (default: its rank's name, or a generated name).
     *
     * @param name the name
     * @return this builder
     * @throws NullPointerException if {@code name} is null
     */
    public Builder name(String name) {
      options.name(name);
      return this;
    }

    /**
     * Places the lock in a lock order (default: unranked).
     *
     * @param rank its place
     * @return this builder
     * @throws NullPointerException if {@code rank} is null
     */
    public Builder rank(LockOrder.Rank rank) {
      options.rank(rank);
      return this;
    }

    /**
     * Makes the lock an unranked member of {@code order}, checked against the order learned from
     * use (see {@link LockOrder}).
     *
     * @param order a lock order
     * @return this builder
     * @throws NullPointerException if {@code order} is null
     */
    public Builder order(LockOrder order) {
      options.order(order);
      return this;
    }

    /**
     * Sets how long a thread may wait for this lock before it is reported, once, naming the
     * holder and what it is doing (see {@link LockDiagnostics}). Default: the lock order's, else
     * the process default (1 second, or the system property {@value
     * LockDiagnostics#LONG_WAIT_PROPERTY}).
     *
     * @param threshold the threshold; zero turns the reports off
     * @return this builder
     * @throws NullPointerException if {@code threshold} is null
     * @throws IllegalArgumentException if {@code threshold} is negative
     */
    public Builder longWaitThreshold(Duration threshold) {
      options.longWaitThreshold(threshold);
      return this;
    }

    /**
     * Chooses a fair lock, granted roughly in arrival order (default: non-fair).
     *
     * @param fair whether the lock is fair
     * @return this builder
     */
    public Builder fair(boolean fair) {
      options.fair(fair);
      return this;
    }

    /**
     * Builds the lock.
     *
     * @return a new lock
     * @throws IllegalArgumentException if a rank and an order of another order were both given
     */
    public OrderedLock build() {
      return new OrderedLock(options);
    }
  }
}
