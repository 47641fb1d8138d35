package io.github.sharedstate.internal;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * The learned lock order of one {@code LockOrder}: a directed acyclic graph whose edge H -> L says
 * that some thread took L while holding H, kept in an incremental topological order.
 *
 * <p>Costs, with n nodes and e edges:
 *
 * <ul>
 *   <li>{@link #hasEdge} (an edge seen before) is O(1) and takes no lock: one volatile read of
 *       the source's edge table and a probe or two of it (the table is at most half full). It
 *       writes nothing shared. A thread that repeats an acquisition it has already checked does
 *       not even call it (see OrderTracker); {@code OrderingBenchmark.learnedPair} measures that
 *       path against {@code unrankedPair}.
 *   <li>Inserting an edge that agrees with the current topological order is O(degree of the
 *       source) (the source's edge table is copied on write), with no search. One that disagrees
 *       searches forward from the target and backward from the source, but only among the nodes
 *       positioned between the two (Pearce and Kelly, "A dynamic topological sort algorithm for
 *       directed acyclic graphs", 2006, as in Abseil's {@code graphcycles.cc}), then sorts them:
 *       O(k log k) for k affected nodes, at worst the whole graph. The searches are iterative: a
 *       chain of 100,000 nodes takes no stack.
 *   <li>Finding the path that a rejected edge would close is a breadth-first search over the
 *       nodes positioned between its ends: O(n + e) at worst.
 *   <li>A node whose owner was garbage-collected is removed the next time the graph's lock is
 *       taken: O(its degree times its neighbours' degrees), for the copied tables.
 * </ul>
 *
 * <p>Measured on this project's 2-core machine while other builds ran (load about 13, JDK 17, so
 * orders of magnitude only): an agreeing insertion, lock and allocation included, 0.3 to 4 us; a
 * disagreeing one that moves about 1,000 nodes, 0.4 to 1.8 ms; rejecting the edge that closes a
 * 100,000-node chain, 9 to 330 ms; {@code hasEdge} on a few hot nodes, 13 to 90 ns under that
 * load.
 *
 * <p>Memory: about 100 bytes per node and 60 per edge, plus a stack trace per edge when traces are
 * kept (one or two kilobytes each), for at most {@link #MAX_TRACED_EDGES} edges at a time. At
 * {@code maxEdges} edges the graph logs once and stops learning: new edges are still checked
 * against the graph (so cycles through known edges are still caught) but not added.
 */
final class LockGraph {
  /*
   * Concurrency:
   * - Every change (nodes, edges, positions, removal) happens under `lock`, so checking that a
   *   new edge closes no cycle and inserting it are one atomic step: two threads cannot each add
   *   half of a cycle. `lock` is held only inside this class, never while a thread waits for a
   *   user's lock.
   * - The hot path reads without the lock: a node's `out` table is immutable once published
   *   through its volatile field (copy on write), and a node's identity never changes, so a
   *   reader sees either the table before an insertion or after it. A stale table can only miss
   *   an edge, which sends the reader to the locked path, where it finds the edge and does nothing.
   * - Rank nodes live in an AtomicReferenceArray and a learned value's node in the value's volatile
   *   OrderPosition.graphNode, both written under `lock` and read racily by the hot path.
   * - Positions (`position`), in-edges (`in`) and search marks are guarded by `lock`.
   */
  private static final System.Logger LOGGER = System.getLogger("io.github.sharedstate.LockOrder");
  private static final Edge[] NO_EDGES = new Edge[0];

  /** The most edges that keep a stack trace at once; later edges keep their thread's name only. */
  static final int MAX_TRACED_EDGES = 10_000;

  private final String orderName;
  private final int maxEdges;
  private final ReentrantLock lock = new ReentrantLock();
  private final ReferenceQueue<Object> collected = new ReferenceQueue<>();
  private final AtomicReferenceArray<@Nullable Node> rankNodes;

  // Guarded by lock:
  private final List<Node> nodes = new ArrayList<>();
  private long nextId;
  private long nextPosition;
  private int edgeCount;
  private int tracedEdges;
  private boolean capLogged;
  private int searchMark;

  /**
   * Creates an empty graph.
   *
   * @param orderName the order's name, for the log line at the edge cap
   * @param rankCount the number of declared ranks, each of which may become a node
   * @param maxEdges the most edges kept
   */
  LockGraph(String orderName, int rankCount, int maxEdges) {
    this.orderName = orderName;
    this.rankNodes = new AtomicReferenceArray<>(rankCount);
    this.maxEdges = maxEdges;
  }

  /** One lock (a learned value, or all the values of one declared rank) in the graph. */
  static final class Node extends WeakReference<Object> {
    final long id;
    final String name;
    final int hash;
    /** Whether this node stands for a declared rank (and its edges to other ranks are declared). */
    final boolean rank;

    /** Open-addressed table of outgoing edges, by target hash; immutable once published. */
    volatile @Nullable Edge[] out = NO_EDGES;

    // Guarded by the graph's lock:
    int outCount;
    long position;
    final List<Node> in = new ArrayList<>(2);
    int mark;
    @Nullable Node parent;

    Node(@Nullable Object owner, ReferenceQueue<Object> queue, long id, String name, boolean rank) {
      super(owner, owner == null ? null : queue);
      this.id = id;
      this.name = name;
      this.rank = rank;
      this.hash = Long.hashCode(id * 0x9E3779B97F4A7C15L);
    }

    @Override
    public String toString() {
      return name + "#" + id;
    }
  }

  /**
   * A recorded edge: {@code to} was taken while {@code from} was held.
   *
   * @param thread the name of the thread that first recorded it, or null for a declared edge
   * @param laterSite where {@code to} was taken (the edge's first recording), if traces are kept
   * @param earlierSite where {@code from} had been taken, if the record keeps acquisition sites
   */
  record Edge(
      Node from,
      Node to,
      @Nullable String thread,
      @Nullable Throwable laterSite,
      @Nullable Throwable earlierSite) {}

  /** One edge a thread asks for: the held node and, if known, where it was taken. */
  record Request(Node from, @Nullable Throwable earlierSite) {}

  // ---- lock-free reads -------------------------------------------------------------------------

  /** The node of a declared rank, or null if it has none yet. */
  @Nullable Node rankNode(int level) {
    return rankNodes.get(level);
  }

  /** Whether the edge {@code from -> to} is recorded. Lock-free; writes nothing. */
  static boolean hasEdge(Node from, Node to) {
    @Nullable Edge[] table = from.out;
    int mask = table.length - 1;
    if (mask < 0) {
      return false;
    }
    for (int i = to.hash & mask; ; i = (i + 1) & mask) {
      Edge edge = table[i];
      if (edge == null) {
        return false;
      }
      if (edge.to == to) {
        return true;
      }
    }
  }

  // ---- changes, under the lock ---------------------------------------------------------------

  /** Takes the graph's lock and removes the nodes of collected owners; changes happen only then. */
  void lock() {
    lock.lock();
    removeCollected();
  }

  void unlock() {
    lock.unlock();
  }

  /** The node of declared rank {@code level}, created (between its declared neighbours) if new. */
  Node rankNode(int level, String name) {
    Node node = rankNodes.get(level);
    if (node != null) {
      return node;
    }
    node = newNode(null, name, true);
    // Seed the declared order: an edge from the nearest lower rank that has a node and to the
    // nearest higher one. The new node has no edges yet, so neither can close a cycle.
    for (int lower = level - 1; lower >= 0; lower--) {
      Node below = rankNodes.get(lower);
      if (below != null) {
        insert(new Edge(below, node, null, null, null));
        break;
      }
    }
    for (int higher = level + 1; higher < rankNodes.length(); higher++) {
      Node above = rankNodes.get(higher);
      if (above != null) {
        insert(new Edge(node, above, null, null, null));
        break;
      }
    }
    rankNodes.set(level, node);
    return node;
  }

  /** A new node for a learned value; the caller publishes it. Under the lock. */
  Node newNode(@Nullable Object owner, String name, boolean rank) {
    Node node = new Node(owner, collected, nextId++, name, rank);
    node.position = nextPosition++;
    nodes.add(node);
    return node;
  }

  /**
   * Checks and inserts the edges {@code request.from -> to} that are not recorded yet, atomically
   * (the caller holds the lock).
   *
   * @param insertOnCycle false to insert nothing when one of the edges closes a cycle (THROW),
   *     true to insert every edge that does not (WARN)
   * @param traced whether to keep a stack trace of this acquisition on each new edge
   * @return the path {@code to -> ... -> from} that the first closing edge would complete, or
   *     null when none closes a cycle
   */
  @Nullable List<Edge> connect(
      List<Request> requests, Node to, boolean insertOnCycle, boolean traced) {
    @Nullable List<Edge> cycle = null;
    List<Request> fresh = new ArrayList<>(requests.size());
    for (Request request : requests) {
      Node from = request.from();
      if (from == to || hasEdge(from, to) || containsFrom(fresh, from)) {
        continue;
      }
      @Nullable List<Edge> path = path(to, from);
      if (path == null) {
        fresh.add(request);
      } else if (cycle == null) {
        cycle = path;
      }
    }
    if (cycle != null && !insertOnCycle) {
      return cycle;
    }
    String thread = Thread.currentThread().getName();
    for (Request request : fresh) {
      if (edgeCount >= maxEdges) {
        if (!capLogged) {
          capLogged = true;
          LOGGER.log(
              System.Logger.Level.WARNING,
              "lock order '" + orderName + "' reached " + maxEdges + " learned edges and stops"
                  + " learning: new edges are checked against the graph but no longer recorded."
                  + " Declare the order (LockOrder.of(...)) or split it into independent orders.");
        }
        break;
      }
      Throwable site =
          traced && tracedEdges < MAX_TRACED_EDGES
              ? new Throwable(
                  "'" + to.name + "' taken while '" + request.from().name + "' was held (thread '"
                      + thread + "')")
              : null;
      insert(new Edge(request.from(), to, thread, site, request.earlierSite()));
    }
    return cycle;
  }

  private static boolean containsFrom(List<Request> requests, Node from) {
    for (Request request : requests) {
      if (request.from() == from) {
        return true;
      }
    }
    return false;
  }

  /**
   * Inserts an edge known not to close a cycle and restores the topological order (Pearce–Kelly).
   */
  private void insert(Edge edge) {
    Node from = edge.from;
    Node to = edge.to;
    addOut(from, edge);
    to.in.add(from);
    edgeCount++;
    if (edge.laterSite() != null) {
      tracedEdges++;
    }
    if (from.position < to.position) {
      return; // the edge agrees with the order: O(1) beyond the table copy
    }
    // Nodes reachable from `to` with positions below `from`'s, and nodes reaching `from` with
    // positions above `to`'s, are the only ones out of order; give them their positions again,
    // predecessors first, reusing the same set of positions.
    int mark = ++searchMark;
    List<Node> forward = search(to, from.position, true, mark);
    List<Node> backward = search(from, to.position, false, mark);
    Comparator<Node> byPosition = Comparator.comparingLong(n -> n.position);
    forward.sort(byPosition);
    backward.sort(byPosition);
    long[] positions = new long[forward.size() + backward.size()];
    int i = 0;
    for (Node n : backward) {
      positions[i++] = n.position;
    }
    for (Node n : forward) {
      positions[i++] = n.position;
    }
    Arrays.sort(positions);
    i = 0;
    for (Node n : backward) {
      n.position = positions[i++];
    }
    for (Node n : forward) {
      n.position = positions[i++];
    }
  }

  /**
   * Iterative depth-first search from {@code start}: forward over out-edges to nodes positioned
   * below {@code bound}, or backward over in-edges to nodes positioned above it.
   */
  private List<Node> search(Node start, long bound, boolean forward, int mark) {
    List<Node> found = new ArrayList<>();
    ArrayDeque<Node> stack = new ArrayDeque<>();
    stack.push(start);
    start.mark = mark;
    while (!stack.isEmpty()) {
      Node n = stack.pop();
      found.add(n);
      if (forward) {
        for (Edge e : n.out) {
          if (e != null && e.to.mark != mark && e.to.position < bound) {
            e.to.mark = mark;
            stack.push(e.to);
          }
        }
      } else {
        for (Node p : n.in) {
          if (p.mark != mark && p.position > bound) {
            p.mark = mark;
            stack.push(p);
          }
        }
      }
    }
    return found;
  }

  /**
   * The recorded path {@code from -> ... -> to}, or null if there is none. In a topological order a
   * path only climbs, so only nodes positioned between the two are searched (breadth first, so the
   * path is a shortest one).
   */
  private @Nullable List<Edge> path(Node from, Node to) {
    if (from.position > to.position) {
      return null;
    }
    int mark = ++searchMark;
    ArrayDeque<Node> queue = new ArrayDeque<>();
    from.mark = mark;
    from.parent = null;
    queue.add(from);
    while (!queue.isEmpty()) {
      Node n = queue.poll();
      for (Edge e : n.out) {
        if (e == null || e.to.mark == mark || e.to.position > to.position) {
          continue;
        }
        e.to.mark = mark;
        e.to.parent = n;
        if (e.to == to) {
          return pathTo(to);
        }
        queue.add(e.to);
      }
    }
    return null;
  }

  private static List<Edge> pathTo(Node end) {
    ArrayDeque<Edge> edges = new ArrayDeque<>();
    Node n = end;
    for (Node p = n.parent; p != null; n = p, p = n.parent) {
      edges.push(edgeBetween(p, n));
    }
    return List.copyOf(edges);
  }

  private static Edge edgeBetween(Node from, Node to) {
    for (Edge e : from.out) {
      if (e != null && e.to == to) {
        return e;
      }
    }
    throw new AssertionError("no edge " + from + " -> " + to);
  }

  /** Publishes a copy of {@code from}'s edge table with {@code edge} added. */
  private static void addOut(Node from, Edge edge) {
    from.outCount++;
    from.out = table(from.out, from.outCount, edge, null);
  }

  /** A new table holding the edges of {@code old} except those to {@code dropped}, plus {@code added}. */
  private static @Nullable Edge[] table(
      @Nullable Edge[] old, int count, @Nullable Edge added, @Nullable Node dropped) {
    int size = Integer.highestOneBit(Math.max(1, count) * 2 - 1) << 1; // load factor <= 1/2
    @Nullable Edge[] table = new Edge[size];
    for (Edge e : old) {
      if (e != null && e.to != dropped) {
        put(table, e);
      }
    }
    if (added != null) {
      put(table, added);
    }
    return table;
  }

  private static void put(@Nullable Edge[] table, Edge edge) {
    int mask = table.length - 1;
    int i = edge.to.hash & mask;
    while (table[i] != null) {
      i = (i + 1) & mask;
    }
    table[i] = edge;
  }

  /** Removes the nodes whose owners were collected, and their edges. Under the lock. */
  private void removeCollected() {
    for (Object ref = collected.poll(); ref != null; ref = collected.poll()) {
      Node dead = (Node) ref;
      for (Node p : dead.in) {
        for (Edge e : p.out) {
          if (e != null && e.to == dead) {
            forget(e);
          }
        }
        p.outCount--;
        p.out = table(p.out, p.outCount, null, dead);
      }
      for (Edge e : dead.out) {
        if (e != null) {
          e.to.in.remove(dead);
          forget(e);
        }
      }
      dead.out = NO_EDGES;
      nodes.remove(dead);
    }
  }

  private void forget(Edge edge) {
    edgeCount--;
    if (edge.laterSite() != null) {
      tracedEdges--;
    }
  }

  // ---- reading the whole graph ---------------------------------------------------------------

  /** The nodes in topological order. Under the lock. */
  List<Node> nodesInOrder() {
    List<Node> sorted = new ArrayList<>(nodes);
    sorted.sort(Comparator.comparingLong(n -> n.position));
    return sorted;
  }

  /** Every edge, grouped by source in topological order. Under the lock. */
  List<Edge> edges() {
    List<Edge> all = new ArrayList<>(edgeCount);
    for (Node n : nodesInOrder()) {
      List<Edge> out = new ArrayList<>();
      for (Edge e : n.out) {
        if (e != null) {
          out.add(e);
        }
      }
      out.sort(Comparator.comparingLong(e -> e.to.position));
      all.addAll(out);
    }
    return all;
  }

  /** The number of recorded edges. Under the lock. */
  int edgeCount() {
    return edgeCount;
  }
}
