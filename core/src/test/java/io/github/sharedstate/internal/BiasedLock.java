package io.github.sharedstate.internal;

import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.jspecify.annotations.Nullable;

/** A read-write lock with its {@link ReaderBias} in one object, for the bias's own tests. */
final class BiasedLock extends ReentrantReadWriteLock {
  private static final long serialVersionUID = 1L;

  private final transient ReaderBias bias;

  BiasedLock(boolean fair) {
    super(fair);
    this.bias = new ReaderBias(this);
  }

  BiasedLock(boolean fair, @Nullable ReaderTable table) {
    super(fair);
    this.bias = new ReaderBias(this, table);
  }

  boolean tryFastRead() {
    return bias.tryFastRead();
  }

  boolean releaseFastRead() {
    return bias.releaseFastRead();
  }

  boolean holdsFastRead() {
    return bias.holdsFastRead();
  }

  boolean holdsRead() {
    return bias.holdsRead();
  }

  long fastReads() {
    return bias.fastReads();
  }

  void afterSlowRead() {
    bias.afterSlowRead();
  }

  void beforeWriteWait() {
    bias.beforeWriteWait();
  }

  void afterWriteWait() {
    bias.afterWriteWait();
  }

  boolean revoke() {
    return bias.revoke();
  }

  boolean awaitReaders(long timeoutNanos, boolean interruptible) throws InterruptedException {
    return bias.awaitReaders(timeoutNanos, interruptible);
  }

  @Override
  public String toString() {
    return "BiasedLock[" + bias + ", " + super.toString() + "]";
  }
}
