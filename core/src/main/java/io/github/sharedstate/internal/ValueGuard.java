package io.github.sharedstate.internal;

import io.github.sharedstate.LockDiagnostics;
import io.github.sharedstate.WriteGuard;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A held lock of a {@link ValueCore}, returned by {@code lockRead()}, {@code lockWrite()} and
 * {@code lock()}: a read guard or a write guard. Confined to the thread that acquired it.
 *
 * @param <T> the type of the value
 */
final class ValueGuard<T> implements WriteGuard<T> {
  private final ValueCore<T> core;
  private final Thread owner = Thread.currentThread();
  private final boolean write;
  private final @Nullable HeldLocks held;
  /** This guard's entry among the thread's open guards; null unless a listener was set. */
  private final LockDiagnostics.@Nullable OpenGuard open;
  private boolean closed;

  ValueGuard(ValueCore<T> core, boolean write, @Nullable HeldLocks held) {
    this.core = core;
    this.write = write;
    this.held = held;
    this.open = Diagnostics.guardOpened(core.name(), write);
  }

  @Override
  public T get() {
    checkUsable("get()");
    return core.value();
  }

  @Override
  public void set(T newValue) {
    Objects.requireNonNull(newValue, "value");
    checkUsable("set()");
    if (!write) {
      throw new IllegalStateException("set() on a read guard of '" + core.name() + "'");
    }
    core.set(newValue);
  }

  @Override
  public void close() {
    checkUsable("close()");
    closed = true;
    if (open != null) {
      Diagnostics.guardClosed(open);
    }
    core.release(write, held);
  }

  private void checkUsable(String operation) {
    if (Thread.currentThread() != owner) {
      throw new IllegalStateException(
          operation
              + " on a guard of '"
              + core.name()
              + "' from thread '"
              + Thread.currentThread().getName()
              + "', but it belongs to thread '"
              + owner.getName()
              + "': a guard must be used and closed on the thread that acquired it");
    }
    if (closed) {
      throw new IllegalStateException(
          operation + " on a closed guard of '" + core.name() + "': the lock was already released");
    }
  }

  @Override
  public String toString() {
    return (write ? "WriteGuard[" : "ReadGuard[") + core.name() + (closed ? ", closed]" : "]");
  }
}
