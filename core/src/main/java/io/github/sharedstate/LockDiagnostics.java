package io.github.sharedstate;

import io.github.sharedstate.internal.Diagnostics;
import java.util.List;
import java.util.Objects;

/**
 * A JVM-wide view of lock-discipline trouble, for test tools and diagnostics: listeners hear of
 * every lock-order violation (thrown or only warned) and every poisoning, and while any listener
 * is registered each thread's open guards are recorded with where they were taken. The JUnit
 * extension {@code io.github.sharedstate.junit.LockDisciplineExtension} is built on it.
 *
 * <pre>{@code
 * LockDiagnostics.Listener listener = new LockDiagnostics.Listener() {
 *   public void violation(LockOrderViolationException violation, boolean thrown) {
 *     seen.add(violation);
 *   }
 * };
 * LockDiagnostics.addListener(listener);
 * try {
 *   runTheCodeUnderTest();
 *   assertEquals(List.of(), LockDiagnostics.openGuards());   // no guard left open here
 * } finally {
 *   LockDiagnostics.removeListener(listener);
 * }
 * }</pre>
 *
 * <p>Cost: with no listener registered, the locking paths pay one volatile read per guard
 * acquisition and per violation or poisoning, and nothing on the function forms ({@code read},
 * {@code write}, {@code with}, ...). With a listener registered, every guard acquisition also
 * records a stack trace, which is slow: this is for tests and debugging, not for production.
 *
 * <p>Thread-safety: every method may be called from any thread. Listeners are called on the
 * thread that violated or poisoned, while it holds whatever locks it held, so they must be quick,
 * must be thread-safe and must not take sharedstate locks; a listener that throws is logged
 * through {@link System.Logger} and otherwise ignored, so it cannot change what the code under
 * observation does.
 */
public final class LockDiagnostics {
  private LockDiagnostics() {}

  /** Hears of lock-discipline trouble anywhere in the JVM. Both methods do nothing by default. */
  public interface Listener {
    /**
     * Called when a thread asked for a lock out of order, before the exception is thrown (under
     * {@link LockOrder.Policy#THROW}) or after the warning is logged (under {@link
     * LockOrder.Policy#WARN}, where the exception is created for this call only and not thrown).
     *
     * @param violation the violation; its message names both locks, both ranks and the thread
     * @param thrown whether the violating thread will throw it
     */
    default void violation(LockOrderViolationException violation, boolean thrown) {}

    /**
     * Called when a failing writer has just poisoned {@code value}, on the writer's thread and
     * with the write lock held. {@link Guarded#isPoisoned()} tells later whether it was repaired.
     *
     * @param value the poisoned value
     * @param failure what the writer threw
     */
    default void poisoned(Guarded value, Throwable failure) {}
  }

  /**
   * A guard that the current thread opened while a listener was registered and has not closed.
   *
   * @param valueName the guarded value's name
   * @param write whether it is a write guard (or a mutex guard), not a read guard
   * @param threadName the name of the thread that opened it
   * @param site a stack trace of where it was opened
   */
  public record OpenGuard(String valueName, boolean write, String threadName, Throwable site) {}

  /**
   * Registers a listener for every value in the JVM; registering one twice makes it hear every
   * event twice.
   *
   * @param listener the listener
   * @throws NullPointerException if {@code listener} is null
   */
  public static void addListener(Listener listener) {
    Diagnostics.add(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Removes one registration of a listener.
   *
   * @param listener the listener
   * @return whether it was registered
   * @throws NullPointerException if {@code listener} is null
   */
  public static boolean removeListener(Listener listener) {
    return Diagnostics.remove(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Returns the guards ({@code lockRead()}, {@code lockWrite()}, {@code lock()}) that the
   * current thread opened while a listener was registered and has not closed yet, oldest first.
   * The function forms always release their lock, so only guards can be left open.
   *
   * @return an immutable list, empty if none
   */
  public static List<OpenGuard> openGuards() {
    return Diagnostics.openGuards();
  }
}
