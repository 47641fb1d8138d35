package io.github.sharedstate.micrometer;

import io.github.sharedstate.SharedValue;
import io.github.sharedstate.Lockable;
import io.github.sharedstate.LockStats;
import io.github.sharedstate.SharedState;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Micrometer meters for the values and locks of a {@link SharedState}, or for single ones: the
 * counters of {@link Lockable#stats()} and, for a value, the poison flag, as a {@link
 * MeterBinder}.
 *
 * <pre>{@code
 * SharedStateMetrics.of(state, "orders", Tags.of("region", "eu")).bindTo(registry);
 * }</pre>
 *
 * <p>Every meter is tagged {@code name} (the value's or lock's name), {@code state} (the state's name given
 * here, {@code "none"} for a single value) and the caller's extra tags:
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>from {@link LockStats}</th></tr>
 *   <tr><td>{@code sharedstate.lock.acquisitions}</td><td>function counter, tag {@code
 *       mode=read|write}</td><td>{@code readAcquisitions}, {@code writeAcquisitions}</td></tr>
 *   <tr><td>{@code sharedstate.lock.wait}</td><td>function timer</td><td>count {@code waits()},
 *       total {@code totalWait}</td></tr>
 *   <tr><td>{@code sharedstate.lock.wait.max}</td><td>time gauge</td><td>{@code maxWait}</td></tr>
 *   <tr><td>{@code sharedstate.lock.timeouts}</td><td>function counter</td><td>{@code
 *       timeouts}</td></tr>
 *   <tr><td>{@code sharedstate.lock.order.violations}</td><td>function counter</td><td>{@code
 *       violations}</td></tr>
 *   <tr><td>{@code sharedstate.lock.long.waits}</td><td>function counter</td><td>{@code
 *       longWaits}</td></tr>
 *   <tr><td>{@code sharedstate.lock.held.while.waited}</td><td>function timer</td><td>count
 *       {@code contendedAcquisitions}, total {@code heldWhileWaited}</td></tr>
 *   <tr><td>{@code sharedstate.lock.held.while.waited.max}</td><td>time gauge</td><td>{@code
 *       maxHeldWhileWaited}</td></tr>
 *   <tr><td>{@code sharedstate.value.poisonings}</td><td>function counter</td><td>{@code
 *       poisonings}; values only</td></tr>
 *   <tr><td>{@code sharedstate.value.poisoned}</td><td>gauge, 1 or 0</td><td>{@link
 *       SharedValue#isPoisoned()}; values only</td></tr>
 * </table>
 *
 * <p>As Micrometer's own binders do, the binder and its meters hold the values weakly: binding
 * keeps nothing alive, and a value or lock that was collected reads as {@code NaN}. {@link
 * #unbindFrom(MeterRegistry)} removes the meters again. The meters read the value's counters
 * when the registry asks (at each scrape or publication), never on the locking paths.
 *
 * <p>Thread-safety: safe to use from any thread. Needs {@code micrometer-core} at run time; the
 * rest of the library does not.
 */
public final class SharedStateMetrics implements MeterBinder {
  private static final Set<String> OWN_TAGS = Set.of("name", "state", "mode");

  private final List<WeakReference<Lockable>> values;
  private final Tags tags;
  /** The meters registered in each registry, so unbindFrom can remove them; weak keys. */
  private final Map<MeterRegistry, List<Meter>> registered = new WeakHashMap<>();

  private SharedStateMetrics(List<? extends Lockable> values, String stateName, Iterable<Tag> tags) {
    Objects.requireNonNull(stateName, "stateName");
    if (stateName.isBlank()) {
      throw new IllegalArgumentException("stateName must not be blank");
    }
    Objects.requireNonNull(tags, "tags");
    for (Tag tag : tags) {
      if (OWN_TAGS.contains(Objects.requireNonNull(tag, "tags contains null").getKey())) {
        throw new IllegalArgumentException(
            "tag '" + tag.getKey() + "' is set by SharedStateMetrics; use another key");
      }
    }
    List<WeakReference<Lockable>> refs = new ArrayList<>();
    for (Lockable value : values) {
      refs.add(new WeakReference<>(value));
    }
    this.values = List.copyOf(refs);
    this.tags = Tags.of(tags).and("state", stateName);
  }

  /**
   * Returns a binder for every value and lock of {@code state} (its services have no meters).
   *
   * @param state the state
   * @param stateName the value of the {@code state} tag
   * @param tags extra tags for every meter; not {@code name}, {@code state} or {@code mode}
   * @return the binder
   * @throws NullPointerException if an argument or a tag is null
   * @throws IllegalArgumentException if {@code stateName} is blank, or a tag uses a key this
   *     binder sets
   */
  public static SharedStateMetrics of(SharedState state, String stateName, Iterable<Tag> tags) {
    return new SharedStateMetrics(
        Objects.requireNonNull(state, "state").members(), stateName, tags);
  }

  /**
   * Returns a binder for one value or lock, tagged {@code state=none}.
   *
   * @param value the value or lock
   * @param tags extra tags for every meter; not {@code name}, {@code state} or {@code mode}
   * @return the binder
   * @throws NullPointerException if an argument or a tag is null
   * @throws IllegalArgumentException if a tag uses a key this binder sets
   */
  public static SharedStateMetrics of(Lockable value, Iterable<Tag> tags) {
    return new SharedStateMetrics(List.of(Objects.requireNonNull(value, "value")), "none", tags);
  }

  /**
   * Registers the meters of every value and lock still reachable. Binding twice to one registry registers
   * nothing new (Micrometer keeps the existing meters and logs a warning).
   *
   * @param registry the registry
   * @throws NullPointerException if {@code registry} is null
   */
  @Override
  public void bindTo(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    List<Meter> meters = new ArrayList<>();
    for (WeakReference<Lockable> ref : values) {
      Lockable value = ref.get();
      if (value != null) {
        bind(registry, value, tags.and("name", value.name()), meters);
      }
    }
    synchronized (registered) {
      registered.computeIfAbsent(registry, r -> new ArrayList<>()).addAll(meters);
    }
  }

  /**
   * Removes from {@code registry} every meter this binder registered there.
   *
   * @param registry a registry given to {@link #bindTo}
   * @throws NullPointerException if {@code registry} is null
   */
  public void unbindFrom(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    List<Meter> meters;
    synchronized (registered) {
      meters = registered.remove(registry);
    }
    if (meters != null) {
      meters.forEach(registry::remove);
    }
  }

  private static void bind(
      MeterRegistry registry, Lockable value, Tags tags, List<Meter> meters) {
    meters.add(
        counter("sharedstate.lock.acquisitions", value, LockStats::readAcquisitions)
            .tags(tags.and("mode", "read"))
            .description("read-lock acquisitions")
            .register(registry));
    meters.add(
        counter("sharedstate.lock.acquisitions", value, LockStats::writeAcquisitions)
            .tags(tags.and("mode", "write"))
            .description("write-lock (or mutex) acquisitions")
            .register(registry));
    meters.add(
        FunctionTimer.builder(
                "sharedstate.lock.wait",
                value,
                v -> v.stats().waits(),
                v -> v.stats().totalWait().toNanos(),
                TimeUnit.NANOSECONDS)
            .tags(tags)
            .description("waits for a lock held by another thread, timed-out waits included")
            .register(registry));
    meters.add(
        TimeGauge.builder(
                "sharedstate.lock.wait.max",
                value,
                TimeUnit.NANOSECONDS,
                v -> v.stats().maxWait().toNanos())
            .tags(tags)
            .description("the longest single wait")
            .register(registry));
    meters.add(
        counter("sharedstate.lock.timeouts", value, LockStats::timeouts)
            .tags(tags)
            .description("timed acquisitions that gave up")
            .register(registry));
    meters.add(
        counter("sharedstate.lock.order.violations", value, LockStats::violations)
            .tags(tags)
            .description("lock-order violations when asking for this lock")
            .register(registry));
    meters.add(
        counter("sharedstate.lock.long.waits", value, LockStats::longWaits)
            .tags(tags)
            .description("waits past the lock's long-wait threshold, each reported once")
            .register(registry));
    meters.add(
        FunctionTimer.builder(
                "sharedstate.lock.held.while.waited",
                value,
                v -> v.stats().contendedAcquisitions(),
                v -> v.stats().heldWhileWaited().toNanos(),
                TimeUnit.NANOSECONDS)
            .tags(tags)
            .description("time exclusive holders kept the lock while threads waited for it")
            .register(registry));
    meters.add(
        TimeGauge.builder(
                "sharedstate.lock.held.while.waited.max",
                value,
                TimeUnit.NANOSECONDS,
                v -> v.stats().maxHeldWhileWaited().toNanos())
            .tags(tags)
            .description("the longest time one holder kept the lock while threads waited")
            .register(registry));
    if (value instanceof SharedValue guarded) { // a lock has no value to poison
      meters.add(
          counter("sharedstate.value.poisonings", value, LockStats::poisonings)
              .tags(tags)
              .description("times a failing writer poisoned the value")
              .register(registry));
      meters.add(
          Gauge.builder("sharedstate.value.poisoned", guarded, v -> v.isPoisoned() ? 1 : 0)
              .tags(tags)
              .description("1 while the value is poisoned, else 0")
              .register(registry));
    }
  }

  private static FunctionCounter.Builder<Lockable> counter(
      String name, Lockable value, ToDoubleFunction<LockStats> count) {
    return FunctionCounter.builder(name, value, v -> count.applyAsDouble(v.stats()));
  }
}
