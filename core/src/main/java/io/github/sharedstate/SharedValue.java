package io.github.sharedstate;

/**
 * What every value type has in common: {@link GuardedValue}, {@link ExclusiveValue}, {@link
 * SnapshotValue} and {@link ShardedValue} are each a named value behind a lock (for a snapshot
 * value, its writer lock; for a sharded value, the mutexes of its shards), with counters and a
 * poison flag. {@link SharedState#values()} lists the values of a state as this type, and {@link
 * LockDiagnostics.Listener#poisoned} reports a poisoned one. Implemented only by those four
 * classes; the drop-in locks, which have no value and nothing to poison, are {@link
 * Lockable} only.
 *
 * <p>Not to be confused with {@link GuardedValue}, the value behind a read/write lock: "guarded"
 * in this library always means that one type ({@link SharedState.Builder#guarded}, {@link
 * StateKey#guarded}).
 *
 * <p>Thread-safety: every method may be called from any thread.
 */
public sealed interface SharedValue extends Lockable
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
