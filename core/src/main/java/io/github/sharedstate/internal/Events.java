package io.github.sharedstate.internal;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;

/** The JDK Flight Recorder events this library emits. */
final class Events {
  private Events() {}

  /** A lock-order violation, emitted under both THROW and WARN. */
  @Name("io.github.sharedstate.LockOrderViolation")
  @Label("Lock Order Violation")
  @Category({"sharedstate"})
  @Description("A thread asked for a ranked lock out of the declared order")
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
