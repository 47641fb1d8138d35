/**
 * Micrometer meters for sharedstate values: {@link
 * io.github.sharedstate.micrometer.SharedStateMetrics}. Needs {@code micrometer-core} at run time,
 * which the rest of the library does not.
 */
@NullMarked
package io.github.sharedstate.micrometer;

import org.jspecify.annotations.NullMarked;
