package io.github.sharedstate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The guide's long-wait example (a snippet), compiled and checked. */
final class ReadmeDiagnosticsTest {
  // snippet long-wait
  static final ExclusiveValue<Map<String, String>> INDEX =
      ExclusiveValue.<Map<String, String>>builder(new HashMap<>())
          .name("index")
          .longWaitThreshold(Duration.ofMillis(200))     // default: 1 second
          .build();

  static void rebuildIndex(CountDownLatch done) {       // holds the lock far too long
    INDEX.modify(index -> await(done));
  }

  static String lookup(String key) {                    // waits behind rebuildIndex
    return INDEX.with(index -> index.get(key));
  }
  // end snippet

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void theReportNamesTheHolderAndWhereItIs_andTheProfileChargesIt() throws Exception {
    List<LockDiagnostics.LongWait> reports = new ArrayList<>();
    CountDownLatch reported = new CountDownLatch(1);
    LockDiagnostics.Listener listener =
        new LockDiagnostics.Listener() {
          @Override
          public void longWait(LockDiagnostics.LongWait report) {
            reports.add(report);
            reported.countDown();
          }
        };
    int sampling = LockDiagnostics.contentionSampling();
    LockDiagnostics.contentionSampling(1);
    LockDiagnostics.resetContentionProfile();
    LockDiagnostics.addListener(listener);
    try {
      CountDownLatch done = new CountDownLatch(1);
      Thread rebuilder = new Thread(() -> rebuildIndex(done), "index-rebuilder");
      rebuilder.start();
      Await.parked(rebuilder);
      Thread reader = new Thread(() -> lookup("a"), "request-17");
      reader.start();
      assertTrue(reported.await(10, TimeUnit.SECONDS), "no report");
      done.countDown();
      rebuilder.join(10_000);
      reader.join(10_000);
    } finally {
      LockDiagnostics.removeListener(listener);
    }
    ContentionProfile profile = LockDiagnostics.contentionProfile();
    LockDiagnostics.contentionSampling(sampling);
    LockDiagnostics.LongWait report = reports.get(0);
    assertEquals(List.of("index-rebuilder"), report.holders());
    assertTrue(report.describe().contains("rebuildIndex"), report.describe());
    assertTrue(
        profile.entries().stream()
            .anyMatch(e -> e.lock().equals("index") && e.site().contains("rebuildIndex")),
        profile.table());
    assertEquals(1, profile.sampling());
  }
}
