/**
 * Shared mutable state behind checked locks.
 *
 * <p>The values, each reachable only while its lock is held:
 *
 * <ul>
 *   <li>{@link io.github.sharedstate.GuardedValue}: a value behind a read/write lock, for
 *       read-heavy state edited in place.
 *   <li>{@link io.github.sharedstate.ExclusiveValue}: a value behind a mutex, for write-heavy or
 *       simple state.
 *   <li>{@link io.github.sharedstate.SnapshotValue}: an immutable value replaced whole; reads never
 *       wait.
 *   <li>{@link io.github.sharedstate.ShardedValue}: write-heavy state split over shards picked by
 *       key.
 *   <li>{@link io.github.sharedstate.SharedValue}: what the four value types have in common;
 *       {@link io.github.sharedstate.Lockable}: what every checked lock, value or not, has.
 *   <li>{@link io.github.sharedstate.ReadGuard} and {@link io.github.sharedstate.WriteGuard}:
 *       try-with-resources guards, for code that cannot be a lambda.
 * </ul>
 *
 * <p>Lock order and locks:
 *
 * <ul>
 *   <li>{@link io.github.sharedstate.LockOrder} (and its {@link
 *       io.github.sharedstate.LockOrder.Rank}): a ranking, declared or learned from use, that
 *       rejects out-of-order acquisition before it can deadlock.
 *   <li>{@link io.github.sharedstate.OrderedLock} and {@link
 *       io.github.sharedstate.OrderedReadWriteLock}: drop-in {@code ReentrantLock} and {@code
 *       ReentrantReadWriteLock} subclasses, checked against an order; any other {@code Lock} joins
 *       an order through {@code Rank.wrap} or {@code LockOrder.wrap}.
 *   <li>{@link io.github.sharedstate.SharedState} and {@link io.github.sharedstate.StateKey}: a
 *       typed, immutable container of an application's services, values and locks, whose
 *       declaration order is its lock order.
 * </ul>
 *
 * <p>Diagnostics: {@link io.github.sharedstate.LockStats} (the counters of one value or lock),
 * {@link io.github.sharedstate.LockDiagnostics} (JVM-wide listeners, long waits) and {@link
 * io.github.sharedstate.ContentionProfile} (who kept others waiting).
 *
 * <p>Exceptions, all under {@link io.github.sharedstate.SharedStateException}: {@link
 * io.github.sharedstate.LockOrderViolationException}, {@link
 * io.github.sharedstate.PoisonedException}, {@link io.github.sharedstate.LockUpgradeException}
 * and {@link io.github.sharedstate.LockTimeoutException}.
 *
 * <p>Every type in this package is {@code @NullMarked}: no parameter or result is null unless it
 * says so.
 */
@NullMarked
package io.github.sharedstate;

import org.jspecify.annotations.NullMarked;
