package io.github.sharedstate.benchmarks;

import io.github.sharedstate.ExclusiveValue;
import io.github.sharedstate.LockTimeoutException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Predicate;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Control;

/**
 * Hand-off through a bounded queue ({@value #CAPACITY} elements): one producer and one consumer
 * that block when the queue is full or empty, each implementation in its own group: {@link
 * ExclusiveValue#tryWithWhen} on an {@code ExclusiveValue<Deque>}, the same written by hand with
 * a {@link ReentrantLock} and two {@link Condition}s, {@link ArrayBlockingQueue} and {@link
 * LinkedBlockingQueue}. The consumer's score is the hand-off rate.
 *
 * <p>Every wait is timed ({@value #WAIT_MILLIS} ms), in all four, so that a thread left waiting
 * when its partner stops at the end of an iteration sees JMH's stop flag and returns. The wait is
 * short because that last wait counts in the thread's measured time (100 ms made the consumer of
 * a 1 s iteration look 10% slower than its producer); while the pair runs on a quiet machine a
 * hand-off takes microseconds and the timeout does not expire.
 *
 * <p>The hand-written version times only its condition waits, where {@code tryWithWhen} also
 * times its wait for the mutex. {@code conditionTimedLock} is the hand-written version that bounds
 * the mutex wait too ({@code tryLock(timeout)}, then the same timeout again for the condition,
 * which is still a little less than tryWithWhen's one budget for both). The untimed pair ({@code
 * exclusiveUntimed}: {@link ExclusiveValue#withWhenInterruptibly}, {@code conditionUntimed}:
 * {@link Condition#await()}) has no timeout on either side. Its threads wait without a limit, so
 * once the measurement stops each call does its work unconditionally (a take from an empty queue
 * returns null, a put may pass the capacity), which frees a partner left waiting: JMH keeps
 * calling both methods until both have returned.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Group)
public class HandOffBenchmark {
  static final int CAPACITY = 1024;
  static final long WAIT_MILLIS = 1;
  private static final Duration WAIT = Duration.ofMillis(WAIT_MILLIS);
  private static final Integer ITEM = 42;

  private static final Predicate<Deque<Integer>> NOT_EMPTY = q -> !q.isEmpty();
  private static final Predicate<Deque<Integer>> NOT_FULL = q -> q.size() < CAPACITY;
  private static final Function<Deque<Integer>, Integer> TAKE = Deque::poll;
  private static final Function<Deque<Integer>, Boolean> PUT = q -> q.add(ITEM);

  private final ExclusiveValue<Deque<Integer>> exclusive =
      ExclusiveValue.of(new ArrayDeque<>(CAPACITY));

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  private final Condition notFull = lock.newCondition();
  private final Deque<Integer> handWritten = new ArrayDeque<>(CAPACITY);

  private final ArrayBlockingQueue<Integer> arrayQueue = new ArrayBlockingQueue<>(CAPACITY);
  private final LinkedBlockingQueue<Integer> linkedQueue = new LinkedBlockingQueue<>(CAPACITY);

  @Benchmark
  @Group("exclusive")
  @GroupThreads(1)
  public Integer exclusiveConsumer(Control control) throws InterruptedException {
    return exclusiveWhen(NOT_EMPTY, TAKE, control);
  }

  @Benchmark
  @Group("exclusive")
  @GroupThreads(1)
  public Boolean exclusiveProducer(Control control) throws InterruptedException {
    return exclusiveWhen(NOT_FULL, PUT, control);
  }

  private <R> R exclusiveWhen(
      Predicate<Deque<Integer>> ready, Function<Deque<Integer>, R> fn, Control control)
      throws InterruptedException {
    while (!control.stopMeasurement) {
      try {
        return exclusive.tryWithWhen(WAIT, ready, fn);
      } catch (LockTimeoutException partnerStopped) {
        // the partner has stopped; see the class comment
      }
    }
    return null;
  }

  @Benchmark
  @Group("condition")
  @GroupThreads(1)
  public Integer conditionConsumer(Control control) throws InterruptedException {
    lock.lockInterruptibly();
    try {
      while (handWritten.isEmpty()) {
        if (control.stopMeasurement) {
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

  @Benchmark
  @Group("condition")
  @GroupThreads(1)
  public Boolean conditionProducer(Control control) throws InterruptedException {
    lock.lockInterruptibly();
    try {
      while (handWritten.size() >= CAPACITY) {
        if (control.stopMeasurement) {
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

  @Benchmark
  @Group("conditionTimedLock")
  @GroupThreads(1)
  public Integer conditionTimedLockConsumer(Control control) throws InterruptedException {
    while (!control.stopMeasurement) {
      if (lock.tryLock(WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
        try {
          long nanos = TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
          while (handWritten.isEmpty() && nanos > 0) {
            nanos = notEmpty.awaitNanos(nanos);
          }
          if (!handWritten.isEmpty()) {
            Integer item = handWritten.poll();
            notFull.signal();
            return item;
          }
        } finally {
          lock.unlock();
        }
      }
    }
    return null;
  }

  @Benchmark
  @Group("conditionTimedLock")
  @GroupThreads(1)
  public Boolean conditionTimedLockProducer(Control control) throws InterruptedException {
    while (!control.stopMeasurement) {
      if (lock.tryLock(WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
        try {
          long nanos = TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
          while (handWritten.size() >= CAPACITY && nanos > 0) {
            nanos = notFull.awaitNanos(nanos);
          }
          if (handWritten.size() < CAPACITY) {
            handWritten.add(ITEM);
            notEmpty.signal();
            return true;
          }
        } finally {
          lock.unlock();
        }
      }
    }
    return false;
  }

  @Benchmark
  @Group("exclusiveUntimed")
  @GroupThreads(1)
  public Integer exclusiveUntimedConsumer(Control control) throws InterruptedException {
    return control.stopMeasurement
        ? exclusive.with(TAKE)
        : exclusive.withWhenInterruptibly(NOT_EMPTY, TAKE);
  }

  @Benchmark
  @Group("exclusiveUntimed")
  @GroupThreads(1)
  public Boolean exclusiveUntimedProducer(Control control) throws InterruptedException {
    return control.stopMeasurement
        ? exclusive.with(PUT)
        : exclusive.withWhenInterruptibly(NOT_FULL, PUT);
  }

  @Benchmark
  @Group("conditionUntimed")
  @GroupThreads(1)
  public Integer conditionUntimedConsumer(Control control) throws InterruptedException {
    lock.lockInterruptibly();
    try {
      while (handWritten.isEmpty() && !control.stopMeasurement) {
        notEmpty.await();
      }
      Integer item = handWritten.poll();
      notFull.signal();
      return item;
    } finally {
      lock.unlock();
    }
  }

  @Benchmark
  @Group("conditionUntimed")
  @GroupThreads(1)
  public Boolean conditionUntimedProducer(Control control) throws InterruptedException {
    lock.lockInterruptibly();
    try {
      while (handWritten.size() >= CAPACITY && !control.stopMeasurement) {
        notFull.await();
      }
      handWritten.add(ITEM);
      notEmpty.signal();
      return true;
    } finally {
      lock.unlock();
    }
  }

  @Benchmark
  @Group("arrayQueue")
  @GroupThreads(1)
  public Integer arrayQueueConsumer(Control control) throws InterruptedException {
    return take(arrayQueue, control);
  }

  @Benchmark
  @Group("arrayQueue")
  @GroupThreads(1)
  public boolean arrayQueueProducer(Control control) throws InterruptedException {
    return put(arrayQueue, control);
  }

  @Benchmark
  @Group("linkedQueue")
  @GroupThreads(1)
  public Integer linkedQueueConsumer(Control control) throws InterruptedException {
    return take(linkedQueue, control);
  }

  @Benchmark
  @Group("linkedQueue")
  @GroupThreads(1)
  public boolean linkedQueueProducer(Control control) throws InterruptedException {
    return put(linkedQueue, control);
  }

  private static Integer take(BlockingQueue<Integer> queue, Control control)
      throws InterruptedException {
    Integer item = null;
    while (item == null && !control.stopMeasurement) {
      item = queue.poll(WAIT_MILLIS, TimeUnit.MILLISECONDS);
    }
    return item;
  }

  private static boolean put(BlockingQueue<Integer> queue, Control control)
      throws InterruptedException {
    while (!control.stopMeasurement) {
      if (queue.offer(ITEM, WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
        return true;
      }
    }
    return false;
  }
}
