package io.github.sharedstate;

/**
 * What {@link GuardedValue}, {@link ExclusiveValue}, {@link SnapshotValue} and {@link
 * ShardedValue} have in common: a named value behind a lock (for a snapshot value, its writer
 * lock; for a sharded value, the mutexes of its shards), with counters and a poison flag. Used by
 * {@link LockOrder#withAll} and {@code SharedState}. Implemented only by those classes; the
 * drop-in locks, which have no value and nothing to poison, are {@link Lockable} only.
 *
 * <p>Thread-safety: every method may be called from any thread.
 */
public sealed interface Guarded extends Lockable
    permits GuardedValue, ExclusiveValue, SnapshotValue, ShardedValue {

  /** {@return whether a failed writer has poisoned the value (read without taking the lock)} */
  boolean isPoisoned();

  /**
   * Clears the poison, accepting the value as it is; takes the write lock (or mutex) to do so,
   * waiting without interruption, and follows the lock-order rules like any acquisition. A
   * {@link SnapshotValue} is never poisoned, and there this does nothing.
   */
  void clearPoison();
}
