/** Implementation of the lock machinery; not exported, not API. */
@NullMarked
package io.github.sharedstate.internal;

import org.jspecify.annotations.NullMarked;
