package io.github.sharedstate.internal;

import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The only way into the JDK Flight Recorder events: emits them when {@code jdk.jfr} is present
 * and available and the system property {@value #PROPERTY} is not {@code false}, and does nothing
 * otherwise.
 */
final class Jfr {
  /*
   * Why this class exists: `requires static jdk.jfr` lets the library run on a runtime image
   * without jdk.jfr (or with it present but not resolved), where touching any jdk.jfr class throws
   * NoClassDefFoundError. This class names no jdk.jfr type in a signature or a local, so loading
   * and verifying it loads none; only Events does, and Events is reached only once ENABLED is
   * true. ENABLED is decided once, when the first event could be emitted.
   */

  /** The system property that turns the events off when set to {@code false}. */
  static final String PROPERTY = "io.github.sharedstate.jfr";

  private static final boolean ENABLED =
      enabled(System.getProperty(PROPERTY), Jfr::flightRecorderAvailable);

  static {
    if (ENABLED) {
      // Load and register the event classes now. Loaded lazily, the first one took up to a
      // second, at a contended wait that may hold a write lock (a writer waiting for readers).
      Events.load();
    }
  }

  private Jfr() {}

  /** Decides whether events are on and loads their classes; call while holding no lock. */
  static void load() {}

  /**
   * Whether events are emitted, given the property's value and a check of the flight recorder.
   * Tolerates a check that fails because {@code jdk.jfr} is missing.
   */
  static boolean enabled(@Nullable String property, BooleanSupplier available) {
    if ("false".equalsIgnoreCase(property)) {
      return false;
    }
    try {
      return available.getAsBoolean();
    } catch (NoClassDefFoundError | SecurityException missing) {
      return false;
    }
  }

  private static boolean flightRecorderAvailable() {
    return jdk.jfr.FlightRecorder.isAvailable();
  }

  /**
   * Starts timing a contended acquisition if a recording wants the event.
   *
   * @return the started event, to pass to {@link #endContended}, or null if nothing records it
   */
  static @Nullable Object beginContended() {
    return ENABLED ? Events.beginContended() : null;
  }

  /** Ends and commits (if above its threshold) an event from {@link #beginContended}. */
  static void endContended(Object event, String lock, boolean write, boolean acquired) {
    Events.endContended(event, lock, write, acquired);
  }

  /** Emits a lock-order violation event if a recording wants it. */
  static void violation(
      OrderPosition requested, OrderPosition held, String order, String cycle, boolean thrown) {
    if (ENABLED) {
      Events.violation(requested, held, order, cycle, thrown);
    }
  }

  /** Emits a long-wait event if a recording wants it. */
  static void longWait(
      String lock, String mode, String waiter, long waitedNanos, String holders, String stack) {
    if (ENABLED) {
      Events.longWait(lock, mode, waiter, waitedNanos, holders, stack);
    }
  }

  /** Emits a contention-charge event if a recording wants it. */
  static void contentionCharge(String lock, String site, long chargedNanos, int waiters) {
    if (ENABLED) {
      Events.contentionCharge(lock, site, chargedNanos, waiters);
    }
  }
}
