package io.github.sharedstate.internal;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;
import jdk.jfr.Timespan;
import org.jspecify.annotations.Nullable;

/**
 * The JDK Flight Recorder events this library emits. Loaded only through {@link Jfr}, once it
 * knows that {@code jdk.jfr} is present and available.
 */
final class Events {
  private Events() {}

  /** Loads (and so registers) every event class; returns how many are enabled now. */
  static int load() {
    return (new Contended().isEnabled() ? 1 : 0)
        + (new Violation().isEnabled() ? 1 : 0)
        + (new LongWaitEvent().isEnabled() ? 1 : 0)
        + (new ContentionCharge().isEnabled() ? 1 : 0);
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

  static void longWait(
      String lock, String mode, String waiter, long waitedNanos, String holders, String stack) {
    LongWaitEvent event = new LongWaitEvent();
    if (event.shouldCommit()) {
      event.lock = lock;
      event.mode = mode;
      event.waiter = waiter;
      event.waited = waitedNanos;
      event.holders = holders;
      event.holderStack = stack;
      event.commit();
    }
  }

  static void contentionCharge(String lock, String site, long chargedNanos, int waiters) {
    ContentionCharge event = new ContentionCharge();
    if (event.shouldCommit()) {
      event.lock = lock;
      event.site = site;
      event.charged = chargedNanos;
      event.waiters = waiters;
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

  /** A wait that passed its lock's long-wait threshold, reported once, by the watching thread. */
  @Name("io.github.sharedstate.LongWait")
  @Label("Long Lock Wait")
  @Category({"sharedstate"})
  @Description("A thread has waited for a sharedstate lock longer than its threshold")
  @StackTrace(false)
  static final class LongWaitEvent extends Event {
    @Label("Lock")
    String lock = "";

    @Label("Mode")
    String mode = "";

    @Label("Waiting Thread")
    String waiter = "";

    @Label("Waited")
    @Timespan(Timespan.NANOSECONDS)
    long waited;

    @Label("Holders")
    @Description("The threads holding the lock, where known")
    String holders = "";

    @Label("Holder Stack")
    @Description("What the (first) holder was doing when the wait passed the threshold")
    String holderStack = "";
  }

  /** A sampled contended release: the waiters' time charged to the releasing holder's code. */
  @Name("io.github.sharedstate.ContentionCharge")
  @Label("Contention Charged to Holder")
  @Category({"sharedstate"})
  @Description("A holder released a lock others waited for; their waiting is charged to its code")
  @StackTrace(true)
  static final class ContentionCharge extends Event {
    @Label("Lock")
    String lock = "";

    @Label("Holder Site")
    @Description("The first frame outside the library in the releasing holder's stack")
    String site = "";

    @Label("Charged")
    @Timespan(Timespan.NANOSECONDS)
    long charged;

    @Label("Waiters")
    int waiters;
  }
}
