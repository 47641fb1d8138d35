package io.github.sharedstate.internal;

import io.github.sharedstate.SharedValue;
import io.github.sharedstate.LockDiagnostics;
import io.github.sharedstate.LockOrderViolationException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The state behind {@link LockDiagnostics}: the registered listeners, and each thread's guards
 * opened while any listener was registered.
 */
public final class Diagnostics {
  /*
   * Cost when nothing listens: the listener array is read (one volatile load, a plain load on
   * x86) only on rare paths (a violation, a poisoning) and once per guard acquisition; the guard
   * then keeps a null entry and its close() tests that field. No lambda form and no unguarded
   * path reads anything. Registration copies the array (copy-on-write under the class lock), so
   * readers never lock and always see a complete array.
   *
   * The open-guard list is a ThreadLocal read and written only by its own thread. It holds only
   * guards opened while a listener was registered; such a guard removes its own entry when
   * closed, listener or not.
   */
  private static final System.Logger LOGGER =
      System.getLogger("io.github.sharedstate.LockDiagnostics");
  private static final LockDiagnostics.Listener[] NONE = {};
  private static final ThreadLocal<List<LockDiagnostics.OpenGuard>> OPEN_GUARDS =
      ThreadLocal.withInitial(ArrayList::new);

  private static volatile LockDiagnostics.Listener[] listeners = NONE;

  private Diagnostics() {}

  /** Registers a listener; registering one twice makes it hear every event twice. */
  public static synchronized void add(LockDiagnostics.Listener listener) {
    Objects.requireNonNull(listener, "listener");
    LockDiagnostics.Listener[] now = listeners;
    LockDiagnostics.Listener[] next = Arrays.copyOf(now, now.length + 1);
    next[now.length] = listener;
    listeners = next;
  }

  /** Removes one registration of the listener; returns whether there was one. */
  public static synchronized boolean remove(LockDiagnostics.Listener listener) {
    Objects.requireNonNull(listener, "listener");
    LockDiagnostics.Listener[] now = listeners;
    for (int i = 0; i < now.length; i++) {
      if (now[i] == listener) {
        LockDiagnostics.Listener[] next = new LockDiagnostics.Listener[now.length - 1];
        System.arraycopy(now, 0, next, 0, i);
        System.arraycopy(now, i + 1, next, i, now.length - i - 1);
        listeners = next;
        return true;
      }
    }
    return false;
  }

  /** Whether a listener is registered, so that a violation not thrown is worth an exception. */
  static boolean listening() {
    return listeners.length != 0;
  }

  static void violation(LockOrderViolationException violation, boolean thrown) {
    for (LockDiagnostics.Listener listener : listeners) {
      try {
        listener.violation(violation, thrown);
      } catch (RuntimeException e) {
        failed(listener, e);
      }
    }
  }

  static void poisoned(SharedValue value, Throwable failure) {
    for (LockDiagnostics.Listener listener : listeners) {
      try {
        listener.poisoned(value, failure);
      } catch (RuntimeException e) {
        failed(listener, e);
      }
    }
  }

  static void longWait(LockDiagnostics.LongWait report) {
    for (LockDiagnostics.Listener listener : listeners) {
      try {
        listener.longWait(report);
      } catch (RuntimeException e) {
        failed(listener, e);
      }
    }
  }

  /** A listener must not change what the locking code does: its failure is logged, not thrown. */
  private static void failed(LockDiagnostics.Listener listener, RuntimeException e) {
    LOGGER.log(Level.ERROR, "sharedstate diagnostics listener " + listener + " failed", e);
  }

  /**
   * Records a guard just opened on this thread if a listener is registered, with a stack trace
   * of the caller.
   *
   * @return the entry to pass to {@link #guardClosed}, or null if nothing was recorded
   */
  static LockDiagnostics.@Nullable OpenGuard guardOpened(String valueName, boolean write) {
    if (listeners.length == 0) {
      return null;
    }
    LockDiagnostics.OpenGuard entry =
        new LockDiagnostics.OpenGuard(
            valueName, write, Thread.currentThread().getName(), new Throwable("guard taken here"));
    OPEN_GUARDS.get().add(entry);
    return entry;
  }

  /** Removes an entry returned by {@link #guardOpened}; called on the guard's own thread. */
  @SuppressWarnings("ReferenceEquality") // the guard removes the very entry it added
  static void guardClosed(LockDiagnostics.OpenGuard entry) {
    List<LockDiagnostics.OpenGuard> open = OPEN_GUARDS.get();
    for (int i = open.size() - 1; i >= 0; i--) {
      if (open.get(i) == entry) {
        open.remove(i);
        return;
      }
    }
  }

  /** {@return this thread's recorded open guards, oldest first} */
  public static List<LockDiagnostics.OpenGuard> openGuards() {
    return List.copyOf(OPEN_GUARDS.get());
  }
}
