package io.github.sharedstate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sharedstate.micrometer.SharedStateMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

final class SharedStateMetricsTest {
  static final StateKey<GuardedValue<Map<String, String>>> AGENTS = StateKey.guarded("agents");
  static final StateKey<ExclusiveValue<Deque<String>>> QUEUE = StateKey.exclusive("queue");
  static final StateKey<SnapshotValue<String>> CONFIG = StateKey.snapshot("config");
  static final StateKey<ShardedValue<long[]>> COUNTS = StateKey.sharded("counts");
  static final StateKey<String> SERVICE = StateKey.service("service");

  private final SharedState state =
      SharedState.builder()
          .service(SERVICE, "not measured")
          .guarded(AGENTS, new HashMap<>())
          .exclusive(QUEUE, new ArrayDeque<>())
          .snapshot(CONFIG, "v1")
          .sharded(COUNTS, 2, () -> new long[1])
          .build();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @Test
  void everyMeter_isPresent_withTheNamingGuidesNamesAndTags() {
    SharedStateMetrics.of(state, "orders", Tags.of("region", "eu")).bindTo(registry);
    Set<String> meters = new TreeSet<>();
    for (Meter meter : registry.getMeters()) {
      Meter.Id id = meter.getId();
      meters.add(id.getName() + " " + id.getType() + " " + id.getTag("name")
          + (id.getTag("mode") != null ? " " + id.getTag("mode") : ""));
      assertEquals("orders", id.getTag("state"));
      assertEquals("eu", id.getTag("region"));
    }
    Set<String> expected = new TreeSet<>();
    for (String name : List.of("agents", "queue", "config", "counts")) {
      expected.add("sharedstate.lock.acquisitions COUNTER " + name + " read");
      expected.add("sharedstate.lock.acquisitions COUNTER " + name + " write");
      expected.add("sharedstate.lock.wait TIMER " + name);
      expected.add("sharedstate.lock.wait.max GAUGE " + name);
      expected.add("sharedstate.lock.timeouts COUNTER " + name);
      expected.add("sharedstate.lock.order.violations COUNTER " + name);
      expected.add("sharedstate.lock.long.waits COUNTER " + name);
      expected.add("sharedstate.lock.held.while.waited TIMER " + name);
      expected.add("sharedstate.lock.held.while.waited.max GAUGE " + name);
      expected.add("sharedstate.value.poisonings COUNTER " + name);
      expected.add("sharedstate.value.poisoned GAUGE " + name);
    }
    assertEquals(expected, meters);
    assertTrue(registry.get("sharedstate.lock.wait.max").meter() instanceof TimeGauge);
  }

  @Test
  void meterValues_equalStats_afterKnownWork() throws Exception {
    GuardedValue<Map<String, String>> agents = state.get(AGENTS);
    ExclusiveValue<Deque<String>> queue = state.get(QUEUE);
    SharedStateMetrics.of(state, "orders", Tags.empty()).bindTo(registry);
    agents.write(m -> m.put("a1", "idle"));
    agents.read(m -> m.get("a1"));
    agents.read(m -> m.get("a1"));
    Thread waiter;
    try (LockHolder holder = LockHolder.holdingWrite(agents)) {
      assertThrows( // a timed-out wait: counted as a wait too
          LockTimeoutException.class, () -> agents.tryRead(Duration.ZERO, m -> m));
      waiter = new Thread(() -> agents.read(m -> m)); // a contended wait
      waiter.start();
      Await.parked(waiter);
    }
    waiter.join(10_000);
    assertThrows( // an order violation, which also poisons the queue
        LockOrderViolationException.class, () -> queue.with(q -> agents.read(m -> m)));

    LockStats stats = agents.stats();
    assertEquals(3, stats.readAcquisitions()); // two reads and the waiter's; none timed out
    assertEquals(2, stats.writeAcquisitions()); // the write and the holder's
    assertEquals(1, stats.timeouts());
    assertEquals(1, stats.contendedAcquisitions());
    assertEquals(2, stats.waits());
    assertEquals(1, stats.violations());
    assertEquals(
        (double) stats.readAcquisitions(), counter("sharedstate.lock.acquisitions", "agents", "read"));
    assertEquals(
        (double) stats.writeAcquisitions(),
        counter("sharedstate.lock.acquisitions", "agents", "write"));
    FunctionTimer wait = registry.get("sharedstate.lock.wait").tag("name", "agents").functionTimer();
    assertEquals((double) stats.waits(), wait.count());
    assertEquals((double) stats.totalWait().toNanos(), wait.totalTime(TimeUnit.NANOSECONDS), 0.5);
    assertTrue(stats.maxWait().toNanos() > 0);
    assertEquals(
        (double) stats.maxWait().toNanos(),
        registry.get("sharedstate.lock.wait.max").tag("name", "agents").timeGauge()
            .value(TimeUnit.NANOSECONDS), 0.5);
    assertEquals(1, counter("sharedstate.lock.timeouts", "agents", null));
    assertEquals(1, counter("sharedstate.lock.order.violations", "agents", null));
    assertEquals(0, counter("sharedstate.value.poisonings", "agents", null));
    assertEquals(0, poisoned("agents"));
    assertEquals(1, counter("sharedstate.value.poisonings", "queue", null));
    assertEquals(1, poisoned("queue"));
    queue.clearPoison();
    assertEquals(0, poisoned("queue"));
    state.get(CONFIG).set("v2");
    state.get(COUNTS).modify("k", c -> c[0]++);
    for (String name : List.of("config", "counts")) {
      SharedValue value = state.values().stream()
          .filter(v -> v.name().equals(name)).findFirst().orElseThrow();
      assertEquals(1.0, counter("sharedstate.lock.acquisitions", name, "write"));
      assertEquals((double) value.stats().writeAcquisitions(),
          counter("sharedstate.lock.acquisitions", name, "write"));
    }
    assertEquals(
        (double) queue.stats().writeAcquisitions(),
        counter("sharedstate.lock.acquisitions", "queue", "write"));
  }

  private double counter(String name, String value, String mode) {
    var search = registry.get(name).tag("name", value);
    if (mode != null) {
      search = search.tag("mode", mode);
    }
    FunctionCounter counter = search.functionCounter();
    return counter.count();
  }

  private double poisoned(String value) {
    Gauge gauge = registry.get("sharedstate.value.poisoned").tag("name", value).gauge();
    return gauge.value();
  }

  @Test
  void singleValue_isTaggedStateNone() {
    GuardedValue<Integer> value = GuardedValue.builder(0).name("counter").build();
    SharedStateMetrics.of(value, List.of(Tag.of("app", "x"))).bindTo(registry);
    assertEquals(11, registry.getMeters().size());
    for (Meter meter : registry.getMeters()) {
      assertEquals("none", meter.getId().getTag("state"));
      assertEquals("counter", meter.getId().getTag("name"));
      assertEquals("x", meter.getId().getTag("app"));
    }
  }

  @Test
  void dropInLock_hasTheLockMeters_andNoPoisonMeters() {
    OrderedLock lock = OrderedLock.builder().name("legacy").build();
    SharedStateMetrics.of(lock, Tags.empty()).bindTo(registry);
    lock.lock();
    try {
      assertTrue(lock.isHeldByCurrentThread());
    } finally {
      lock.unlock();
    }
    assertEquals(9, registry.getMeters().size());
    assertNull(registry.find("sharedstate.value.poisoned").gauge());
    FunctionCounter writes =
        registry.get("sharedstate.lock.acquisitions").tag("mode", "write").functionCounter();
    assertEquals(1.0, writes.count());
  }

  @Test
  void unbindFrom_removesEveryMeter_ofThatRegistryOnly() {
    SimpleMeterRegistry other = new SimpleMeterRegistry();
    SharedStateMetrics metrics = SharedStateMetrics.of(state, "orders", Tags.empty());
    metrics.bindTo(registry);
    metrics.bindTo(registry); // the same meters again
    metrics.bindTo(other);
    assertEquals(44, registry.getMeters().size());
    metrics.unbindFrom(registry);
    assertEquals(List.of(), registry.getMeters());
    assertEquals(44, other.getMeters().size());
    metrics.unbindFrom(registry); // nothing left: no effect
    metrics.unbindFrom(other);
    assertEquals(List.of(), other.getMeters());
  }

  @Test
  void valuesAreHeldWeakly_byTheBinderAndItsMeters() {
    WeakReference<GuardedValue<Integer>> ref = bindThrowaway();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (ref.get() != null && System.nanoTime() < deadline) {
      System.gc();
    }
    assertNull(ref.get(), "the binder or a meter kept the value alive");
    assertTrue(Double.isNaN(registry.get("sharedstate.value.poisoned").gauge().value()));
  }

  private WeakReference<GuardedValue<Integer>> bindThrowaway() {
    GuardedValue<Integer> value = GuardedValue.of(0);
    SharedStateMetrics metrics = SharedStateMetrics.of(value, Tags.empty());
    metrics.bindTo(registry);
    return new WeakReference<>(value);
  }

  @Test
  void badArguments_areRejected_withTheirNames() {
    GuardedValue<Integer> value = GuardedValue.of(0);
    assertEquals("state", assertThrows(NullPointerException.class,
        () -> SharedStateMetrics.of((SharedState) null, "s", Tags.empty())).getMessage());
    assertEquals("value", assertThrows(NullPointerException.class,
        () -> SharedStateMetrics.of((SharedValue) null, Tags.empty())).getMessage());
    assertEquals("stateName", assertThrows(NullPointerException.class,
        () -> SharedStateMetrics.of(state, null, Tags.empty())).getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> SharedStateMetrics.of(state, " ", Tags.empty()));
    assertEquals("tags", assertThrows(NullPointerException.class,
        () -> SharedStateMetrics.of(value, null)).getMessage());
    for (String own : List.of("name", "state", "mode")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> SharedStateMetrics.of(value, Tags.of(own, "x")));
      assertTrue(e.getMessage().contains("'" + own + "'"), e.getMessage());
    }
    SharedStateMetrics metrics = SharedStateMetrics.of(value, Tags.empty());
    assertEquals("registry",
        assertThrows(NullPointerException.class, () -> metrics.bindTo(null)).getMessage());
    assertEquals("registry",
        assertThrows(NullPointerException.class, () -> metrics.unbindFrom(null)).getMessage());
    assertTrue(registry.getMeters().stream().map(Meter::getId).collect(Collectors.toList())
        .isEmpty());
  }
}
