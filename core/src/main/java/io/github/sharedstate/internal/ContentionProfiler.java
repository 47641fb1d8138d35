package io.github.sharedstate.internal;

import io.github.sharedstate.ContentionProfile;
import io.github.sharedstate.LockDiagnostics;
import java.lang.System.Logger.Level;
import java.security.CodeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * The contention profile behind {@link LockDiagnostics#contentionProfile()}: the waiting charged
 * to the holders' code sites, per lock, in sampled contended releases.
 */
public final class ContentionProfiler {
  /*
   * Cost: nothing on an uncontended release (the engine calls in only when threads wait). A
   * contended release draws a thread-local random number; one in `sampling` walks its stack to
   * the first frame outside the library (the library's classes are those of this class's code
   * source: the core jar or classes directory) and adds to a concurrent map keyed by lock name and
   * site, after the lock is released. The map holds names, never locks.
   */
  private static final System.Logger LOGGER =
      System.getLogger("io.github.sharedstate.LockDiagnostics");
  private static final int DEFAULT_SAMPLING = 100;
  private static final StackWalker WALKER =
      StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
  private static final @Nullable CodeSource LIBRARY =
      ContentionProfiler.class.getProtectionDomain().getCodeSource();

  private static final Map<Site, Charge> CHARGES = new ConcurrentHashMap<>();
  private static volatile int sampling =
      parseSampling(System.getProperty(LockDiagnostics.CONTENTION_SAMPLING_PROPERTY));

  private ContentionProfiler() {}

  /** The property's value as a sampling, or the default (logged) if it is not a count. */
  static int parseSampling(@Nullable String property) {
    if (property == null) {
      return DEFAULT_SAMPLING;
    }
    try {
      int n = Integer.parseInt(property.strip());
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    LOGGER.log(
        Level.WARNING,
        LockDiagnostics.CONTENTION_SAMPLING_PROPERTY
            + "="
            + property
            + " is not a count of 0 or more; sampling 1 in "
            + DEFAULT_SAMPLING);
    return DEFAULT_SAMPLING;
  }

  public static int sampling() {
    return sampling;
  }

  public static void sampling(int n) {
    sampling = n;
  }

  public static void reset() {
    CHARGES.clear();
  }

  /**
   * Called by a thread that has just released {@code lock}, which {@code waiters} threads waited
   * for while it held it for {@code heldNanos}: charges a sampled one to the caller's code.
   */
  static void released(String lock, int waiters, long heldNanos) {
    int n = sampling;
    if (n <= 0 || (n > 1 && ThreadLocalRandom.current().nextInt(n) != 0)) {
      return;
    }
    long charged = waiters * heldNanos;
    String site = callerSite();
    CHARGES.computeIfAbsent(new Site(lock, site), key -> new Charge()).add(charged);
    Jfr.contentionCharge(lock, site, charged, waiters);
  }

  /** The first frame of the current stack outside the library, as text. */
  private static String callerSite() {
    return WALKER.walk(
        frames ->
            frames
                .filter(frame -> !isLibrary(frame.getDeclaringClass()))
                .findFirst()
                .map(frame -> frame.toStackTraceElement().toString())
                .orElse("(unknown)"));
  }

  private static boolean isLibrary(Class<?> type) {
    CodeSource source = type.getProtectionDomain().getCodeSource();
    return LIBRARY != null && LIBRARY.equals(source);
  }

  /** {@return the profile so far} */
  public static ContentionProfile snapshot() {
    List<ContentionProfile.Entry> entries = new ArrayList<>();
    CHARGES.forEach(
        (site, charge) ->
            entries.add(
                new ContentionProfile.Entry(
                    site.lock(),
                    site.site(),
                    Duration.ofNanos(charge.nanos.sum()),
                    charge.releases.sum())));
    entries.sort(
        Comparator.comparing(ContentionProfile.Entry::lock)
            .thenComparing(ContentionProfile.Entry::charged, Comparator.reverseOrder()));
    return new ContentionProfile(entries, sampling);
  }

  /** A lock and a holder's code site. */
  private record Site(String lock, String site) {}

  /** The waiting charged to one site, and its sampled releases. */
  private static final class Charge {
    final LongAdder nanos = new LongAdder();
    final LongAdder releases = new LongAdder();

    void add(long charged) {
      nanos.add(charged);
      releases.increment();
    }
  }
}
