package io.github.sharedstate;

import java.util.Optional;

/**
 * What every checked lock of the library has, with a value or without: a name, a place in a lock
 * order, and counters. The values ({@link SharedValue}), the drop-in locks {@link OrderedLock} and
 * {@link OrderedReadWriteLock}, and the locks returned by {@link LockOrder.Rank#wrap} and {@link
 * LockOrder#wrap} are lockables; {@link LockOrder#withAll} takes any of them together.
 *
 * <p>Thread-safety: every method may be called from any thread.
 */
public sealed interface Lockable
    permits SharedValue, OrderedLock, OrderedReadWriteLock, WrappedLock {

  /** {@return the name: given to the builder, or the rank's name, or a generated one} */
  String name();

  /** {@return the rank, or empty if unranked (a learned member, or outside any order)} */
  Optional<LockOrder.Rank> rank();

  /** {@return a snapshot of the lock's counters} */
  LockStats stats();
}
