package io.github.sharedstate.internal;

import org.jspecify.annotations.Nullable;

/**
 * How to build a {@link LockEngine}, as collected by the public builders.
 *
 * @param name the lock's or value's name, for messages and stats
 * @param fair whether the lock is fair
 * @param tracker the order tracker, or null when unranked or the order's policy is OFF
 * @param rankName the rank's name, or empty when unranked
 * @param rankLevel the rank's level, or -1 when unranked
 * @param tieBreak the tie-break among locks of one rank, in creation order
 * @param sortKey the key that sorts the lock among the locks of its rank before the tie-break, the
 *     same in every process (a wrapped cluster-wide lock's name), or null
 * @param longWaitNanos how long a thread may wait for the lock before it is reported, or 0 for
 *     never
 */
public record LockOptions(
    String name,
    boolean fair,
    @Nullable OrderTracker tracker,
    String rankName,
    int rankLevel,
    long tieBreak,
    @Nullable String sortKey,
    long longWaitNanos) {}
