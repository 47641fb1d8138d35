package io.github.sharedstate.internal;

import io.github.sharedstate.LockOrderViolationException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The checking half of one lock order: which of its locks each thread holds, and what to do when
 * a thread asks for one out of order, by declared rank or against the order learned from use.
 *
 * <p>One tracker per {@code LockOrder}. Every order shares the thread's one held-lock record
 * (HeldLocks), and each looks only at its own entries in it, so two orders never see each other's
 * locks.
 */
public final class OrderTracker {
  /*
   * Concurrency: the held-lock record is thread-confined (a ThreadLocal, see HeldLocks), so
   * checking and recording need no synchronization, and a repeated acquisition (see Repeats)
   * writes nothing but its own thread's record. (A lock used to cache the record of a thread
   * that held it, to save the ThreadLocal lookup; with threads taking turns on a lock, as shards
   * under random keys do, reading that cache and the cached record's owner cost half of the
   * 2-thread throughput, far more than the lookup.) The set of pairs (and cycles) already
   * logged under WARN is a concurrent set in which one thread wins each key.
   *
   * Learned order: an unranked member (rank level -1) is checked against the graph, not by rank.
   * Taking L while holding H needs the edge H -> L; when every such edge is already recorded, the
   * acquisition reads the graph without a lock and writes nothing shared (LockGraph.hasEdge).
   * Otherwise learn() checks and inserts all of the acquisition's new edges in one hold of the
   * graph's lock, before the caller waits for L and without holding anything while it does.
   * Ranked members join the graph only in an order that has unranked members
   * (`hasLearnedMembers`, set once when the first one is built; volatile so that a thread that
   * holds a learned member sees it): then an edge from a held learned member to a ranked one is
   * checked too, and each declared rank is one node whose declared order seeds the graph.
   *
   * Repeats: the thread's record remembers which of its entries passed every check (rank and
   * learned) with the entries below them held (HeldLocks.checked). Taking the same lock again with
   * the same locks held in the same order is not checked again, and reads nothing shared, because
   * the result cannot have changed: ranks, tie-breaks and the policy are final; the graph only
   * gains edges, except those of a value that was collected, and the record's slots hold their
   * values strongly; a ranked lock's learned check counts only held learned members, whose
   * existence means hasLearnedMembers was already true. Only a clean pass is remembered: a
   * violation (WARN), a new edge, an edge not recorded at the cap, a zero-timeout try and the
   * tie-break order of withAll are checked every time. After a new edge is inserted, the next
   * acquisition finds it with LockGraph.hasEdge and is remembered from then on.
   */
  private static final System.Logger LOGGER = System.getLogger("io.github.sharedstate.LockOrder");

  private final String orderName;
  private final String description;
  private final boolean throwOnViolation;
  private final boolean captureSites;
  private final Set<String> warned = ConcurrentHashMap.newKeySet();
  private final LockGraph graph;
  private final boolean traceEdges;
  private volatile boolean hasLearnedMembers;

  /**
   * Creates a tracker.
   *
   * @param orderName the order's name, for messages
   * @param description the declared order, such as {@code "a < b < c"} (empty when learned)
   * @param throwOnViolation true for THROW, false for WARN
   * @param captureSites whether to record a stack trace at every acquisition
   * @param traceEdges whether each new learned edge keeps a stack trace of its first recording
   * @param rankCount the number of declared ranks
   * @param maxEdges the most learned edges kept
   */
  public OrderTracker(
      String orderName,
      String description,
      boolean throwOnViolation,
      boolean captureSites,
      boolean traceEdges,
      int rankCount,
      int maxEdges) {
    this.orderName = orderName;
    this.description = description;
    this.throwOnViolation = throwOnViolation;
    this.captureSites = captureSites;
    this.traceEdges = traceEdges;
    this.graph = new LockGraph(orderName, rankCount, maxEdges);
    this.hasLearnedMembers = rankCount == 0;
  }

  /** Whether every acquisition records a stack trace, for violation reports. */
  boolean capturesSites() {
    return captureSites;
  }

  /** Notes that an unranked member joined: from now on ranked members are checked in the graph. */
  public void learnedMemberJoined() {
    if (!hasLearnedMembers) {
      hasLearnedMembers = true;
    }
  }

  /**
   * Checks that {@code core} may be taken now, throwing or warning (and counting) if not, and
   * records it in the thread's record before the caller waits for it. Returns the record; the
   * caller removes the entry again on release, or at once if it does not get the lock. With
   * {@code mayWait} false (a zero-timeout try, which cannot deadlock) no learned edge is checked
   * or recorded.
   */
  HeldLocks enter(OrderPosition core, boolean write, boolean tieBreak, boolean mayWait) {
    HeldLocks locks = HeldLocks.current();
    // The hot path: the same locks taken in the same order as before need no check at all.
    if (!locks.pushIfRepeat(core, write)) {
      locks.push(core, write, check(core, locks, tieBreak, mayWait));
    }
    return locks;
  }

  /**
   * Before a condition's await releases {@code core} (held for write): takes its entries out of
   * the thread's record and checks that taking it back with the thread's other locks held keeps
   * the order, throwing or warning (and counting) as an acquisition does. On a throw the record is
   * as it was. Returns how many entries were taken out, for {@link #endAwait}.
   */
  int beginAwait(OrderPosition core) {
    HeldLocks locks = HeldLocks.current();
    int holds = locks.removeAll(core, true);
    try {
      check(core, locks, false, true);
    } catch (RuntimeException | Error violation) {
      endAwait(core, holds);
      throw violation;
    }
    return holds;
  }

  /** Puts back the entries {@link #beginAwait} took out, once the lock is held again. */
  void endAwait(OrderPosition core, int holds) {
    HeldLocks locks = HeldLocks.current();
    for (int i = 0; i < holds; i++) {
      locks.push(core, true);
    }
  }

  /**
   * Every check of taking {@code core} with {@code locks} held. Returns whether the acquisition may
   * be remembered as checked: every check ran (it could wait, and without the tie-break, which
   * allows more) and found neither a violation nor a missing edge.
   */
  private boolean check(OrderPosition core, HeldLocks locks, boolean tieBreak, boolean mayWait) {
    boolean passed = mayWait && !tieBreak;
    if (core.rankLevel >= 0) {
      int conflict = locks.conflict(core, tieBreak);
      if (conflict >= 0) {
        violation(core, locks, conflict); // throws, or warns and carries on
        passed = false;
      }
      if (hasLearnedMembers && mayWait) {
        passed &= checkLearned(core, locks, false);
      }
    } else if (mayWait) {
      passed &= checkLearned(core, locks, true);
    }
    return passed;
  }

  /**
   * The learned-order check: lock-free when every edge from a held lock to {@code core} is known.
   * A held ranked lock counts only when {@code core} is learned; ranked pairs obey their ranks.
   * Returns whether every edge was known already (false when this call recorded or rejected one).
   */
  private boolean checkLearned(OrderPosition core, HeldLocks locks, boolean learned) {
    LockGraph.@Nullable Node to = nodeOf(core);
    boolean missing = false;
    for (int i = 0, size = locks.size(); i < size; i++) {
      OrderPosition holding = locks.core(i);
      if (holding == core) {
        return true; // re-entry, read re-entry or downgrade: cannot block on this thread, no edge
      }
      if (!missing && holding.sameOrder(core) && (learned || holding.rankLevel < 0)) {
        LockGraph.@Nullable Node from = nodeOf(holding);
        missing = to == null || from == null || !LockGraph.hasEdge(from, to);
      }
    }
    if (missing) {
      learn(core, locks, learned);
    }
    return !missing;
  }

  /** The graph node of {@code core}, or null if it has none yet. Lock-free. */
  private LockGraph.@Nullable Node nodeOf(OrderPosition core) {
    int level = core.rankLevel;
    return level >= 0 ? graph.rankNode(level) : core.graphNode;
  }

  /** The graph node of {@code core}, created if new. Under the graph's lock. */
  private LockGraph.Node nodeFor(OrderPosition core) {
    int level = core.rankLevel;
    if (level >= 0) {
      return graph.rankNode(level, core.rankName);
    }
    LockGraph.Node node = core.graphNode;
    if (node == null) {
      node = graph.newNode(core, core.name, false);
      core.graphNode = node;
    }
    return node;
  }

  /** The locked path: checks and records every new edge into {@code core} at once. */
  private void learn(OrderPosition core, HeldLocks locks, boolean learned) {
    @Nullable List<LockGraph.Edge> cycle;
    graph.lock();
    try {
      // Held nodes first: new nodes are placed last, so edges into a new `to` agree at once.
      List<LockGraph.Request> requests = new ArrayList<>(locks.size());
      for (int i = 0; i < locks.size(); i++) {
        OrderPosition holding = locks.core(i);
        if (holding.sameOrder(core) && (learned || holding.rankLevel < 0)) {
          requests.add(new LockGraph.Request(nodeFor(holding), locks.site(i)));
        }
      }
      LockGraph.Node to = nodeFor(core);
      cycle = graph.connect(requests, to, !throwOnViolation, traceEdges);
    } finally {
      graph.unlock();
    }
    if (cycle != null) {
      cycleViolation(core, locks, cycle);
    }
  }

  /** The learned members' names in an order that agrees with every recorded edge. */
  public List<String> learnedOrder() {
    graph.lock();
    try {
      List<String> names = new ArrayList<>();
      for (LockGraph.Node node : graph.nodesInOrder()) {
        names.add(node.name);
      }
      return List.copyOf(names);
    } finally {
      graph.unlock();
    }
  }

  /** The graph as Graphviz DOT text: one node per member, one edge per recorded edge. */
  public String toDot() {
    graph.lock();
    try {
      StringBuilder dot = new StringBuilder("digraph ").append(quote(orderName)).append(" {\n");
      for (LockGraph.Node node : graph.nodesInOrder()) {
        dot.append("  n").append(node.id).append(" [label=").append(quote(node.name));
        dot.append(node.rank ? ", shape=box];\n" : "];\n");
      }
      for (LockGraph.Edge edge : graph.edges()) {
        dot.append("  n").append(edge.from().id).append(" -> n").append(edge.to().id);
        String thread = edge.thread();
        dot.append(
            thread == null
                ? " [style=dashed, label=\"declared\"];\n"
                : " [label=" + quote(thread) + "];\n");
      }
      return dot.append("}\n").toString();
    } finally {
      graph.unlock();
    }
  }

  private static String quote(String text) {
    return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  /** Passes each lock the current thread holds in this order, oldest first, to {@code sink}. */
  public void forEachHeld(HeldLockSink sink) {
    HeldLocks locks = HeldLocks.current();
    for (int i = 0; i < locks.size(); i++) {
      OrderPosition core = locks.core(i);
      if (core.tracker != this) {
        continue;
      }
      sink.accept(core.name, core.rankName, core.rankLevel, locks.write(i));
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

  private void violation(OrderPosition requested, HeldLocks locks, int conflict) {
    OrderPosition holding = locks.core(conflict);
    Throwable site = locks.site(conflict);
    List<String> cycle = List.of(requested.name, holding.name);
    String message = message(requested, holding, locks.write(conflict), site != null);
    report(requested, holding, cycle, message, site, List.of());
  }

  /** Counts, records a JFR event, and throws or logs (once per key) a violation. */
  private void report(
      OrderPosition requested,
      OrderPosition holding,
      List<String> cycle,
      String message,
      @Nullable Throwable site,
      List<Throwable> edgeTraces) {
    requested.stats.violation();
    String loop = String.join(" -> ", cycle) + " -> " + cycle.get(0);
    Jfr.violation(requested, holding, description, loop, throwOnViolation);
    if (throwOnViolation) {
      LockOrderViolationException violation =
          exception(message, requested, holding, cycle, site, edgeTraces);
      Diagnostics.violation(violation, true);
      throw violation;
    }
    if (warned.add(String.join("\u0000", cycle))) {
      LOGGER.log(Level.WARNING, message);
    }
    if (Diagnostics.listening()) { // a warned violation needs an exception only for listeners
      Diagnostics.violation(
          exception(message, requested, holding, cycle, site, edgeTraces), false);
    }
  }

  private static LockOrderViolationException exception(
      String message,
      OrderPosition requested,
      OrderPosition holding,
      List<String> cycle,
      @Nullable Throwable site,
      List<Throwable> edgeTraces) {
    LockOrderViolationException violation =
        new LockOrderViolationException(message, requested.name, holding.name, cycle);
    if (site != null) {
      violation.initCause(site);
    }
    edgeTraces.forEach(violation::addSuppressed);
    return violation;
  }

  /** Reports the cycle that taking {@code requested} would close: {@code path} leads from it. */
  private void cycleViolation(
      OrderPosition requested, HeldLocks locks, List<LockGraph.Edge> path) {
    LockGraph.Node heldNode = path.get(path.size() - 1).to();
    int index = 0;
    while (!locks.core(index).sameOrder(requested) || nodeOf(locks.core(index)) != heldNode) {
      index++;
    }
    OrderPosition holding = locks.core(index);
    @Nullable Throwable site = locks.site(index);
    List<String> cycle = new ArrayList<>(path.size());
    cycle.add(requested.name);
    for (int i = 0; i < path.size() - 1; i++) {
      cycle.add(path.get(i).to().name);
    }
    cycle.add(holding.name);
    String thread = Thread.currentThread().getName();
    StringBuilder message =
        new StringBuilder("lock order violation in '")
            .append(orderName)
            .append("': thread '")
            .append(thread)
            .append("' asked for '")
            .append(requested.name)
            .append("' while holding '")
            .append(holding.name)
            .append("', but the order learned so far already leads from '")
            .append(requested.name)
            .append("' to '")
            .append(holding.name)
            .append("', so taking it would close a cycle (a potential deadlock):\n");
    List<Throwable> traces = new ArrayList<>();
    boolean traced = false;
    for (int i = 0; i < path.size(); i++) {
      LockGraph.Edge edge = path.get(i);
      String from = cycle.get(i);
      String to = cycle.get(i + 1);
      message.append("  ").append(from).append(" -> ").append(to).append(": ");
      String recorder = edge.thread();
      message.append(
          recorder == null ? "declared rank order\n" : "first seen on thread '" + recorder + "'\n");
      Throwable later = edge.laterSite();
      if (later != null) {
        traced = true;
        traces.add(edgeTrace(edge, later));
      }
    }
    message
        .append("  ")
        .append(holding.name)
        .append(" -> ")
        .append(requested.name)
        .append(": requested now on thread '")
        .append(thread)
        .append("' (rejected, not recorded)\n")
        .append(
            "Take these locks in one order on every code path; LockOrder.learnedOrder() lists an"
                + " order that agrees with every edge seen, and can be declared as ranks. ")
        .append(
            traced
                ? "Each edge's first recording is a suppressed exception (with where its earlier"
                    + " lock was taken as the cause, when acquisition sites are captured). "
                : "Build the order with captureAcquisitionSites(true) for each edge's stack"
                    + " traces. ")
        .append(
            site != null
                ? "The cause shows where '" + holding.name + "' was taken."
                : "");
    report(requested, holding, cycle, message.toString().strip(), site, traces);
  }

  /** A fresh throwable carrying an edge's recorded trace, and its earlier lock's as the cause. */
  private static Throwable edgeTrace(LockGraph.Edge edge, Throwable later) {
    Throwable trace = new Throwable(later.getMessage());
    trace.setStackTrace(later.getStackTrace());
    Throwable earlier = edge.earlierSite();
    if (earlier != null) {
      Throwable cause = new Throwable("where '" + edge.from().name + "' was taken");
      cause.setStackTrace(earlier.getStackTrace());
      trace.initCause(cause);
    }
    return trace;
  }

  private String message(
      OrderPosition requested, OrderPosition holding, boolean heldForWrite, boolean siteKnown) {
    return "lock order violation in '"
        + orderName
        + "': thread '"
        + Thread.currentThread().getName()
        + "' asked for '"
        + requested.name
        + "' (rank "
        + requested.rankLevel
        + ", "
        + requested.rankName
        + ") while holding '"
        + holding.name
        + "' (rank "
        + holding.rankLevel
        + ", "
        + holding.rankName
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
