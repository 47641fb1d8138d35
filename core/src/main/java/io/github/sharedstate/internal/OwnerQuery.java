package io.github.sharedstate.internal;

import org.jspecify.annotations.Nullable;

/**
 * Asks a lock for its exclusive owner, for the long-wait reports: the JDK's {@code getOwner()} is
 * protected, so only the lock's own class can answer.
 */
@FunctionalInterface
public interface OwnerQuery {
  /** {@return the thread holding the lock exclusively now, or null (racy, for reports only)} */
  @Nullable Thread owner();
}
