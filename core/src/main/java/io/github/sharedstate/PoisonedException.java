package io.github.sharedstate;

/**
 * Thrown when a value is accessed after a writer failed while holding its lock.
 *
 * <p>A writer that throws may have left the value half-updated, so every later access throws this
 * exception until {@link GuardedValue#recover}, {@link ExclusiveValue#recover}, {@link
 * ShardedValue#recover} or {@link SharedValue#clearPoison()} is called. The writer's original
 * failure is the {@linkplain #getCause() cause}. For a {@link ShardedValue}, poisoning is per shard
 * and {@link #valueName()} names the shard.
 */
public final class PoisonedException extends SharedStateException {
  private static final long serialVersionUID = 1L;

  /** The name of the poisoned value. */
  private final String valueName;

  /** The name of the thread whose writer failed. */
  private final String failedThreadName;

  /**
   * Creates the exception for an access to a poisoned value.
   *
   * @param valueName the name of the poisoned value
   * @param failedThreadName the name of the thread whose writer failed
   * @param failure what the failing writer threw
   */
  public PoisonedException(String valueName, String failedThreadName, Throwable failure) {
    super(
        "'"
            + valueName
            + "' is poisoned: a writer on thread '"
            + failedThreadName
            + "' failed with "
            + failure
            + " and may have left it half-updated; call recover(fn) to repair it or"
            + " clearPoison() to accept it as it is",
        failure);
    this.valueName = valueName;
    this.failedThreadName = failedThreadName;
  }

  /** {@return the name of the poisoned value} */
  public String valueName() {
    return valueName;
  }

  /** {@return the name of the thread whose writer failed and poisoned the value} */
  public String failedThreadName() {
    return failedThreadName;
  }
}
