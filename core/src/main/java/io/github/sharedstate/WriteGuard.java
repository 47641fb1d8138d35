package io.github.sharedstate;

/**
 * A held write lock (or mutex): a {@link ReadGuard} that may also replace the value.
 *
 * <pre>{@code
 * try (WriteGuard<Deque<Task>> queue = tasks.lockWrite()) {
 *   queue.get().push(load(path));   // load may throw IOException
 * }
 * }</pre>
 *
 * <p>Implemented only by this library.
 *
 * @param <T> the type of the guarded value
 */
public interface WriteGuard<T> extends ReadGuard<T> {

  /**
   * Replaces the guarded value; the new value is visible to the next holder of the lock.
   *
   * @param value the new value
   * @throws NullPointerException if {@code value} is null
   * @throws IllegalStateException if the guard is closed or this is not the owning thread
   */
  void set(T value);
}
