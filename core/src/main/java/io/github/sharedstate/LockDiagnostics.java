package io.github.sharedstate;

import io.github.sharedstate.internal.ContentionProfiler;
import io.github.sharedstate.internal.Diagnostics;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A JVM-wide view of lock-discipline trouble, for test tools and diagnostics: listeners hear of
 * every lock-order violation (thrown or only warned), every poisoning and every long wait (a
 * wait past its lock's long-wait threshold, with the holder and what it was doing), and while any
 * listener is registered each thread's open guards are recorded with where they were taken. The
 * contention profile ({@link #contentionProfile()}) charges the time threads lose waiting to the
 * code of the holders that kept them waiting. The JUnit extension {@code
 * io.github.sharedstate.junit.LockDisciplineExtension} is built on it.
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
 * {@code write}, {@code with}, ...). Long waits and the contention profile cost nothing on an
 * uncontended acquisition or release: a contended wait registers itself with the library's
 * watching thread (one concurrent-set insert and removal), an exclusive release with waiters
 * reads the clock, and one such release in {@link #contentionSampling()} walks its stack. With a listener registered, every guard acquisition also
 * records a stack trace, which is slow: this is for tests and debugging, not for production.
 *
 * <p>Thread-safety: every method may be called from any thread. Listeners are called on the
 * thread that violated or poisoned, while it holds whatever locks it held, so they must be quick,
 * must be thread-safe and must not take sharedstate locks; a listener that throws is logged
 * through {@link System.Logger} and otherwise ignored, so it cannot change what the code under
 * observation does.
 */
public final class LockDiagnostics {
  /**
   * The system property with the process default long-wait threshold: an ISO-8601 duration such
   * as {@code PT0.5S}, or {@code 0} to turn the reports off. Read once; default 1 second.
   */
  public static final String LONG_WAIT_PROPERTY = "io.github.sharedstate.longWait";

  /**
   * The system property with the contention profile's sampling at startup: one contended release
   * in N is charged (see {@link #contentionProfile()}); {@code 0} turns the profile off. Default
   * 100.
   */
  public static final String CONTENTION_SAMPLING_PROPERTY =
      "io.github.sharedstate.contentionSampling";

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
     * with the write lock held. {@link SharedValue#isPoisoned()} tells later whether it was
     * repaired.
     *
     * @param value the poisoned value
     * @param failure what the writer threw
     */
    default void poisoned(SharedValue value, Throwable failure) {}

    /**
     * Called once per wait that passed its lock's long-wait threshold, on the library's watching
     * thread (not the waiter's), while the wait goes on. Holds no lock of the user's.
     *
     * @param report who waits, for how long, and who holds the lock doing what
     */
    default void longWait(LongWait report) {}
  }

  /**
   * A wait that passed its lock's long-wait threshold, captured at that moment: who waits, for
   * what, and who holds the lock doing what.
   *
   * @param lock the lock's (or value's) name
   * @param mode {@code "read"}, {@code "write"} or {@code "exclusive"}
   * @param waiter the waiting thread's name
   * @param waited how long it had waited when the report was made
   * @param holders the names of the threads holding the lock, where the library knows them: the
   *     exclusive owner, or the readers in reader-bias cells
   * @param otherReaders read holds whose threads the library does not know (the plain read
   *     lock's), counted only
   * @param heldWhileWaited how long the holder has kept the lock while threads waited, so far
   * @param holderStack what the first of {@code holders} was doing: its stack at that moment
   *     (empty if no holder is known)
   * @param holderAcquisitionSite where the exclusive holder took the lock, when the lock's order
   *     captures acquisition sites ({@link LockOrder.Builder#captureAcquisitionSites}); else empty
   */
  public record LongWait(
      String lock,
      String mode,
      String waiter,
      Duration waited,
      List<String> holders,
      int otherReaders,
      Duration heldWhileWaited,
      List<StackTraceElement> holderStack,
      List<StackTraceElement> holderAcquisitionSite) {

    /**
     * Copies the lists.
     *
     * @param lock the lock's (or value's) name
     * @param mode {@code "read"}, {@code "write"} or {@code "exclusive"}
     * @param waiter the waiting thread's name
     * @param waited how long it had waited when the report was made
     * @param holders the names of the threads known to hold the lock
     * @param otherReaders read holds whose threads the library does not know
     * @param heldWhileWaited how long the holder has kept the lock while threads waited, so far
     * @param holderStack what the first of {@code holders} was doing (empty if none is known)
     * @param holderAcquisitionSite where the exclusive holder took the lock, if captured
     */
    public LongWait {
      holders = List.copyOf(holders);
      holderStack = List.copyOf(holderStack);
      holderAcquisitionSite = List.copyOf(holderAcquisitionSite);
    }

    /** {@return the report as the log line says it, the holder's stack on the lines after} */
    public String describe() {
      StringBuilder text =
          new StringBuilder("long wait for ")
              .append(mode)
              .append(" lock '")
              .append(lock)
              .append("': thread '")
              .append(waiter)
              .append("' has waited ")
              .append(waited.toMillis())
              .append(" ms; ");
      if (holders.isEmpty()) {
        text.append(otherReaders > 0 ? otherReaders + " unnamed read holds" : "holder unknown");
      } else {
        text.append("held by thread").append(holders.size() > 1 ? "s " : " ");
        text.append("'").append(String.join("', '", holders)).append("'");
        if (otherReaders > 0) {
          text.append(" and ").append(otherReaders).append(" read holds of unnamed threads");
        }
      }
      text.append(", kept while others waited for ");
      text.append(heldWhileWaited.toMillis()).append(" ms");
      if (!holderStack.isEmpty()) {
        text.append("; '").append(holders.get(0)).append("' is now at:");
        for (StackTraceElement frame : holderStack) {
          text.append("\n\tat ").append(frame);
        }
      }
      if (!holderAcquisitionSite.isEmpty()) {
        text.append("\nand took the lock at:");
        for (StackTraceElement frame : holderAcquisitionSite) {
          text.append("\n\tat ").append(frame);
        }
      }
      return text.toString();
    }
  }

  /**
   * Returns the contention profile so far: for each lock, the holders' code sites that kept
   * others waiting, and the waiting charged to each. The first release of an exclusive lock (a
   * mutex or a write lock) after a thread began waiting for it charges the time since that wait
   * began, once for every thread then waiting (three threads kept waiting 1 ms each are 3 ms), to
   * the first frame of the releasing thread's stack outside the library: the code that held the
   * lock too long (the model of Go's mutex profile and Abseil's {@code Mutex}). Once per wait,
   * not per release while a thread stays parked; sampled: one such release in {@link
   * #contentionSampling()}; nothing runs on an uncontended release. Each sampled charge is also a JFR event, {@code
   * io.github.sharedstate.ContentionCharge}.
   *
   * @return a snapshot
   */
  public static ContentionProfile contentionProfile() {
    return ContentionProfiler.snapshot();
  }

  /** Forgets the contention profile collected so far. */
  public static void resetContentionProfile() {
    ContentionProfiler.reset();
  }

  /** {@return the contention profile's sampling: one contended release in N, 0 when off} */
  public static int contentionSampling() {
    return ContentionProfiler.sampling();
  }

  /**
   * Sets the contention profile's sampling: one contended release in {@code n} is charged; 1
   * charges every one, 0 turns the profile off.
   *
   * @param n the sampling
   * @throws IllegalArgumentException if {@code n} is negative
   */
  public static void contentionSampling(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("sampling must not be negative: " + n);
    }
    ContentionProfiler.sampling(n);
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
