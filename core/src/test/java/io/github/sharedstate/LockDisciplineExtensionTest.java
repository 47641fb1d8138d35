package io.github.sharedstate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.github.sharedstate.junit.LockDisciplineExtension;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CountDownLatch;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * Runs small test classes (the nested {@code Case*} classes, which surefire does not run on its
 * own) through JUnit's {@link EngineTestKit} with the extension, and checks which fail and why.
 */
final class LockDisciplineExtensionTest {
  @ExtendWith(LockDisciplineExtension.class)
  static final class CaseClean {
    @Test
    void inOrder_withGuardsClosed() {
      RankedPair pair = new RankedPair(LockOrder.Policy.THROW);
      pair.first.with(f -> pair.second.with(s -> s));
      try (WriteGuard<Integer> a = pair.first.lock(); WriteGuard<Integer> b = pair.second.lock()) {
        b.set(a.get() + b.get());
      }
    }
  }

  @ExtendWith(LockDisciplineExtension.class)
  static final class CaseCaughtViolation {
    @Test
    void swallowsAViolation() {
      RankedPair pair = new RankedPair(LockOrder.Policy.THROW);
      assertThrows(LockOrderViolationException.class, pair::violate);
      pair.second.clearPoison();
    }
  }

  @ExtendWith(LockDisciplineExtension.class)
  static final class CaseDropInLockViolation {
    @Test
    void swallowsADropInLockViolation() {
      LockOrder order = LockOrder.builder().rank("first").rank("second").build();
      OrderedLock first = OrderedLock.of(order.rank("first"));
      OrderedLock second = OrderedLock.of(order.rank("second"));
      second.lock();
      try {
        assertThrows(LockOrderViolationException.class, first::lock);
      } finally {
        second.unlock();
      }
    }
  }

  static final class CaseLongWait {
    @RegisterExtension
    static final LockDisciplineExtension LOCKS = LockDisciplineExtension.failingOnLongWaits();

    @Test
    void waitsPastTheThreshold() throws Exception {
      ExclusiveValue<Integer> slow =
          ExclusiveValue.builder(0).name("slow").longWaitThreshold(Duration.ofMillis(20)).build();
      CountDownLatch reported = new CountDownLatch(1);
      LockDiagnostics.Listener seen =
          new LockDiagnostics.Listener() {
            @Override
            public void longWait(LockDiagnostics.LongWait report) {
              reported.countDown();
            }
          };
      LockDiagnostics.addListener(seen);
      try (LockHolder holder = LockHolder.holding(slow)) {
        Thread waiter = new Thread(() -> slow.modify(v -> {}), "slow-waiter");
        waiter.start();
        assertTrue(reported.await(10, TimeUnit.SECONDS), "no long-wait report");
        holder.close();
        waiter.join(10_000);
      } finally {
        LockDiagnostics.removeListener(seen);
      }
    }
  }

  @ExtendWith(LockDisciplineExtension.class)
  static final class CaseWarnedViolation {
    @Test
    void violatesUnderWarn() {
      new RankedPair(LockOrder.Policy.WARN).violate();
    }
  }

  @ExtendWith(LockDisciplineExtension.class)
  static final class CaseViolationOnAnotherThread {
    @Test
    void workerViolates() throws InterruptedException {
      RankedPair pair = new RankedPair(LockOrder.Policy.THROW);
      Thread worker =
          new Thread(
              () -> assertThrows(LockOrderViolationException.class, pair::violate), "worker-7");
      worker.start();
      worker.join();
    }
  }

  @ExtendWith(LockDisciplineExtension.class)
  static final class CaseLeakedGuard {
    /** Leaks the write lock of a value nobody else uses: its holder thread never frees it. */
    @Test
    void leavesAGuardOpen() {
      GuardedValue.builder(0).name("leaky").build().lockWrite();
    }
  }

  @ExtendWith(LockDisciplineExtension.class)
  static final class CaseLeakedGuardInRepeatedTest {
    @RepeatedTest(2)
    void leavesAReadGuardOpen() {
      GuardedValue.builder(0).name("leaky-read").build().lockRead();
    }
  }

  @ExtendWith(LockDisciplineExtension.class)
  static final class CaseLeakedGuardInParameterizedTest {
    @ParameterizedTest
    @ValueSource(strings = "p")
    void leavesAMutexGuardOpen(String name) {
      ExclusiveValue.builder(0).name(name).build().lock();
    }
  }

  @ExtendWith(LockDisciplineExtension.class)
  static final class CasePoisonedByDefault {
    @Test
    void leavesAValuePoisoned() {
      poisonSomething("left-poisoned");
    }
  }

  static final class CasePoisonChecked {
    @RegisterExtension
    static final LockDisciplineExtension LOCKS = LockDisciplineExtension.failingOnPoison();

    @Test
    void leavesAValuePoisoned() {
      poisonSomething("left-poisoned");
    }

    @Test
    void repairsThePoisonedValue() {
      poisonSomething("repaired").recover(v -> v);
    }

    /** The violation poisons SECOND; it is reported once, as a violation. */
    @Test
    void violatesInsideAWriter() {
      assertThrows(
          LockOrderViolationException.class, new RankedPair(LockOrder.Policy.THROW)::violate);
    }
  }

  /** No @ExtendWith: found through auto-detection only. */
  static final class CaseAutoDetected {
    @Test
    void swallowsAViolation() {
      RankedPair pair = new RankedPair(LockOrder.Policy.THROW);
      assertThrows(LockOrderViolationException.class, pair::violate);
    }
  }

  static GuardedValue<Integer> poisonSomething(String name) {
    GuardedValue<Integer> value = GuardedValue.builder(0).name(name).build();
    assertThrows(IllegalStateException.class, () -> value.modify(v -> {
      throw new IllegalStateException("writer failed");
    }));
    return value;
  }

  /** Runs a case class in both of JUnit's timeout thread modes; returns its failure messages. */
  private static List<String> failures(Class<?> testClass, Map<String, String> parameters) {
    List<String> sameThread = run(testClass, parameters, "SAME_THREAD");
    List<String> separateThread = run(testClass, parameters, "SEPARATE_THREAD");
    assertEquals(sameThread.size(), separateThread.size(), "both thread modes find the same");
    return separateThread;
  }

  private static List<String> run(
      Class<?> testClass, Map<String, String> parameters, String threadMode) {
    return failedWith(testClass, parameters, threadMode).stream()
        .map(Throwable::getMessage)
        .collect(Collectors.toList());
  }

  private static List<Throwable> failedWith(
      Class<?> testClass, Map<String, String> parameters, String threadMode) {
    Events tests =
        EngineTestKit.engine("junit-jupiter")
            .configurationParameters(parameters)
            .configurationParameter("junit.jupiter.execution.timeout.default", "60 s")
            .configurationParameter("junit.jupiter.execution.timeout.thread.mode.default", threadMode)
            .selectors(selectClass(testClass))
            .execute()
            .testEvents();
    tests.assertStatistics(stats -> stats.aborted(0).skipped(0));
    return tests.failed().stream()
        .map(e -> e.getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow())
        .collect(Collectors.toList());
  }

  private static String only(List<String> failures) {
    assertEquals(1, failures.size(), failures.toString());
    return failures.get(0);
  }

  @Test
  void cleanTest_passes() {
    assertEquals(List.of(), failures(CaseClean.class, Map.of()));
  }

  @Test
  void caughtViolation_failsTheTest_namingLocksAndThread() {
    String message = only(failures(CaseCaughtViolation.class, Map.of()));
    assertTrue(message.startsWith("swallowsAViolation() broke the lock discipline"), message);
    assertTrue(message.contains("lock-order violation (thrown)"), message);
    assertTrue(message.contains("asked for 'FIRST' (rank 0, FIRST) while holding 'SECOND'"), message);
    assertTrue(message.contains("thread '"), message);
    Throwable failure = failedWith(CaseCaughtViolation.class, Map.of(), "SAME_THREAD").get(0);
    assertInstanceOf( // the violation itself, with its stack trace, travels with the failure
        LockOrderViolationException.class, failure.getSuppressed()[0]);
  }

  @Test
  void caughtDropInLockViolation_failsTheTest() {
    String message = only(failures(CaseDropInLockViolation.class, Map.of()));
    assertTrue(message.contains("asked for 'first' (rank 0, first) while holding 'second'"), message);
  }

  @Test
  void longWait_failsTheTest_whenAsked_namingLockWaiterAndHolder() {
    String message = only(failures(CaseLongWait.class, Map.of()));
    assertTrue(message.contains("long wait for exclusive lock 'slow'"), message);
    assertTrue(message.contains("thread 'slow-waiter'"), message);
    assertTrue(message.contains("held by thread 'lock-holder'"), message);
  }

  @Test
  void warnedViolation_failsTheTest() {
    String message = only(failures(CaseWarnedViolation.class, Map.of()));
    assertTrue(message.contains("lock-order violation (warned, not thrown)"), message);
  }

  @Test
  void violationOnAnotherThread_failsTheTest_namingThatThread() {
    String message = only(failures(CaseViolationOnAnotherThread.class, Map.of()));
    assertTrue(message.contains("thread 'worker-7' asked for 'FIRST'"), message);
  }

  @Test
  void leakedGuard_failsTheTest_namingValueThreadAndSite() {
    String message = only(failures(CaseLeakedGuard.class, Map.of()));
    assertTrue(message.contains("- write guard of 'leaky' still open on thread '"), message);
    assertTrue(
        message.contains(
            "taken at io.github.sharedstate.LockDisciplineExtensionTest$CaseLeakedGuard"
                + ".leavesAGuardOpen("),
        message);
  }

  @Test
  void leakedGuard_inTemplateTests_failsEachInvocation() {
    List<String> repeated = failures(CaseLeakedGuardInRepeatedTest.class, Map.of());
    assertEquals(2, repeated.size());
    assertTrue(repeated.get(1).contains("read guard of 'leaky-read'"), repeated.get(1));
    String parameterized = only(failures(CaseLeakedGuardInParameterizedTest.class, Map.of()));
    assertTrue(parameterized.contains("write guard of 'p'"), parameterized);
  }

  @Test
  void poisonedValue_failsOnlyWhenAskedFor_andOnlyIfNotRecovered() {
    assertEquals(List.of(), failures(CasePoisonedByDefault.class, Map.of()));
    List<String> checked = failures(CasePoisonChecked.class, Map.of());
    assertEquals(2, checked.size(), checked.toString());
    String violation = checked.stream().filter(m -> m.startsWith("violatesInsideAWriter()"))
        .findFirst().orElseThrow();
    assertEquals(1, violation.split("\n- ").length - 1, violation); // one problem, not two
    assertTrue(violation.contains("lock-order violation (thrown)"), violation);
    String message = checked.stream().filter(m -> m.startsWith("leavesAValuePoisoned()"))
        .findFirst().orElseThrow();
    assertTrue(
        message.contains(
            "'left-poisoned' was poisoned on thread '")
            && message.contains(
                "' by java.lang.IllegalStateException: writer failed and not recovered"),
        message);
    String configured =
        only(
            failures(
                CasePoisonedByDefault.class,
                Map.of(LockDisciplineExtension.FAIL_ON_POISON, "true")));
    assertTrue(configured.contains("'left-poisoned' was poisoned"), configured);
  }

  @Test
  void autoDetection_registersTheExtension_forAWholeSuite() {
    assertEquals(List.of(), failures(CaseAutoDetected.class, Map.of()));
    String message =
        only(
            failures(
                CaseAutoDetected.class,
                Map.of("junit.jupiter.extensions.autodetection.enabled", "true")));
    assertTrue(message.contains("lock-order violation (thrown)"), message);
  }

  @Test
  void afterTheTests_noListenerIsLeftRegistered() {
    failures(CaseCaughtViolation.class, Map.of());
    GuardedValue<Integer> value = GuardedValue.of(0);
    try (WriteGuard<Integer> guard = value.lockWrite()) {
      assertEquals(List.of(), LockDiagnostics.openGuards(), "guards are tracked: a listener leaked");
    }
  }
}
