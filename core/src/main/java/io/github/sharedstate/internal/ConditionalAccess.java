package io.github.sharedstate.internal;

import io.github.sharedstate.LockTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The conditional forms of a {@link ValueCore} ({@code withWhen}, {@code writeWhen}, {@code
 * readWhen}): take the lock, wait on the value's {@link Waiters} until a predicate holds, then run
 * a function with the lock still held.
 */
public final class ConditionalAccess {
  /*
   * Concurrency: the predicate is tested only with the lock held, and the function runs under the
   * same hold (or, for readWhen after a wait, under a read hold taken before the write hold was
   * let go), so no writer changes the value in between. While a thread waits it holds no lock of
   * the value: Condition.await() gives the write lock up and takes it back, and the thread's
   * held-lock record drops the entry for that time. Waiters states why no wake-up is lost.
   * Condition.await() takes the write lock back without revoking the reader bias, so a woken
   * waiter revokes it again before it touches the value.
   */

  private ConditionalAccess() {}

  /**
   * Runs {@code fn} under the write lock once {@code predicate} holds on the value, waiting
   * without interruption; a failure of {@code fn} poisons the value, one of {@code predicate}
   * does not.
   */
  public static <T, R> R writeWhen(
      ValueCore<T> core, Predicate<? super T> predicate, Function<? super T, ? extends R> fn) {
    return uninterruptibly(() -> writeWhen(core, predicate, fn, null, false));
  }

  /**
   * As {@link #writeWhen(ValueCore, Predicate, Function)}, interruptibly, at most {@code timeout}
   * if set.
   */
  public static <T, R> R writeWhen(
      ValueCore<T> core,
      Predicate<? super T> predicate,
      Function<? super T, ? extends R> fn,
      @Nullable Duration timeout)
      throws InterruptedException {
    return writeWhen(core, predicate, fn, timeout, true);
  }

  private static <T, R> R writeWhen(
      ValueCore<T> core,
      Predicate<? super T> predicate,
      Function<? super T, ? extends R> fn,
      @Nullable Duration timeout,
      boolean interruptible)
      throws InterruptedException {
    Objects.requireNonNull(predicate, "predicate");
    Objects.requireNonNull(fn, "fn");
    checkNotHeldForWait(core);
    HeldLocks held = core.engine().acquire(true, false, timeout, interruptible);
    return core.writeHeld(fn, awaitWhen(core, held, predicate, timeout, interruptible));
  }

  /**
   * Runs {@code fn} under the read lock once {@code predicate} holds on the value, waiting
   * without interruption.
   */
  public static <T, R> R readWhen(
      ValueCore<T> core, Predicate<? super T> predicate, Function<? super T, ? extends R> fn) {
    return uninterruptibly(() -> readWhen(core, predicate, fn, null, false));
  }

  /**
   * As {@link #readWhen(ValueCore, Predicate, Function)}, interruptibly, at most {@code timeout}
   * if set.
   */
  public static <T, R> R readWhen(
      ValueCore<T> core,
      Predicate<? super T> predicate,
      Function<? super T, ? extends R> fn,
      @Nullable Duration timeout)
      throws InterruptedException {
    return readWhen(core, predicate, fn, timeout, true);
  }

  /**
   * A predicate that holds already is tested and followed by {@code fn} under the read lock, so
   * such readers run in parallel. Otherwise the thread waits under the write lock, the only lock
   * a Condition works with, and once the predicate holds it downgrades: it takes the read lock
   * before it lets the write lock go, so no writer can change the value between the predicate
   * and {@code fn}. Waiters therefore leave the wait one at a time, each after the previous one
   * has downgraded.
   */
  private static <T, R> R readWhen(
      ValueCore<T> core,
      Predicate<? super T> predicate,
      Function<? super T, ? extends R> fn,
      @Nullable Duration timeout,
      boolean interruptible)
      throws InterruptedException {
    Objects.requireNonNull(predicate, "predicate");
    Objects.requireNonNull(fn, "fn");
    checkNotHeldForWait(core);
    long start = timeout != null ? System.nanoTime() : 0;
    HeldLocks held = core.engine().acquire(false, false, timeout, interruptible);
    boolean holds = false;
    try {
      core.checkNotPoisoned();
      holds = predicate.test(core.value());
    } finally {
      if (!holds) {
        core.release(false, held);
      }
    }
    if (!holds) {
      Duration left = remaining(timeout, start);
      held = core.engine().acquire(true, false, left, interruptible);
      held = awaitWhen(core, held, predicate, left, interruptible);
      downgrade(core, held);
    }
    return core.readHeld(fn, held);
  }

  /**
   * With the write lock just taken, waits until {@code predicate} holds on a value that is not
   * poisoned; returns {@code held} with the lock held and the predicate true, or releases the
   * lock and throws. The caller has checked that the thread held this lock not already, so
   * await() gives it up entirely. {@code timeout}, if set, was the budget of the acquisition
   * just made; what that acquisition waited comes out of it.
   */
  private static <T> @Nullable HeldLocks awaitWhen(
      ValueCore<T> core,
      @Nullable HeldLocks held,
      Predicate<? super T> predicate,
      @Nullable Duration timeout,
      boolean interruptible)
      throws InterruptedException {
    long lockWait = core.engine().stats.holderWait(); // read before any await() lets another holder in
    boolean holds = false;
    try {
      core.checkNotPoisoned();
      holds = predicate.test(core.value());
      if (!holds) {
        awaitPredicate(core, predicate, held, lockWait, timeout, interruptible);
        holds = true;
      }
      return held;
    } finally {
      if (!holds) {
        core.release(true, held);
      }
    }
  }

  /**
   * Waits, holding the write lock between wake-ups, until the predicate holds; may throw. The
   * clock is read here first: a call whose predicate holds at once never reads it, and counts
   * its time against the timeout from the acquisition's own wait ({@code lockWait}) instead.
   */
  private static <T> void awaitPredicate(
      ValueCore<T> core,
      Predicate<? super T> predicate,
      @Nullable HeldLocks held,
      long lockWait,
      @Nullable Duration timeout,
      boolean interruptible)
      throws InterruptedException {
    LockEngine engine = core.engine();
    Waiters w = engine.waiters();
    Stats stats = engine.stats;
    stats.conditionWait();
    long waitStart = System.nanoTime();
    long deadline = timeout == null ? 0 : waitStart - lockWait + timeout.toNanos();
    try {
      do {
        long left = -1;
        if (timeout != null) {
          left = deadline - System.nanoTime();
          if (left <= 0) {
            throw LockTimeoutException.predicateNeverHeld(core.name(), timeout);
          }
        }
        // While it waits the thread holds no lock of this value, and its record says so; the
        // order check made before the first wait still holds, as the thread took nothing since.
        engine.leave(held, true);
        try {
          w.await(left, interruptible);
        } finally {
          if (held != null) {
            held.push(engine.position, true); // await() returns and throws only with the lock held
          }
        }
        revokeAfterWait(engine, deadline, timeout, interruptible);
        core.checkNotPoisoned();
      } while (!predicate.test(core.value()));
    } finally {
      stats.conditionWaited(System.nanoTime() - waitStart);
    }
  }

  /** Revokes the reader bias that may have come back while this thread waited without the lock. */
  private static void revokeAfterWait(
      LockEngine engine, long deadline, @Nullable Duration timeout, boolean interruptible)
      throws InterruptedException {
    long left = timeout == null ? -1 : Math.max(0, deadline - System.nanoTime());
    if (!engine.revokeAfterWait(left, interruptible)) {
      throw new LockTimeoutException(
          engine.name(), engine.access(true), Objects.requireNonNull(timeout));
    }
  }

  /** Turns the write hold of a conditional read into a read hold without letting go between. */
  private static void downgrade(ValueCore<?> core, @Nullable HeldLocks held) {
    ((ReadWriteEngine) core.engine()).downgrade(held); // readWhen exists on read-write values only
  }

  private static @Nullable Duration remaining(@Nullable Duration timeout, long start) {
    return timeout == null
        ? null
        : Duration.ofNanos(Math.max(0, timeout.toNanos() - (System.nanoTime() - start)));
  }

  /** A wait that throws InterruptedException only when asked to wait interruptibly. */
  private interface Wait<R> {
    R run() throws InterruptedException;
  }

  private static <R> R uninterruptibly(Wait<R> wait) {
    try {
      return wait.run();
    } catch (InterruptedException e) {
      throw new AssertionError("an uninterruptible wait was interrupted", e);
    }
  }

  /** Rejects a conditional call by a thread that holds this value's lock: it would wait forever. */
  private static void checkNotHeldForWait(ValueCore<?> core) {
    LockEngine engine = core.engine();
    if (engine.heldByCurrentThread(true) || engine.heldByCurrentThread(false)) {
      throw new IllegalStateException(
          "thread '"
              + Thread.currentThread().getName()
              + "' already holds the lock of '"
              + core.name()
              + "' and would wait with it for a predicate that only another thread, which needs"
              + " that lock, can make true: test the value directly under the lock you hold, or"
              + " call the conditional form without holding the lock");
    }
  }
}
