package io.github.sharedstate.internal;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;
import org.jspecify.annotations.Nullable;

/**
 * The JDK Flight Recorder events this library emits. Loaded only through {@link Jfr}, once it
 * knows that {@code jdk.jfr} is present and available.
 */
final class Events {
  private Events() {}

  /** Loads (and so registers) every event class; returns how many are enabled now. */
  static int load() {
    return (new Contended().isEnabled() ? 1 : 0) + (new Violation().isEnabled() ? 1 : 0);
  }

  /** Asks whether contended-acquisition events are recorded, without creating one each time. */
  private static final Contended CONTENDED_PROBE = new Contended();

  /** Creates and begins a contended-acquisition event, or returns null if nothing records it. */
  static @Nullable Object beginContended() {
    if (!CONTENDED_PROBE.isEnabled()) {
      return null;
    }
    Contended event = new Contended();
    event.begin();
    return event;
  }

  static void endContended(Object started, String lock, boolean write, boolean acquired) {
    Contended event = (Contended) started;
    event.end();
    if (event.shouldCommit()) {
      event.lock = lock;
      event.write = write;
      event.acquired = acquired;
      event.commit();
    }
  }

  static void violation(
      OrderPosition requested, OrderPosition held, String order, String cycle, boolean thrown) {
    Violation event = new Violation();
    if (event.shouldCommit()) {
      event.requested = requested.name;
      event.requestedRank = requested.rankLevel;
      event.held = held.name;
      event.heldRank = held.rankLevel;
      event.order = order;
      event.cycle = cycle;
      event.thrown = thrown;
      event.commit();
    }
  }

  /** A lock-order violation, emitted under both THROW and WARN. */
  @Name("io.github.sharedstate.LockOrderViolation")
  @Label("Lock Order Violation")
  @Category({"sharedstate"})
  @Description("A thread asked for a lock out of the declared or learned order")
  @StackTrace(true)
  static final class Violation extends Event {
    @Label("Requested Lock")
    String requested = "";

    @Label("Requested Rank")
    int requestedRank;

    @Label("Held Lock")
    String held = "";

    @Label("Held Rank")
    int heldRank;

    @Label("Declared Order")
    String order = "";

    @Label("Cycle")
    @Description("The locks of the cycle the request would close, such as a -> b -> a")
    String cycle = "";

    @Label("Thrown")
    boolean thrown;
  }

  /** A contended acquisition; committed only when it waited longer than its threshold. */
  @Name("io.github.sharedstate.ContendedAcquisition")
  @Label("Contended Lock Acquisition")
  @Category({"sharedstate"})
  @Description("A thread waited for a sharedstate lock held by another thread")
  @Threshold("10 ms")
  @StackTrace(true)
  static final class Contended extends Event {
    @Label("Lock")
    String lock = "";

    @Label("Write")
    boolean write;

    @Label("Acquired")
    boolean acquired;
  }
}
