/**
 * sharedstate: checked, measured lock discipline for mutable state shared between threads.
 *
 * <p>The only exported package is {@code io.github.sharedstate}. The library reads and writes
 * nothing outside the JDK; it emits JDK Flight Recorder events through {@code jdk.jfr}.
 */
module io.github.sharedstate {
  requires static org.jspecify;
  requires jdk.jfr;

  exports io.github.sharedstate;
  // JFR instruments event classes reflectively; no other module sees the internals.
  exports io.github.sharedstate.internal to
      jdk.jfr;
}
