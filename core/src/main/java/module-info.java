/**
 * sharedstate: checked, measured lock discipline for mutable state shared between threads.
 *
 * <p>Exported: {@code io.github.sharedstate} (the library), {@code io.github.sharedstate.micrometer}
 * (Micrometer meters) and {@code io.github.sharedstate.junit} (a JUnit 5 extension). At run time
 * the library needs only {@code java.base}: JSpecify, Micrometer and JUnit are needed only by the
 * packages that use them, and the JDK Flight Recorder events are emitted only where {@code
 * jdk.jfr} is present and resolved (as it is on the class path, or with {@code --add-modules
 * jdk.jfr} or {@code -XX:StartFlightRecording}).
 */
// Micrometer ships as an automatic module (micrometer.core); its name is stable across releases.
@SuppressWarnings("requires-automatic")
module io.github.sharedstate {
  requires static org.jspecify;
  requires static jdk.jfr;
  requires static micrometer.core;
  requires static org.junit.jupiter.api;

  exports io.github.sharedstate;
  exports io.github.sharedstate.micrometer;
  exports io.github.sharedstate.junit;
  // JFR instruments event classes reflectively; no other module sees the internals.
  exports io.github.sharedstate.internal to
      jdk.jfr;
  // No `provides org.junit.jupiter.api.extension.Extension`: a provides clause for a service of
  // an absent module fails the boot layer, so JUnit's auto-detection finds the extension through
  // META-INF/services, on the class path, where tests run.
}
