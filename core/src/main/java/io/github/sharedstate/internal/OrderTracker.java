package io.github.sharedstate.internal;

import io.github.sharedstate.LockOrderViolationException;
import java.lang.System.Logger.Level;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The checking half of one lock order: which ranked locks each thread holds, and what to do when
 * a thread asks for one out of order.
 *
 * <p>One tracker per {@code LockOrder}; nothing is static, so two orders never see each other's
 * locks.
 */
public final class OrderTracker {
  /*
   * Concurrency: the held-lock record is thread-confined (a ThreadLocal of this instance), so
   * checking and recording need no synchronization. A lock caches the record of the last thread
   * that held it alone (LockCore.lastSoleHolder), because the ThreadLocal lookup was half the
   * cost of a ranked acquisition. Other threads may read that field racily and see any record,
   * old or new; they compare its final owner with themselves and use it only if it is theirs,
   * which makes the race harmless. The only other shared mutable state is the set of pairs
   * already logged under WARN, a concurrent set in which one thread wins each pair.
   */
  private static final System.Logger LOGGER = System.getLogger("io.github.sharedstate.LockOrder");

  private final String orderName;
  private final String description;
  private final boolean throwOnViolation;
  private final ThreadLocal<HeldLocks> held;
  private final Set<String> warnedPairs = ConcurrentHashMap.newKeySet();

  /**
   * Creates a tracker.
   *
   * @param orderName the order's name, for messages
   * @param description the declared order, such as {@code "a < b < c"}
   * @param throwOnViolation true for THROW, false for WARN
   * @param captureSites whether to record a stack trace at every acquisition
   */
  public OrderTracker(
      String orderName, String description, boolean throwOnViolation, boolean captureSites) {
    this.orderName = orderName;
    this.description = description;
    this.throwOnViolation = throwOnViolation;
    this.held = ThreadLocal.withInitial(() -> new HeldLocks(captureSites));
  }

  /**
   * Checks that {@code core} may be taken now, throwing or warning (and counting) if not, and
   * records it in the thread's record before the caller waits for it. Returns the record; the
   * caller removes the entry again on release, or at once if it does not get the lock.
   */
  HeldLocks enter(LockCore<?> core, boolean write, boolean tieBreak) {
    HeldLocks locks = core.lastSoleHolder;
    // A cached record is used only by its owner; any other thread looks up its own.
    if (locks == null || locks.owner != Thread.currentThread()) {
      locks = held.get();
    }
    int conflict = locks.conflict(core, tieBreak);
    if (conflict >= 0) {
      violation(core, locks, conflict);
    }
    locks.push(core, write);
    return locks;
  }

  /** Passes each lock the current thread holds in this order, oldest first, to {@code sink}. */
  public void forEachHeld(HeldLockSink sink) {
    HeldLocks locks = held.get();
    for (int i = 0; i < locks.size(); i++) {
      LockCore<?> core = locks.core(i);
      sink.accept(core.name(), core.rankName(), core.rankLevel(), locks.write(i));
    }
  }

  /** Receives one held lock from {@link #forEachHeld}. */
  @FunctionalInterface
  public interface HeldLockSink {
    /**
     * Receives one held lock.
     *
     * @param name the value's name
     * @param rankName the rank's name
     * @param rank the rank's level
     * @param write whether the write lock (or mutex) is held
     */
    void accept(String name, String rankName, int rank, boolean write);
  }

  private void violation(LockCore<?> requested, HeldLocks locks, int conflict) {
    LockCore<?> holding = locks.core(conflict);
    Throwable site = locks.site(conflict);
    requested.stats().violation();
    Jfr.violation(requested, holding, description, throwOnViolation);
    String message = message(requested, holding, locks.write(conflict), site != null);
    if (throwOnViolation) {
      LockOrderViolationException violation = exception(message, requested, holding, site);
      Diagnostics.violation(violation, true);
      throw violation;
    }
    if (warnedPairs.add(holding.name() + "\u0000" + requested.name())) {
      LOGGER.log(Level.WARNING, message);
    }
    if (Diagnostics.listening()) { // a warned violation needs an exception only for listeners
      Diagnostics.violation(exception(message, requested, holding, site), false);
    }
  }

  private static LockOrderViolationException exception(
      String message, LockCore<?> requested, LockCore<?> holding, @Nullable Throwable site) {
    LockOrderViolationException violation =
        new LockOrderViolationException(message, requested.name(), holding.name());
    if (site != null) {
      violation.initCause(site);
    }
    return violation;
  }

  private String message(
      LockCore<?> requested, LockCore<?> holding, boolean heldForWrite, boolean siteKnown) {
    return "lock order violation in '"
        + orderName
        + "': thread '"
        + Thread.currentThread().getName()
        + "' asked for '"
        + requested.name()
        + "' (rank "
        + requested.rankLevel()
        + ", "
        + requested.rankName()
        + ") while holding '"
        + holding.name()
        + "' (rank "
        + holding.rankLevel()
        + ", "
        + holding.rankName()
        + (heldForWrite ? ", write" : ", read")
        + "). Declared order: "
        + description
        + ". A ranked lock may be taken only while every held lock has a lower rank: take the"
        + " locks in declared order, or same-rank locks together with LockOrder.withAll(...). "
        + (siteKnown
            ? "The cause shows where the held lock was acquired."
            : "Build the order with captureAcquisitionSites(true) to see where the held lock"
                + " was acquired.");
  }
}
