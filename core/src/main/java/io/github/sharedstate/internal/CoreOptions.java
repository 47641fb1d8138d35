package io.github.sharedstate.internal;

import org.jspecify.annotations.Nullable;

/**
 * How to build a {@link LockCore}, as collected by the public builders.
 *
 * @param name the value's name, for messages and stats
 * @param fair whether the lock is fair
 * @param poisonOnFailure whether a failing writer poisons the value
 * @param tracker the order tracker, or null when unranked or the order's policy is OFF
 * @param rankName the rank's name, or empty when unranked
 * @param rankLevel the rank's level, or -1 when unranked
 * @param tieBreak the stable tie-break among values of one rank
 */
public record CoreOptions(
    String name,
    boolean fair,
    boolean poisonOnFailure,
    @Nullable OrderTracker tracker,
    String rankName,
    int rankLevel,
    long tieBreak) {}
