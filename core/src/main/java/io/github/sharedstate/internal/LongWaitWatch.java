package io.github.sharedstate.internal;

import io.github.sharedstate.LockDiagnostics;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * Watches the contended waits for locks that have a long-wait threshold, and reports each wait
 * that passes its threshold once: who waits, and who holds the lock doing what (see {@link
 * LockDiagnostics.LongWait}). The reports are made by one daemon thread of the library, never by
 * the waiter, so a wait goes on exactly as it would without them (same timeout, interrupt and
 * fairness), and a report that fails cannot throw into it.
 */
public final class LongWaitWatch {
  /*
   * Concurrency: a waiting thread adds its Wait to WAITS before it blocks and removes it after;
   * only the watch thread reads and writes `reported`. The watch thread parks without a limit
   * while WAITS is empty (`idle`), and a registering thread that finds it idle wakes it: the
   * watcher sets `idle` before it checks WAITS for the last time, and a registering thread adds
   * before it reads `idle`, so one of the two sees the other. While waits are registered it scans
   * them at least every SCAN_NANOS, so a report comes at most that late, and sooner when a wait's
   * due time is nearer. Nothing here holds a lock of the user's; the report reads the holder's
   * stack with Thread.getStackTrace(), which does not stop the holder for longer than a safepoint.
   */
  private static final System.Logger LOGGER =
      System.getLogger("io.github.sharedstate.LockDiagnostics");
  private static final long DEFAULT_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final long SCAN_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
  /** How many of the holder's frames a report keeps. */
  private static final int STACK_DEPTH = 32;

  /** The process default threshold, from {@link LockDiagnostics#LONG_WAIT_PROPERTY}; 0: off. */
  public static final long DEFAULT_THRESHOLD_NANOS =
      parseThreshold(System.getProperty(LockDiagnostics.LONG_WAIT_PROPERTY));

  private static final Set<Wait> WAITS = ConcurrentHashMap.newKeySet();
  private static volatile boolean idle;

  private LongWaitWatch() {}

  /** The property's value as nanoseconds, or the default (logged) if it is no duration. */
  static long parseThreshold(@Nullable String property) {
    if (property == null) {
      return DEFAULT_NANOS;
    }
    String value = property.strip();
    if (value.equals("0")) {
      return 0;
    }
    try {
      Duration threshold = Duration.parse(value);
      if (!threshold.isNegative()) {
        return threshold.toNanos();
      }
    } catch (DateTimeParseException e) {
      // reported below
    }
    LOGGER.log(
        Level.WARNING,
        LockDiagnostics.LONG_WAIT_PROPERTY
            + "="
            + property
            + " is neither an ISO-8601 duration such as PT0.5S nor 0; the threshold is 1 second");
    return DEFAULT_NANOS;
  }

  /** One thread's contended wait for one lock. */
  static final class Wait {
    final Thread thread = Thread.currentThread();
    final LockEngine engine;
    final boolean write;
    final long start;
    final long due;
    /** Written and read by the watch thread only. */
    boolean reported;

    Wait(LockEngine engine, boolean write, long start, long threshold) {
      this.engine = engine;
      this.write = write;
      this.start = start;
      this.due = start + threshold;
    }
  }

  /** Registers the current thread's wait, begun at {@code start}, before it blocks. */
  static Wait begin(LockEngine engine, boolean write, long start, long threshold) {
    Wait wait = new Wait(engine, write, start, threshold);
    WAITS.add(wait);
    Thread watcher = Watcher.THREAD; // the first wait starts the watch thread
    if (idle) {
      LockSupport.unpark(watcher);
    }
    return wait;
  }

  /** Removes a wait registered by {@link #begin}, however it ended. */
  static void end(Wait wait) {
    WAITS.remove(wait);
  }

  /** Holds the watch thread, started when the first wait registers. */
  private static final class Watcher {
    static final Thread THREAD = start();

    private static Thread start() {
      Thread thread = new Thread(LongWaitWatch::watch, "sharedstate-long-wait-watch");
      thread.setDaemon(true);
      thread.start();
      return thread;
    }
  }

  private static void watch() {
    while (true) {
      if (WAITS.isEmpty()) {
        idle = true;
        if (WAITS.isEmpty()) {
          LockSupport.park(LongWaitWatch.class);
        }
        idle = false;
        continue;
      }
      long now = System.nanoTime();
      long sleep = SCAN_NANOS;
      for (Wait wait : WAITS) {
        if (wait.reported) {
          continue;
        }
        long left = wait.due - now;
        if (left <= 0) {
          wait.reported = true;
          report(wait, now);
        } else if (left < sleep) {
          sleep = left;
        }
      }
      LockSupport.parkNanos(LongWaitWatch.class, sleep);
    }
  }

  /** Reports one wait; never throws, so that the watch goes on. */
  private static void report(Wait wait, long now) {
    try {
      LockEngine engine = wait.engine;
      List<Thread> holders = new ArrayList<>(1);
      engine.addKnownHolders(holders, wait.thread);
      List<String> names = new ArrayList<>(holders.size());
      for (Thread holder : holders) {
        names.add(holder.getName());
      }
      List<StackTraceElement> stack = List.of();
      if (!holders.isEmpty()) {
        StackTraceElement[] frames = holders.get(0).getStackTrace();
        stack = Arrays.asList(frames).subList(0, Math.min(STACK_DEPTH, frames.length));
      }
      LockDiagnostics.LongWait report =
          new LockDiagnostics.LongWait(
              engine.name(),
              engine.access(wait.write),
              wait.thread.getName(),
              Duration.ofNanos(now - wait.start),
              names,
              engine.unnamedReadHolds(wait.thread),
              Duration.ofNanos(Math.max(0, now - engine.stats.contendedSince())),
              stack,
              siteOf(engine, holders));
      engine.stats.longWait();
      LOGGER.log(Level.WARNING, report.describe());
      Jfr.longWait(
          report.lock(),
          report.mode(),
          report.waiter(),
          report.waited().toNanos(),
          String.join(", ", names),
          stackText(stack));
      Diagnostics.longWait(report);
    } catch (RuntimeException | Error e) {
      LOGGER.log(Level.ERROR, "sharedstate could not report a long wait", e);
    }
  }

  /** Where the (exclusive) holder took the lock, if the order captures acquisition sites. */
  private static List<StackTraceElement> siteOf(LockEngine engine, List<Thread> holders) {
    Throwable site = holders.size() == 1 ? engine.exclusiveSiteOf(holders.get(0)) : null;
    return site == null ? List.of() : Arrays.asList(site.getStackTrace());
  }

  private static String stackText(List<StackTraceElement> stack) {
    StringBuilder text = new StringBuilder();
    for (StackTraceElement frame : stack) {
      text.append(frame).append('\n');
    }
    return text.toString();
  }
}
