package io.github.sharedstate.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sharedstate.LockDiagnostics;
import io.github.sharedstate.LogCapture;
import java.time.Duration;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/** The system properties of the long-wait reports and of the contention profile, as parsed. */
final class DiagnosticPropertiesTest {
  private static final long SECOND = Duration.ofSeconds(1).toNanos();

  @Test
  void longWaitThreshold_unsetOrDurationOrZero_parsed() {
    assertEquals(SECOND, LongWaitWatch.parseThreshold(null));
    assertEquals(0, LongWaitWatch.parseThreshold("0"));
    assertEquals(0, LongWaitWatch.parseThreshold("PT0S"));
    assertEquals(Duration.ofMillis(500).toNanos(), LongWaitWatch.parseThreshold("PT0.5S"));
    assertEquals(Duration.ofSeconds(2).toNanos(), LongWaitWatch.parseThreshold(" PT2S "));
    assertEquals(Duration.ofMinutes(1).toNanos(), LongWaitWatch.parseThreshold("pt1m"));
    assertEquals(Duration.ofNanos(1).toNanos(), LongWaitWatch.parseThreshold("PT0.000000001S"));
  }

  @Test
  void longWaitThreshold_negativeOrNoDuration_defaultOneSecondAndWarned() {
    try (LogCapture log = new LogCapture("io.github.sharedstate.LockDiagnostics")) {
      for (String bad : new String[] {"-PT1S", "1s", "500", "", "PT", "off"}) {
        assertEquals(SECOND, LongWaitWatch.parseThreshold(bad), bad);
      }
      assertEquals(6, log.records().size(), log.records().toString());
      assertTrue(
          log.records().stream()
              .allMatch(
                  r ->
                      r.getLevel().equals(Level.WARNING)
                          && r.getMessage().startsWith(LockDiagnostics.LONG_WAIT_PROPERTY + "=")),
          log.records().toString());
    }
  }

  @Test
  void contentionSampling_unsetOrCount_parsed() {
    assertEquals(100, ContentionProfiler.parseSampling(null));
    assertEquals(0, ContentionProfiler.parseSampling("0"));
    assertEquals(1, ContentionProfiler.parseSampling("1"));
    assertEquals(7, ContentionProfiler.parseSampling(" 7 "));
    assertEquals(Integer.MAX_VALUE, ContentionProfiler.parseSampling("2147483647"));
  }

  @Test
  void contentionSampling_negativeOrNoCount_default100AndWarned() {
    try (LogCapture log = new LogCapture("io.github.sharedstate.LockDiagnostics")) {
      for (String bad : new String[] {"-1", "x", "", "1.5", "2147483648"}) {
        assertEquals(100, ContentionProfiler.parseSampling(bad), bad);
      }
      assertEquals(5, log.records().size(), log.records().toString());
      assertTrue(
          log.records().stream()
              .allMatch(
                  r ->
                      r.getLevel().equals(Level.WARNING)
                          && r.getMessage()
                              .startsWith(LockDiagnostics.CONTENTION_SAMPLING_PROPERTY + "=")),
          log.records().toString());
    }
  }
}
