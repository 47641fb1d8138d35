package io.github.sharedstate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.github.sharedstate.junit.LockDisciplineExtension;
import io.github.sharedstate.micrometer.SharedStateMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineTestKit;

/** The guide's Micrometer and JUnit examples (snippets), compiled and checked. */
final class ReadmeIntegrationsTest {
  static final StateKey<GuardedValue<Map<String, String>>> AGENTS = StateKey.guarded("agents");
  static final StateKey<ExclusiveValue<Deque<String>>> QUEUE = StateKey.exclusive("queue");

  static SharedState buildState() {
    return SharedState.builder()
        .guarded(AGENTS, new HashMap<>())
        .exclusive(QUEUE, new ArrayDeque<>())
        .build();
  }

  // snippet micrometer
  static SharedStateMetrics bindMetrics(SharedState state, MeterRegistry registry) {
    SharedStateMetrics metrics = SharedStateMetrics.of(state, "orders", Tags.of("region", "eu"));
    metrics.bindTo(registry);     // sharedstate.lock.acquisitions{state=orders,name=agents,...}
    return metrics;               // keep it: metrics.unbindFrom(registry) retires the meters
  }

  // Spring Boot: a MeterBinder bean is bound to the application's registry automatically.
  // @Bean
  MeterBinder sharedStateMetrics(SharedState state) {
    return SharedStateMetrics.of(state, "orders", Tags.empty());
  }
  // end snippet

  // snippet junit-extension
  @ExtendWith(LockDisciplineExtension.class)   // or for a whole suite: auto-detection
  static final class OrderServiceTest {
    final SharedState state = buildState();   // the application's state, as in production

    @Test
    void enqueue() {
      state.get(AGENTS).write(agents -> state.get(QUEUE).with(queue -> queue.add("task")));
    }
  }
  // end snippet

  @Test
  void metricsExample_registersAndRemovesTheMeters() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    SharedState state = buildState();
    SharedStateMetrics.of(state, "orders", Tags.of("region", "eu")).bindTo(registry);
    assertEquals(22, registry.getMeters().size()); // 11 per value
    SimpleMeterRegistry other = new SimpleMeterRegistry();
    SharedStateMetrics bound = bindMetrics(state, other);
    assertEquals(22, other.getMeters().size());
    bound.unbindFrom(other);
    assertEquals(0, other.getMeters().size());
    sharedStateMetrics(state).bindTo(other);
    assertEquals(22, other.getMeters().size());
  }

  @Test
  void junitExample_passes() {
    EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(OrderServiceTest.class))
        .execute()
        .testEvents()
        .assertStatistics(stats -> stats.started(1).succeeded(1));
  }
}
