package io.github.sharedstate;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An immutable snapshot of one value's or lock's counters, as returned by {@link
 * Lockable#stats()}.
 *
 * <p>Counters are read one by one while other threads may be updating them, so a snapshot taken
 * under load is not atomic across fields; each field on its own is exact at some point during the
 * call to {@code stats()}.
 *
 * <p>New counters may be added in later versions; code that builds a snapshot (a test double, an
 * aggregate) does so through {@link #builder()}, whose unset counters are zero, so it keeps
 * compiling when one is added. Two snapshots are equal when every counter is.
 *
 * <p>Thread-safety: immutable.
 */
public final class LockStats {
  private final long readAcquisitions;
  private final long writeAcquisitions;
  private final long contendedAcquisitions;
  private final Duration totalWait;
  private final Duration maxWait;
  private final long timeouts;
  private final long violations;
  private final long poisonings;
  private final long conditionWaits;
  private final Duration conditionWaitTime;
  private final long longWaits;
  private final Duration heldWhileWaited;
  private final Duration maxHeldWhileWaited;

  private LockStats(Builder b) {
    this.readAcquisitions = b.readAcquisitions;
    this.writeAcquisitions = b.writeAcquisitions;
    this.contendedAcquisitions = b.contendedAcquisitions;
    this.totalWait = b.totalWait;
    this.maxWait = b.maxWait;
    this.timeouts = b.timeouts;
    this.violations = b.violations;
    this.poisonings = b.poisonings;
    this.conditionWaits = b.conditionWaits;
    this.conditionWaitTime = b.conditionWaitTime;
    this.longWaits = b.longWaits;
    this.heldWhileWaited = b.heldWhileWaited;
    this.maxHeldWhileWaited = b.maxHeldWhileWaited;
  }

  /**
   * The counters of several locks as one, as a sharded value reports its shards: counts and times
   * added, {@code maxWait} and {@code maxHeldWhileWaited} the largest of the parts. Here, so that
   * a new counter is summed where it is declared.
   */
  static LockStats sum(List<LockStats> parts) {
    Builder sum = new Builder();
    for (LockStats s : parts) {
      sum.readAcquisitions += s.readAcquisitions;
      sum.writeAcquisitions += s.writeAcquisitions;
      sum.contendedAcquisitions += s.contendedAcquisitions;
      sum.totalWait = sum.totalWait.plus(s.totalWait);
      sum.maxWait = longer(sum.maxWait, s.maxWait);
      sum.timeouts += s.timeouts;
      sum.violations += s.violations;
      sum.poisonings += s.poisonings;
      sum.conditionWaits += s.conditionWaits;
      sum.conditionWaitTime = sum.conditionWaitTime.plus(s.conditionWaitTime);
      sum.longWaits += s.longWaits;
      sum.heldWhileWaited = sum.heldWhileWaited.plus(s.heldWhileWaited);
      sum.maxHeldWhileWaited = longer(sum.maxHeldWhileWaited, s.maxHeldWhileWaited);
    }
    return new LockStats(sum);
  }

  private static Duration longer(Duration a, Duration b) {
    return b.compareTo(a) > 0 ? b : a;
  }

  /**
   * Returns a builder whose counters are all zero.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the read-lock acquisitions (always 0 for an {@link ExclusiveValue} and an {@link
   * OrderedLock}, and for a {@link SnapshotValue}, whose lock-free reads are not counted).
   *
   * @return the count
   */
  public long readAcquisitions() {
    return readAcquisitions;
  }

  /**
   * Returns the write-lock (or mutex, or snapshot writer-lock) acquisitions.
   *
   * @return the count
   */
  public long writeAcquisitions() {
    return writeAcquisitions;
  }

  /**
   * Returns the acquisitions that found the lock taken and waited for it.
   *
   * @return the count
   */
  public long contendedAcquisitions() {
    return contendedAcquisitions;
  }

  /**
   * Returns the time spent in the {@linkplain #waits() waits}: contended acquisitions and
   * timed-out ones.
   *
   * @return the duration
   */
  public Duration totalWait() {
    return totalWait;
  }

  /**
   * Returns the longest single wait, acquired or timed out.
   *
   * @return the duration
   */
  public Duration maxWait() {
    return maxWait;
  }

  /**
   * Returns the timed acquisitions that waited and gave up.
   *
   * @return the count
   */
  public long timeouts() {
    return timeouts;
  }

  /**
   * Returns the lock-order violations detected when asking for this lock.
   *
   * @return the count
   */
  public long violations() {
    return violations;
  }

  /**
   * Returns how many times a failing writer poisoned the value.
   *
   * @return the count
   */
  public long poisonings() {
    return poisonings;
  }

  /**
   * Returns the calls of a conditional form ({@code withWhen}, {@code writeWhen}, {@code
   * readWhen}) that found their predicate false and waited for it, and awaits on a {@code
   * Condition} of a drop-in lock; counted when the wait starts.
   *
   * @return the count
   */
  public long conditionWaits() {
    return conditionWaits;
  }

  /**
   * Returns the time those calls and awaits spent waiting, counted when each wait ends
   * (however it ends); separate from {@link #totalWait()}, which is lock contention.
   *
   * @return the duration
   */
  public Duration conditionWaitTime() {
    return conditionWaitTime;
  }

  /**
   * Returns the waits that passed the lock's long-wait threshold and were reported (see {@link
   * LockDiagnostics}).
   *
   * @return the count
   */
  public long longWaits() {
    return longWaits;
  }

  /**
   * Returns the time exclusive holders (of a mutex or a write lock) kept the lock while
   * threads waited for it: from the arrival of the first thread that began waiting since the last
   * such count to the next release.
   *
   * @return the duration
   */
  public Duration heldWhileWaited() {
    return heldWhileWaited;
  }

  /**
   * Returns the longest stretch one holder kept the lock while threads waited for it.
   *
   * @return the duration
   */
  public Duration maxHeldWhileWaited() {
    return maxHeldWhileWaited;
  }

  /** {@return read plus write acquisitions} */
  public long acquisitions() {
    return readAcquisitions + writeAcquisitions;
  }

  /**
   * Returns the number of waits whose time {@link #totalWait()} adds up: every contended
   * acquisition and every timed-out one. {@code totalWait / waits} is the mean wait. (An
   * interrupted wait is counted nowhere.)
   *
   * @return contended acquisitions plus timeouts
   */
  public long waits() {
    return contendedAcquisitions + timeouts;
  }

  /** {@return the share of acquisitions that had to wait, from 0.0 to 1.0 (0.0 when none)} */
  public double contendedRatio() {
    long all = acquisitions();
    return all == 0 ? 0.0 : (double) contendedAcquisitions / all;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    if (this == other) {
      return true;
    }
    if (!(other instanceof LockStats that)) {
      return false;
    }
    return readAcquisitions == that.readAcquisitions
        && writeAcquisitions == that.writeAcquisitions
        && contendedAcquisitions == that.contendedAcquisitions
        && totalWait.equals(that.totalWait)
        && maxWait.equals(that.maxWait)
        && timeouts == that.timeouts
        && violations == that.violations
        && poisonings == that.poisonings
        && conditionWaits == that.conditionWaits
        && conditionWaitTime.equals(that.conditionWaitTime)
        && longWaits == that.longWaits
        && heldWhileWaited.equals(that.heldWhileWaited)
        && maxHeldWhileWaited.equals(that.maxHeldWhileWaited);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        readAcquisitions,
        writeAcquisitions,
        contendedAcquisitions,
        totalWait,
        maxWait,
        timeouts,
        violations,
        poisonings,
        conditionWaits,
        conditionWaitTime,
        longWaits,
        heldWhileWaited,
        maxHeldWhileWaited);
  }

  @Override
  public String toString() {
    return "LockStats["
        + "readAcquisitions="
        + readAcquisitions
        + ", writeAcquisitions="
        + writeAcquisitions
        + ", contendedAcquisitions="
        + contendedAcquisitions
        + ", totalWait="
        + totalWait
        + ", maxWait="
        + maxWait
        + ", timeouts="
        + timeouts
        + ", violations="
        + violations
        + ", poisonings="
        + poisonings
        + ", conditionWaits="
        + conditionWaits
        + ", conditionWaitTime="
        + conditionWaitTime
        + ", longWaits="
        + longWaits
        + ", heldWhileWaited="
        + heldWhileWaited
        + ", maxHeldWhileWaited="
        + maxHeldWhileWaited
        + "]";
  }

  /**
   * Builds a {@link LockStats}: one setter per counter, each zero until set. Not thread-safe.
   */
  public static final class Builder {
    private long readAcquisitions;
    private long writeAcquisitions;
    private long contendedAcquisitions;
    private Duration totalWait = Duration.ZERO;
    private Duration maxWait = Duration.ZERO;
    private long timeouts;
    private long violations;
    private long poisonings;
    private long conditionWaits;
    private Duration conditionWaitTime = Duration.ZERO;
    private long longWaits;
    private Duration heldWhileWaited = Duration.ZERO;
    private Duration maxHeldWhileWaited = Duration.ZERO;

    private Builder() {}

    /**
     * Sets the read-lock acquisitions (always 0 for an {@link ExclusiveValue} and an {@link
     * OrderedLock}, and for a {@link SnapshotValue}, whose lock-free reads are not counted).
     *
     * @param readAcquisitions the count; not negative
     * @return this builder
     * @throws IllegalArgumentException if {@code readAcquisitions} is negative
     */
    public Builder readAcquisitions(long readAcquisitions) {
      this.readAcquisitions = count(readAcquisitions, "readAcquisitions");
      return this;
    }

    /**
     * Sets the write-lock (or mutex, or snapshot writer-lock) acquisitions.
     *
     * @param writeAcquisitions the count; not negative
     * @return this builder
     * @throws IllegalArgumentException if {@code writeAcquisitions} is negative
     */
    public Builder writeAcquisitions(long writeAcquisitions) {
      this.writeAcquisitions = count(writeAcquisitions, "writeAcquisitions");
      return this;
    }

    /**
     * Sets the acquisitions that found the lock taken and waited for it.
     *
     * @param contendedAcquisitions the count; not negative
     * @return this builder
     * @throws IllegalArgumentException if {@code contendedAcquisitions} is negative
     */
    public Builder contendedAcquisitions(long contendedAcquisitions) {
      this.contendedAcquisitions = count(contendedAcquisitions, "contendedAcquisitions");
      return this;
    }

    /**
     * Sets the time spent in the {@linkplain #waits() waits}: contended acquisitions and
     * timed-out ones.
     *
     * @param totalWait the duration; not negative
     * @return this builder
     * @throws NullPointerException if {@code totalWait} is null
     * @throws IllegalArgumentException if {@code totalWait} is negative
     */
    public Builder totalWait(Duration totalWait) {
      this.totalWait = duration(totalWait, "totalWait");
      return this;
    }

    /**
     * Sets the longest single wait, acquired or timed out.
     *
     * @param maxWait the duration; not negative
     * @return this builder
     * @throws NullPointerException if {@code maxWait} is null
     * @throws IllegalArgumentException if {@code maxWait} is negative
     */
    public Builder maxWait(Duration maxWait) {
      this.maxWait = duration(maxWait, "maxWait");
      return this;
    }

    /**
     * Sets the timed acquisitions that waited and gave up.
     *
     * @param timeouts the count; not negative
     * @return this builder
     * @throws IllegalArgumentException if {@code timeouts} is negative
     */
    public Builder timeouts(long timeouts) {
      this.timeouts = count(timeouts, "timeouts");
      return this;
    }

    /**
     * Sets the lock-order violations detected when asking for this lock.
     *
     * @param violations the count; not negative
     * @return this builder
     * @throws IllegalArgumentException if {@code violations} is negative
     */
    public Builder violations(long violations) {
      this.violations = count(violations, "violations");
      return this;
    }

    /**
     * Sets how many times a failing writer poisoned the value.
     *
     * @param poisonings the count; not negative
     * @return this builder
     * @throws IllegalArgumentException if {@code poisonings} is negative
     */
    public Builder poisonings(long poisonings) {
      this.poisonings = count(poisonings, "poisonings");
      return this;
    }

    /**
     * Sets the calls of a conditional form ({@code withWhen}, {@code writeWhen}, {@code
     * readWhen}) that found their predicate false and waited for it, and awaits on a {@code
     * Condition} of a drop-in lock; counted when the wait starts.
     *
     * @param conditionWaits the count; not negative
     * @return this builder
     * @throws IllegalArgumentException if {@code conditionWaits} is negative
     */
    public Builder conditionWaits(long conditionWaits) {
      this.conditionWaits = count(conditionWaits, "conditionWaits");
      return this;
    }

    /**
     * Sets the time those calls and awaits spent waiting, counted when each wait ends
     * (however it ends); separate from {@link #totalWait()}, which is lock contention.
     *
     * @param conditionWaitTime the duration; not negative
     * @return this builder
     * @throws NullPointerException if {@code conditionWaitTime} is null
     * @throws IllegalArgumentException if {@code conditionWaitTime} is negative
     */
    public Builder conditionWaitTime(Duration conditionWaitTime) {
      this.conditionWaitTime = duration(conditionWaitTime, "conditionWaitTime");
      return this;
    }

    /**
     * Sets the waits that passed the lock's long-wait threshold and were reported (see {@link
     * LockDiagnostics}).
     *
     * @param longWaits the count; not negative
     * @return this builder
     * @throws IllegalArgumentException if {@code longWaits} is negative
     */
    public Builder longWaits(long longWaits) {
      this.longWaits = count(longWaits, "longWaits");
      return this;
    }

    /**
     * Sets the time exclusive holders (of a mutex or a write lock) kept the lock while
     * threads waited for it: from the arrival of the first thread that began waiting since the last
     * such count to the next release.
     *
     * @param heldWhileWaited the duration; not negative
     * @return this builder
     * @throws NullPointerException if {@code heldWhileWaited} is null
     * @throws IllegalArgumentException if {@code heldWhileWaited} is negative
     */
    public Builder heldWhileWaited(Duration heldWhileWaited) {
      this.heldWhileWaited = duration(heldWhileWaited, "heldWhileWaited");
      return this;
    }

    /**
     * Sets the longest stretch one holder kept the lock while threads waited for it.
     *
     * @param maxHeldWhileWaited the duration; not negative
     * @return this builder
     * @throws NullPointerException if {@code maxHeldWhileWaited} is null
     * @throws IllegalArgumentException if {@code maxHeldWhileWaited} is negative
     */
    public Builder maxHeldWhileWaited(Duration maxHeldWhileWaited) {
      this.maxHeldWhileWaited = duration(maxHeldWhileWaited, "maxHeldWhileWaited");
      return this;
    }

    /** {@return a snapshot of the counters set so far} */
    public LockStats build() {
      return new LockStats(this);
    }

    private static long count(long count, String name) {
      if (count < 0) {
        throw new IllegalArgumentException(name + " must not be negative: " + count);
      }
      return count;
    }

    private static Duration duration(Duration duration, String name) {
      Objects.requireNonNull(duration, name);
      if (duration.isNegative()) {
        throw new IllegalArgumentException(name + " must not be negative: " + duration);
      }
      return duration;
    }
  }
}
