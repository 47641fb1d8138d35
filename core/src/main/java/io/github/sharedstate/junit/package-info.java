/**
 * A JUnit 5 extension that fails a test which broke the lock discipline: {@link
 * io.github.sharedstate.junit.LockDisciplineExtension}. Needs {@code junit-jupiter-api} at run
 * time, which the rest of the library does not.
 */
@NullMarked
package io.github.sharedstate.junit;

import org.jspecify.annotations.NullMarked;
