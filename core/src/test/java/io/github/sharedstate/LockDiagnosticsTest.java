package io.github.sharedstate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

final class LockDiagnosticsTest {
  private final List<String> heard = Collections.synchronizedList(new ArrayList<>());
  private final List<Object> payloads = Collections.synchronizedList(new ArrayList<>());
  private final LockDiagnostics.Listener listener =
      new LockDiagnostics.Listener() {
        @Override
        public void violation(LockOrderViolationException violation, boolean thrown) {
          heard.add("violation " + violation.requestedLock() + " after " + violation.heldLock()
              + (thrown ? " thrown" : " warned"));
          payloads.add(violation);
        }

        @Override
        public void poisoned(SharedValue value, Throwable failure) {
          heard.add("poisoned " + value.name() + " by " + failure.getMessage());
          payloads.add(value);
        }
      };

  @AfterEach
  void removeListener() {
    LockDiagnostics.removeListener(listener);
  }

  @Test
  void thrownViolation_isHeardBeforeItIsThrown_asTheSameException() {
    RankedPair pair = new RankedPair(LockOrder.Policy.THROW);
    LockDiagnostics.addListener(listener);
    LockOrderViolationException thrown =
        assertThrows(
            LockOrderViolationException.class, pair::violate);
    assertEquals(List.of("violation FIRST after SECOND thrown", "poisoned SECOND by "
        + thrown.getMessage()), heard);
    assertSame(thrown, payloads.get(0));
    assertSame(pair.second, payloads.get(1)); // the listener gets the public value itself
  }

  @Test
  void warnedViolation_isHeardWithAnExceptionThatIsNotThrown() {
    RankedPair pair = new RankedPair(LockOrder.Policy.WARN);
    LockDiagnostics.addListener(listener);
    assertEquals(1, pair.violate());
    pair.violate(); // logged once per pair, heard every time
    assertEquals(
        List.of("violation FIRST after SECOND warned", "violation FIRST after SECOND warned"),
        heard);
    assertTrue(((Throwable) payloads.get(0)).getMessage().contains("thread '"));
  }

  @Test
  void noListener_hearsNothing_andRemovedListenerHearsNothingMore() {
    RankedPair pair = new RankedPair(LockOrder.Policy.THROW);
    LockDiagnostics.addListener(listener);
    assertTrue(LockDiagnostics.removeListener(listener));
    assertFalse(LockDiagnostics.removeListener(listener));
    assertThrows(LockOrderViolationException.class, pair::violate);
    assertEquals(List.of(), heard);
  }

  @Test
  void listenerAddedTwice_hearsTwice_untilRemovedTwice() {
    GuardedValue<Integer> value = GuardedValue.of(0);
    LockDiagnostics.addListener(listener);
    LockDiagnostics.addListener(listener);
    assertThrows(IllegalStateException.class, () -> value.modify(v -> {
      throw new IllegalStateException("boom");
    }));
    assertEquals(2, heard.size());
    assertTrue(LockDiagnostics.removeListener(listener));
    assertTrue(LockDiagnostics.removeListener(listener));
  }

  @Test
  void poisoningWithoutPoisonOnFailure_isNotHeard() {
    GuardedValue<Integer> value = GuardedValue.builder(0).poisonOnFailure(false).build();
    LockDiagnostics.addListener(listener);
    assertThrows(IllegalStateException.class, () -> value.modify(v -> {
      throw new IllegalStateException("boom");
    }));
    assertEquals(List.of(), heard);
  }

  @Test
  void failingListener_isLogged_andChangesNothing() {
    LockDiagnostics.Listener failing =
        new LockDiagnostics.Listener() {
          @Override
          public void violation(LockOrderViolationException violation, boolean thrown) {
            throw new IllegalArgumentException("listener bug on a violation");
          }

          @Override
          public void poisoned(SharedValue value, Throwable failure) {
            throw new IllegalArgumentException("listener bug");
          }
        };
    GuardedValue<Integer> value = GuardedValue.of(0);
    RankedPair pair = new RankedPair(LockOrder.Policy.WARN);
    LockDiagnostics.addListener(failing);
    try (LogCapture log = new LogCapture("io.github.sharedstate.LockDiagnostics")) {
      IllegalStateException writerFailure =
          assertThrows(IllegalStateException.class, () -> value.modify(v -> {
            throw new IllegalStateException("writer");
          }));
      assertEquals("writer", writerFailure.getMessage()); // the writer's failure, unchanged
      assertTrue(value.isPoisoned());
      assertEquals(0, value.recover(v -> v)); // and the lock was released
      assertEquals(1, pair.violate()); // the warned violation carries on
      assertEquals(
          List.of("listener bug", "listener bug on a violation"),
          log.records().stream().map(r -> r.getThrown().getMessage()).collect(Collectors.toList()));
    } finally {
      LockDiagnostics.removeListener(failing);
    }
  }

  @Test
  void openGuards_areRecordedOnlyWhileListening_andLeaveWhenClosed() {
    GuardedValue<Integer> guarded = GuardedValue.builder(0).name("guarded").build();
    ExclusiveValue<Integer> exclusive = ExclusiveValue.builder(0).name("exclusive").build();
    try (ReadGuard<Integer> unseen = guarded.lockRead()) {
      LockDiagnostics.addListener(listener);
      try (WriteGuard<Integer> mutex = exclusive.lock()) {
        List<LockDiagnostics.OpenGuard> open = LockDiagnostics.openGuards();
        assertEquals(1, open.size(), "a guard opened before listening is not recorded");
        LockDiagnostics.OpenGuard entry = open.get(0);
        assertEquals("exclusive", entry.valueName());
        assertTrue(entry.write());
        assertEquals(Thread.currentThread().getName(), entry.threadName());
        assertTrue(
            List.of(entry.site().getStackTrace()).stream()
                .anyMatch(f -> f.getMethodName().startsWith("openGuards_")),
            "the site shows the test method");
      }
      assertEquals(List.of(), LockDiagnostics.openGuards());
      ReadGuard<Integer> read = guarded.lockRead();
      LockDiagnostics.removeListener(listener);
      assertEquals(1, LockDiagnostics.openGuards().size());
      read.close(); // closed after the listener left: still removed
      assertEquals(List.of(), LockDiagnostics.openGuards());
    }
  }

  @Test
  void openGuards_areThoseOfTheCurrentThreadOnly() throws Exception {
    GuardedValue<Integer> value = GuardedValue.of(0);
    LockDiagnostics.addListener(listener);
    try (WriteGuard<Integer> guard = value.lockWrite()) {
      List<List<LockDiagnostics.OpenGuard>> seen = new ArrayList<>();
      Thread other = new Thread(() -> seen.add(LockDiagnostics.openGuards()));
      other.start();
      other.join();
      assertEquals(List.of(List.of()), seen);
      assertEquals(1, LockDiagnostics.openGuards().size());
    }
  }

  @Test
  void nullListener_isRejected() {
    assertThrows(NullPointerException.class, () -> LockDiagnostics.addListener(null));
    assertThrows(NullPointerException.class, () -> LockDiagnostics.removeListener(null));
  }
}
