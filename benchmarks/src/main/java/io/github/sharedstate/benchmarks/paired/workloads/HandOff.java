package io.github.sharedstate.benchmarks.paired.workloads;

import io.github.sharedstate.ExclusiveValue;
import io.github.sharedstate.LockTimeoutException;
import io.github.sharedstate.benchmarks.HandOffBenchmark;
import io.github.sharedstate.benchmarks.paired.Window;
import io.github.sharedstate.benchmarks.paired.Workload;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Predicate;
import org.openjdk.jmh.infra.Blackhole;

/**
 * A producer and a consumer hand items through a bounded queue of 1024 (thread 0 consumes, thread
 * 1 produces): the paired runner's sides for {@link HandOffBenchmark}'s {@code exclusive} and
 * {@code condition} groups, each operation exactly that benchmark's group member, the window's
 * flag in place of JMH's stop flag. Every wait is timed (1 ms), so a thread whose partner has left
 * the window sees it closed and returns. Only the consumer's hand-offs count: the hand-off rate.
 */
public final class HandOff {
  private static final int CAPACITY = 1024;
  private static final long WAIT_MILLIS = 1;
  private static final Duration WAIT = Duration.ofMillis(WAIT_MILLIS);
  private static final Integer ITEM = 42;

  private static final Predicate<Deque<Integer>> NOT_EMPTY = q -> !q.isEmpty();
  private static final Predicate<Deque<Integer>> NOT_FULL = q -> q.size() < CAPACITY;
  private static final Function<Deque<Integer>, Integer> TAKE = Deque::poll;
  private static final Function<Deque<Integer>, Boolean> PUT = q -> q.add(ITEM);

  private HandOff() {}

  /** {@code ExclusiveValue.tryWithWhen} on an {@code ExclusiveValue<Deque>}. */
  public static final class ExclusiveWithWhen implements Workload {
    private final ExclusiveValue<Deque<Integer>> exclusive =
        ExclusiveValue.of(new ArrayDeque<>(CAPACITY));

    @Override
    public int threads() {
      return 2;
    }

    @Override
    public long run(int thread, Window window, Blackhole sink) {
      long ops = 0;
      try {
        do {
          if (thread == 0) {
            Integer item = exclusiveWhen(NOT_EMPTY, TAKE, window);
            if (item != null) {
              sink.consume(item);
              ops++;
            }
          } else {
            sink.consume(exclusiveWhen(NOT_FULL, PUT, window));
          }
        } while (window.isOpen());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return ops;
    }

    private <R> R exclusiveWhen(
        Predicate<Deque<Integer>> ready, Function<Deque<Integer>, R> fn, Window window)
        throws InterruptedException {
      while (window.isOpen()) {
        try {
          return exclusive.tryWithWhen(WAIT, ready, fn);
        } catch (LockTimeoutException partnerStopped) {
          // the partner has left the window
        }
      }
      return null;
    }
  }

  /** The same hand-off by hand: a ReentrantLock and two Conditions, condition waits timed. */
  public static final class ConditionByHand implements Workload {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private final Deque<Integer> handWritten = new ArrayDeque<>(CAPACITY);

    @Override
    public int threads() {
      return 2;
    }

    @Override
    public long run(int thread, Window window, Blackhole sink) {
      long ops = 0;
      try {
        do {
          if (thread == 0) {
            Integer item = conditionConsumer(window);
            if (item != null) {
              sink.consume(item);
              ops++;
            }
          } else {
            sink.consume(conditionProducer(window));
          }
        } while (window.isOpen());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return ops;
    }

    private Integer conditionConsumer(Window window) throws InterruptedException {
      lock.lockInterruptibly();
      try {
        while (handWritten.isEmpty()) {
          if (!window.isOpen()) {
            return null;
          }
          notEmpty.awaitNanos(TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS));
        }
        Integer item = handWritten.poll();
        notFull.signal();
        return item;
      } finally {
        lock.unlock();
      }
    }

    private Boolean conditionProducer(Window window) throws InterruptedException {
      lock.lockInterruptibly();
      try {
        while (handWritten.size() >= CAPACITY) {
          if (!window.isOpen()) {
            return false;
          }
          notFull.awaitNanos(TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS));
        }
        handWritten.add(ITEM);
        notEmpty.signal();
        return true;
      } finally {
        lock.unlock();
      }
    }
  }
}
