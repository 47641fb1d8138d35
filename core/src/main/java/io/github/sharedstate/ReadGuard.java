package io.github.sharedstate;

/**
 * A held read lock, for code that cannot be written as a lambda (checked exceptions, several
 * returns). Use it in try-with-resources:
 *
 * <pre>{@code
 * try (ReadGuard<Config> config = settings.lockRead()) {
 *   return render(config.get());   // may throw IOException
 * }
 * }</pre>
 *
 * <p>A guard belongs to the thread that acquired it: {@link #get()} and {@link #close()} on any
 * other thread, or after close, throw {@link IllegalStateException} and leave the lock as it was.
 * Exceptions thrown inside the try block do not poison the value, because {@code close()} cannot
 * see them; use the lambda forms where a failed write must poison.
 *
 * <p>Implemented only by this library.
 *
 * @param <T> the type of the guarded value
 */
public interface ReadGuard<T> extends AutoCloseable {

  /**
   * Returns the guarded value.
   *
   * @return the value
   * @throws IllegalStateException if the guard is closed or this is not the owning thread
   */
  T get();

  /**
   * Releases the lock.
   *
   * @throws IllegalStateException if the guard is already closed or this is not the owning thread
   */
  @Override
  void close();
}
