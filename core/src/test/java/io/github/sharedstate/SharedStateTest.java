package io.github.sharedstate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

final class SharedStateTest {
  static final StateKey<StringBuilder> LOG = StateKey.service("log");
  static final StateKey<GuardedValue<Map<String, Integer>>> REGISTRY = StateKey.guarded("registry");
  static final StateKey<ExclusiveValue<Deque<String>>> QUEUE = StateKey.exclusive("queue");

  @Test
  void build_ranksGuardedEntriesInDeclarationOrder() {
    StringBuilder log = new StringBuilder();
    SharedState state =
        SharedState.builder()
            .guarded(REGISTRY, new HashMap<>())
            .service(LOG, log)
            .exclusive(QUEUE, new ArrayDeque<>())
            .build();
    assertSame(log, state.get(LOG));
    assertEquals("registry < queue", state.describeLockOrder());
    assertEquals(0, state.get(REGISTRY).rank().orElseThrow().level());
    assertEquals(1, state.get(QUEUE).rank().orElseThrow().level());
    assertThrows(
        LockOrderViolationException.class,
        () -> state.get(QUEUE).with(q -> state.get(REGISTRY).read(Map::size)));
  }

  @Test
  void values_areTheGuardedEntries_inLockOrder_withoutServices() {
    SharedState state =
        SharedState.builder()
            .guarded(REGISTRY, new HashMap<>())
            .service(LOG, new StringBuilder())
            .exclusive(QUEUE, new ArrayDeque<>())
            .build();
    assertEquals(List.of(state.get(REGISTRY), state.get(QUEUE)), state.values());
    assertThrows(UnsupportedOperationException.class, () -> state.values().clear());
  }

  @Test
  void dropInLocks_areRankedLikeValues_andListedWithThem() {
    StateKey<OrderedLock> legacy = StateKey.lock("legacy");
    StateKey<OrderedReadWriteLock> routes = StateKey.readWriteLock("routes");
    SharedState state =
        SharedState.builder()
            .lock(legacy)
            .guarded(REGISTRY, new HashMap<>())
            .readWriteLock(routes)
            .build();
    assertEquals("legacy < registry < routes", state.describeLockOrder());
    assertEquals(
        List.of(state.get(legacy), state.get(REGISTRY), state.get(routes)), state.members());
    assertEquals(List.of(state.get(REGISTRY)), state.values());
    state.get(routes).writeLock().lock();
    try {
      assertThrows(LockOrderViolationException.class, () -> state.get(legacy).lock());
    } finally {
      state.get(routes).writeLock().unlock();
    }
    assertEquals(1, state.stats().get("legacy").violations());
    String table = state.statsTable();
    assertTrue(table.lines().anyMatch(l -> l.startsWith("legacy") && l.endsWith("-")), table);
    assertThrows(NullPointerException.class, () -> SharedState.builder().lock(null));
    assertThrows(NullPointerException.class, () -> SharedState.builder().readWriteLock(null));
  }

  @Test
  void get_unknownKey_listsTheKnownKeys() {
    SharedState state = SharedState.builder().guarded(REGISTRY, new HashMap<>()).build();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> state.get(StateKey.guarded("registry")));
    assertTrue(e.getMessage().contains("known keys: registry (guarded)"), e.getMessage());
    assertThrows(NullPointerException.class, () -> state.get(null));
  }

  @Test
  void builder_rejectsDuplicatesNullsAndReuse() {
    SharedState.Builder duplicate =
        SharedState.builder()
            .guarded(REGISTRY, new HashMap<>())
            .guarded(StateKey.guarded("registry"), 1);
    assertThrows(IllegalStateException.class, duplicate::build);
    assertThrows(NullPointerException.class, () -> SharedState.builder().service(LOG, null));
    assertThrows(NullPointerException.class, () -> SharedState.builder().service(null, "x"));
    assertThrows(IllegalArgumentException.class, () -> StateKey.service(" "));
    SharedState.Builder once = SharedState.builder().service(LOG, new StringBuilder());
    once.build();
    assertThrows(IllegalStateException.class, once::build);
  }

  @Test
  void explicitOrder_andPolicy_areUsed() {
    LockOrder order = LockOrder.builder().rank("queue").rank("registry").build();
    SharedState state =
        SharedState.builder()
            .lockOrder(order)
            .guarded(REGISTRY, new HashMap<>())
            .exclusive(QUEUE, new ArrayDeque<>())
            .build();
    assertSame(order, state.lockOrder());
    assertEquals(0, (int) state.get(QUEUE).with(q -> state.get(REGISTRY).read(Map::size)));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            SharedState.builder()
                .lockOrder(order)
                .guarded(StateKey.guarded("missing"), 1)
                .build());
    SharedState warn =
        SharedState.builder().policy(LockOrder.Policy.OFF).guarded(REGISTRY, new HashMap<>()).build();
    assertEquals(LockOrder.Policy.OFF, warn.lockOrder().policy());
  }

  @Test
  void statsTable_hasARowPerGuardedEntry() {
    SharedState state =
        SharedState.builder()
            .guarded(REGISTRY, new HashMap<>())
            .exclusive(QUEUE, new ArrayDeque<>())
            .build();
    state.get(REGISTRY).modify(m -> m.put("a", 1));
    state.get(QUEUE).modify(q -> q.push("x"));
    String[] lines = state.statsTable().lines().toArray(String[]::new);
    assertEquals(3, lines.length);
    assertTrue(lines[1].startsWith("registry"), lines[1]);
    assertTrue(lines[1].contains(" 0 "), "rank column");
    assertTrue(lines[2].trim().endsWith("no"), "poisoned column");
    assertEquals(1, state.stats().get("queue").writeAcquisitions());
  }

  @Test
  void snapshotEntry_isRankedInDeclarationOrder_andItsReadsShowAsUncounted() {
    StateKey<SnapshotValue<Map<String, String>>> routes = StateKey.snapshot("routes");
    SharedState state =
        SharedState.builder()
            .guarded(REGISTRY, new HashMap<>())
            .snapshot(routes, Map.of())
            .exclusive(QUEUE, new ArrayDeque<>())
            .build();
    assertEquals("registry < routes < queue", state.describeLockOrder());
    assertEquals(1, state.get(routes).rank().orElseThrow().level());
    state.get(routes).set(Map.of("/a", "svc-a"));
    assertEquals("svc-a", state.get(REGISTRY).read(m -> state.get(routes).get().get("/a")));
    assertThrows(
        LockOrderViolationException.class,
        () -> state.get(QUEUE).modify(q -> state.get(routes).set(Map.of())));
    assertEquals(1, state.stats().get("routes").violations());
    String[] row = state.statsTable().lines().skip(2).findFirst().orElseThrow().split(" +");
    assertEquals(List.of("routes", "1", "-", "1"), List.of(row).subList(0, 4), "name rank reads writes");
    String[] registryRow = state.statsTable().lines().skip(1).findFirst().orElseThrow().split(" +");
    assertEquals(List.of("registry", "0", "1", "0"), List.of(registryRow).subList(0, 4));
    assertEquals("routes (snapshot)", routes.toString());
  }

  @Test
  void builtOnOneThread_isSeenWholeOnAnother() throws Exception {
    AtomicReference<SharedState> handoff = new AtomicReference<>();
    Thread builder =
        new Thread(
            () ->
                handoff.set(
                    SharedState.builder()
                        .service(LOG, new StringBuilder("ready"))
                        .guarded(REGISTRY, new HashMap<>(Map.of("a", 1)))
                        .build()));
    builder.start();
    builder.join();
    SharedState state = handoff.get();
    assertEquals("ready", state.get(LOG).toString());
    assertEquals(1, (int) state.get(REGISTRY).read(m -> m.get("a")));
  }
}
