package io.github.sharedstate;

/**
 * Thrown when a thread that holds the read lock of a {@link GuardedValue} asks for its write lock.
 *
 * <p>{@link java.util.concurrent.locks.ReentrantReadWriteLock} cannot upgrade a read lock: the
 * write lock waits for every reader to leave, including the thread itself, so the thread would
 * wait forever. This library rejects the attempt at once instead. Take the write lock from the
 * start (a write lock can be downgraded to a read lock, not the other way round).
 */
public final class LockUpgradeException extends SharedStateException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception for an upgrade attempt on the named value.
   *
   * @param valueName the name of the value
   */
  public LockUpgradeException(String valueName) {
    super(
        "thread '"
            + Thread.currentThread().getName()
            + "' holds the read lock of '"
            + valueName
            + "' and asked for its write lock: a read/write lock cannot be upgraded and this"
            + " would wait forever; release the read lock first, or take the write lock from"
            + " the start (write-then-read is allowed)");
  }
}
