package io.github.sharedstate;

import java.util.Optional;

/**
 * What {@link GuardedValue}, {@link ExclusiveValue}, {@link SnapshotValue} and {@link
 * ShardedValue} have in common: a named value behind a lock (for a snapshot value, its writer
 * lock; for a sharded value, the mutexes of its shards), with counters and a poison flag. Used by
 * {@link LockOrder#withAll} and {@code SharedState}. Implemented only by those classes.
 *
 * <p>Thread-safety: every method may be called from any thread.
 */
public sealed interface Guarded permits GuardedValue, ExclusiveValue, SnapshotValue, ShardedValue {

  /** {@return the value's name: given to its builder, or its rank's name, or a generated one} */
  String name();

  /** {@return the value's rank, or empty if it is unranked} */
  Optional<LockOrder.Rank> rank();

  /** {@return a snapshot of the value's lock counters} */
  LockStats stats();

  /** {@return whether a failed writer has poisoned the value (read without taking the lock)} */
  boolean isPoisoned();

  /**
   * Clears the poison, accepting the value as it is; takes the write lock (or mutex) to do so,
   * waiting without interruption, and follows the lock-order rules like any acquisition. A
   * {@link SnapshotValue} is never poisoned, and there this does nothing.
   */
  void clearPoison();
}
