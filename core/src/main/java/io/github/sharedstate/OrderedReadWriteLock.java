package io.github.sharedstate;

import io.github.sharedstate.internal.LockEngine;
import io.github.sharedstate.internal.ReadWriteEngine;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.jspecify.annotations.Nullable;

/**
 * A drop-in {@link ReentrantReadWriteLock} that keeps a lock order and whose reads scale with
 * cores: wherever a field or parameter is typed {@code ReentrantReadWriteLock} or {@code
 * ReadWriteLock}, an {@code OrderedReadWriteLock} goes in its place.
 *
 * <pre>{@code
 * private final ReentrantReadWriteLock lock = OrderedReadWriteLock.of(order.rank(Locks.ROUTES));
 *
 * lock.readLock().lock();
 * try {
 *   return routes.get(key);
 * } finally {
 *   lock.readLock().unlock();
 * }
 * }</pre>
 *
 * <p>{@link #readLock()} and {@link #writeLock()} return locks with the JDK contract and the
 * checks of {@link OrderedLock}: the order check before any wait, counting, the held-lock record
 * ({@link LockOrder#heldByCurrentThread()}), JFR events and {@link LockDiagnostics}. A read
 * counts like a write in the order: a new reader can queue behind a waiting writer. On top of the
 * JDK's lock:
 *
 * <ul>
 *   <li>A non-fair lock reads through the reader-biased path of {@link GuardedValue}: while no
 *       writer is about, readers on different cores write different cache lines, so reads scale
 *       with cores where a plain {@code ReentrantReadWriteLock} gets slower with every core. A
 *       writer turns the bias off and waits for those readers before it gets the lock. {@link
 *       #getReadLockCount()} and {@link #getReadHoldCount()} include them.
 *   <li>Read-then-write by one thread (an upgrade) throws {@link LockUpgradeException} at once
 *       from the write lock's {@code lock}, {@code lockInterruptibly} and timed {@code tryLock},
 *       where the JDK's lock waits forever (or until the timeout) for the thread itself; the
 *       untimed {@code tryLock()} returns {@code false}, as the JDK's does. Write-then-read (a
 *       downgrade) is allowed, and so is read re-entry while a writer waits.
 *   <li>The write lock's {@code newCondition()} works as {@link OrderedLock#newCondition()}; the
 *       read lock's throws {@link UnsupportedOperationException}, as the JDK's does.
 * </ul>
 *
 * <p>Memory synchronization: as for {@link ReentrantReadWriteLock}. Thread-safety: every method
 * may be called from any thread. Not serializable: its place in an order does not survive a copy.
 */
public final class OrderedReadWriteLock extends ReentrantReadWriteLock implements Lockable {
  /*
   * The engine drives the lock state this class inherits, through the JDK's own read and write
   * views of it (super.readLock(), super.writeLock()); readLock() and writeLock() return checked
   * views of the same state. So the JDK's queries (owner, queue, write holds, fairness) describe
   * the one lock state there is; the read counts add the fast readers, which the state does not
   * see.
   */
  private static final long serialVersionUID = 1L;

  private final transient ReadWriteEngine engine;
  private final transient LockOrder.@Nullable Rank rank;
  private final transient ReadView readView;
  private final transient WriteView writeView;

  private OrderedReadWriteLock(ValueOptions options) {
    super(options.fair());
    this.rank = options.rank();
    this.engine =
        new ReadWriteEngine(
            options.lock("OrderedReadWriteLock"),
            this,
            super.readLock(),
            super.writeLock(),
            this::getOwner,
            super::getReadLockCount);
    this.readView = new ReadView(this);
    this.writeView = new WriteView(this);
  }

  /**
   * Returns a non-fair lock of {@code rank}, named after it.
   *
   * @param rank its place in a lock order
   * @return the new lock
   * @throws NullPointerException if {@code rank} is null
   */
  public static OrderedReadWriteLock of(LockOrder.Rank rank) {
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

  ReadWriteEngine engine() {
    return engine;
  }

  /**
   * {@return the lock whose {@link #readLock()} or {@link #writeLock()} {@code lock} is, or null}:
   * those views are checked already, though not lockables themselves.
   */
  static @Nullable OrderedReadWriteLock ownerOfView(Lock lock) {
    if (lock instanceof ReadView read) {
      return read.owner;
    }
    return lock instanceof WriteView write ? write.owner : null;
  }

  /** {@return the checked read lock} */
  @Override
  public ReentrantReadWriteLock.ReadLock readLock() {
    return readView;
  }

  /** {@return the checked write lock} */
  @Override
  public ReentrantReadWriteLock.WriteLock writeLock() {
    return writeView;
  }

  /** {@return the read holds of all threads, fast readers included (for monitoring)} */
  @Override
  public int getReadLockCount() {
    return engine.readLockCount(super.getReadLockCount());
  }

  /** {@return the current thread's read holds, fast ones included} */
  @Override
  public int getReadHoldCount() {
    return engine.readHoldCount(super.getReadHoldCount());
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

  @Override
  public LockStats stats() {
    return engine.statsSnapshot();
  }

  @Override
  public String toString() {
    Thread writer = getOwner();
    return "OrderedReadWriteLock["
        + name()
        + (writer == null ? "" : ", write-locked by thread " + writer.getName())
        + ", read locks = "
        + getReadLockCount()
        + "]";
  }

  /**
   * Refuses to serialize the lock: its place in a lock order and its holders belong to this
   * process.
   *
   * @param out the stream
   * @throws NotSerializableException always
   */
  private void writeObject(ObjectOutputStream out) throws NotSerializableException {
    throw new NotSerializableException("OrderedReadWriteLock '" + name() + "' is not serializable");
  }

  /** The checked read lock. */
  private static final class ReadView extends ReentrantReadWriteLock.ReadLock {
    private static final long serialVersionUID = 1L;
    private final transient OrderedReadWriteLock owner;

    ReadView(OrderedReadWriteLock owner) {
      super(owner);
      this.owner = owner;
    }

    @Override
    public void lock() {
      owner.engine.lockUninterruptibly(false);
    }

    @Override
    public void lockInterruptibly() throws InterruptedException {
      owner.engine.lock(false, null, true);
    }

    @Override
    public boolean tryLock() {
      return owner.engine.tryLockNow(false);
    }

    @Override
    public boolean tryLock(long timeout, TimeUnit unit) throws InterruptedException {
      return owner.engine.tryLock(false, timeout, unit);
    }

    @Override
    public void unlock() {
      owner.engine.unlock(false);
    }

    @Override
    public String toString() {
      return "OrderedReadWriteLock.ReadLock[" + owner.name() + ", read locks = "
          + owner.getReadLockCount() + "]";
    }
  }

  /** The checked write lock. */
  private static final class WriteView extends ReentrantReadWriteLock.WriteLock {
    private static final long serialVersionUID = 1L;
    private final transient OrderedReadWriteLock owner;

    WriteView(OrderedReadWriteLock owner) {
      super(owner);
      this.owner = owner;
    }

    @Override
    public void lock() {
      owner.engine.lockUninterruptibly(true);
    }

    @Override
    public void lockInterruptibly() throws InterruptedException {
      owner.engine.lock(true, null, true);
    }

    @Override
    public boolean tryLock() {
      return owner.engine.tryLockNow(true);
    }

    @Override
    public boolean tryLock(long timeout, TimeUnit unit) throws InterruptedException {
      return owner.engine.tryLock(true, timeout, unit);
    }

    @Override
    public void unlock() {
      owner.engine.unlock(true);
    }

    @Override
    public Condition newCondition() {
      return owner.engine.newCondition();
    }

    @Override
    public String toString() {
      Thread holder = owner.getOwner();
      return "OrderedReadWriteLock.WriteLock["
          + owner.name()
          + (holder == null ? ", unlocked]" : ", locked by thread " + holder.getName() + "]");
    }
  }

  /** Builds an {@link OrderedReadWriteLock}. Not thread-safe; use one builder on one thread. */
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
     * Chooses a fair lock, granted roughly in arrival order (default: non-fair). A fair lock has
     * no reader bias: every read takes the lock itself.
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
    public OrderedReadWriteLock build() {
      return new OrderedReadWriteLock(options);
    }
  }
}
