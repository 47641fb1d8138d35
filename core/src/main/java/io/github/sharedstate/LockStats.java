package io.github.sharedstate;

import java.time.Duration;

/**
 * An immutable snapshot of one value's or lock's counters.
 *
 * <p>Counters are read one by one while other threads may be updating them, so a snapshot taken
 * under load is not atomic across fields; each field on its own is exact at some point during the
 * call to {@code stats()}.
 *
 * @param readAcquisitions read-lock acquisitions (always 0 for an {@link ExclusiveValue} and an
 *     {@link OrderedLock}, and for a {@link SnapshotValue}, whose lock-free reads are not counted)
 * @param writeAcquisitions write-lock (or mutex, or snapshot writer-lock) acquisitions
 * @param contendedAcquisitions acquisitions that found the lock taken and waited for it
 * @param totalWait time spent in the {@linkplain #waits() waits}: contended acquisitions and
 *     timed-out ones
 * @param maxWait the longest single wait, acquired or timed out
 * @param timeouts timed acquisitions that waited and gave up
 * @param violations lock-order violations detected when asking for this lock
 * @param poisonings times a failing writer poisoned the value
 * @param conditionWaits calls of a conditional form ({@code withWhen}, {@code writeWhen}, {@code
 *     readWhen}) that found their predicate false and waited for it, and awaits on a {@code
 *     Condition} of a drop-in lock; counted when the wait starts
 * @param conditionWaitTime time those calls and awaits spent waiting, counted when each wait ends
 *     (however it ends); separate from {@code totalWait}, which is lock contention
 * @param longWaits waits that passed the lock's long-wait threshold and were reported (see {@link
 *     LockDiagnostics})
 * @param heldWhileWaited the time exclusive holders (of a mutex or a write lock) kept the lock
 *     while threads waited for it: from the arrival of the first thread that began waiting since
 *     the last such count to the next release
 * @param maxHeldWhileWaited the longest such stretch of one holder
 */
public record LockStats(
    long readAcquisitions,
    long writeAcquisitions,
    long contendedAcquisitions,
    Duration totalWait,
    Duration maxWait,
    long timeouts,
    long violations,
    long poisonings,
    long conditionWaits,
    Duration conditionWaitTime,
    long longWaits,
    Duration heldWhileWaited,
    Duration maxHeldWhileWaited) {

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
}
