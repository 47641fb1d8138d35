/**
 * Shared mutable state behind checked locks.
 *
 * <ul>
 *   <li>{@link io.github.sharedstate.GuardedValue}: a value behind a read/write lock.
 *   <li>{@link io.github.sharedstate.ExclusiveValue}: a value behind a mutex.
 *   <li>{@link io.github.sharedstate.LockOrder}: a ranking that rejects out-of-order acquisition
 *       before it can deadlock.
 *   <li>{@link io.github.sharedstate.SharedState}: a typed, immutable container of an
 *       application's services and guarded values, whose declaration order is its lock order.
 * </ul>
 *
 * <p>Every type in this package is {@code @NullMarked}: no parameter or result is null unless it
 * says so.
 */
@NullMarked
package io.github.sharedstate;

import org.jspecify.annotations.NullMarked;
