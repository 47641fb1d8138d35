package io.github.sharedstate.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The once-only decision whether to emit JFR events. That a runtime without jdk.jfr starts and
 * works at all is checked by core/jlink-check.sh in CI.
 */
final class JfrTest {
  @Test
  void enabled_whenAvailable_andNotTurnedOff() {
    assertTrue(Jfr.enabled(null, () -> true));
    assertTrue(Jfr.enabled("true", () -> true));
  }

  @Test
  void disabled_byTheProperty_withoutAskingTheFlightRecorder() {
    assertFalse(
        Jfr.enabled(
            "FALSE",
            () -> {
              throw new AssertionError("must not be asked");
            }));
  }

  @Test
  void disabled_whenUnavailable_orWhenJdkJfrIsMissing() {
    assertFalse(Jfr.enabled(null, () -> false));
    assertFalse(
        Jfr.enabled(
            null,
            () -> {
              throw new NoClassDefFoundError("jdk/jfr/FlightRecorder");
            }));
  }
}
