package io.github.sharedstate.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sharedstate.LogCapture;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The graph on its own: Pearce–Kelly against brute force, and the edge cap. */
final class LockGraphTest {
  private final LockGraph graph = new LockGraph("test", 0, 1_000_000);

  private List<LockGraph.Node> nodes(int count) {
    List<LockGraph.Node> nodes = new ArrayList<>();
    graph.lock();
    try {
      for (int i = 0; i < count; i++) {
        nodes.add(graph.newNode(null, "n" + i, false));
      }
    } finally {
      graph.unlock();
    }
    return nodes;
  }

  /** Inserts {@code from -> to} as a THROW order would; returns the closed path or null. */
  private List<LockGraph.Edge> connect(LockGraph.Node from, LockGraph.Node to) {
    graph.lock();
    try {
      return graph.connect(List.of(new LockGraph.Request(from, null)), to, false, false);
    } finally {
      graph.unlock();
    }
  }

  @Test
  void randomEdges_matchBruteForce_andPositionsStayTopological() {
    Random random = new Random(2006);
    int n = 60;
    List<LockGraph.Node> nodes = nodes(n);
    BitSet[] out = new BitSet[n];
    for (int i = 0; i < n; i++) {
      out[i] = new BitSet();
    }
    int accepted = 0;
    int rejected = 0;
    for (int k = 0; k < 3_000; k++) {
      int u = random.nextInt(n);
      int v = random.nextInt(n);
      if (u == v) {
        continue;
      }
      boolean closes = reaches(out, v, u);
      List<LockGraph.Edge> path = connect(nodes.get(u), nodes.get(v));
      assertEquals(closes, path != null, "edge n" + u + " -> n" + v);
      if (path == null) {
        accepted += out[u].get(v) ? 0 : 1; // a known edge is accepted and not added again
        out[u].set(v);
      } else {
        rejected++;
        assertEquals(nodes.get(v), path.get(0).from());
        assertEquals(nodes.get(u), path.get(path.size() - 1).to());
        for (int i = 0; i < path.size(); i++) {
          LockGraph.Edge edge = path.get(i);
          assertTrue(out[nodes.indexOf(edge.from())].get(nodes.indexOf(edge.to())));
          if (i > 0) {
            assertEquals(path.get(i - 1).to(), edge.from());
          }
        }
      }
      for (int a = 0; a < n; a++) {
        for (int b = out[a].nextSetBit(0); b >= 0; b = out[a].nextSetBit(b + 1)) {
          assertTrue(LockGraph.hasEdge(nodes.get(a), nodes.get(b)));
          assertTrue(nodes.get(a).position < nodes.get(b).position, "order broken by n" + a);
        }
      }
    }
    assertTrue(accepted > 100 && rejected > 100, accepted + " accepted, " + rejected + " rejected");
    graph.lock();
    try {
      assertEquals(accepted, graph.edgeCount());
      assertEquals(accepted, graph.edges().size());
    } finally {
      graph.unlock();
    }
  }

  private static boolean reaches(BitSet[] out, int from, int to) {
    BitSet seen = new BitSet();
    List<Integer> stack = new ArrayList<>(List.of(from));
    while (!stack.isEmpty()) {
      int n = stack.remove(stack.size() - 1);
      if (n == to) {
        return true;
      }
      for (int m = out[n].nextSetBit(0); m >= 0; m = out[n].nextSetBit(m + 1)) {
        if (!seen.get(m)) {
          seen.set(m);
          stack.add(m);
        }
      }
    }
    return false;
  }

  @Test
  @Tag("slow") // seconds, or minutes under mutation: left out of PIT runs
  void chainOf100000_isSearchedWithoutRecursion() {
    List<LockGraph.Node> chain = nodes(100_000);
    for (int i = 0; i + 1 < chain.size(); i++) {
      assertNull(connect(chain.get(i), chain.get(i + 1))); // each agrees: no search
    }
    LockGraph.Node head = nodes(1).get(0); // positioned after the whole chain
    // Disagrees: the forward search walks all 100,000 nodes below the head, depth first.
    assertNull(connect(head, chain.get(0)));
    assertTrue(head.position < chain.get(0).position);
    List<LockGraph.Edge> cycle = connect(chain.get(chain.size() - 1), head);
    assertNotNull(cycle);
    assertEquals(chain.size(), cycle.size());
    assertEquals(chain.get(50_000), cycle.get(50_001).from());
  }

  @Test
  @Tag("slow") // seconds, or minutes under mutation: left out of PIT runs
  void longChainInsertedBackwards_reordersWithoutRecursion() {
    List<LockGraph.Node> chain = nodes(1_000);
    java.util.Collections.reverse(chain); // positions now fall along the chain
    for (int i = chain.size() - 2; i >= 0; i--) {
      // Each edge disagrees with the positions and moves the whole chain built so far.
      assertTrue(chain.get(i).position > chain.get(i + 1).position);
      assertNull(connect(chain.get(i), chain.get(i + 1)));
    }
    for (int i = 0; i + 1 < chain.size(); i++) {
      assertTrue(chain.get(i).position < chain.get(i + 1).position);
    }
    List<LockGraph.Edge> cycle = connect(chain.get(chain.size() - 1), chain.get(0));
    assertNotNull(cycle);
    assertEquals(chain.size() - 1, cycle.size());
  }

  @Test
  void edgeCap_logsOnce_stopsLearning_butStillCatchesCyclesOfKnownEdges() {
    LockGraph capped = new LockGraph("capped", 0, 2);
    List<LogRecord> records;
    try (LogCapture log = new LogCapture("io.github.sharedstate.LockOrder")) {
      capped.lock();
      try {
        List<LockGraph.Node> n = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
          n.add(capped.newNode(null, "n" + i, false));
        }
        for (int i = 0; i < 4; i++) {
          assertNull(capped.connect(List.of(new LockGraph.Request(n.get(i), null)), n.get(i + 1), false, false));
        }
        assertEquals(2, capped.edgeCount());
        assertTrue(LockGraph.hasEdge(n.get(1), n.get(2)));
        assertTrue(!LockGraph.hasEdge(n.get(2), n.get(3)), "learning stopped at the cap");
        assertNotNull(capped.connect(List.of(new LockGraph.Request(n.get(2), null)), n.get(0), false, false));
      } finally {
        capped.unlock();
      }
      records = log.records();
    }
    assertEquals(1, records.size(), "the cap is logged once");
    assertTrue(records.get(0).getMessage().contains("'capped' reached 2 learned edges"));
  }
}
