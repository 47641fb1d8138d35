package io.github.sharedstate.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.jspecify.annotations.Nullable;

/**
 * Reader bias for a {@link ReentrantReadWriteLock} (BRAVO, Dice and Kogan, USENIX ATC 2019):
 * while no writer is about, a reader takes a cell of the shared {@link ReaderTable} instead of
 * the lock's state word, so readers on different cores write different cache lines and reads
 * scale with cores. A writer takes the lock's write lock, turns the bias off and waits until no
 * cell holds this bias; the bias stays off for a while after that (nine times as long as the
 * revocation kept the writer busy), so write-heavy phases run on the plain lock and pay almost
 * nothing extra.
 *
 * <p>Callers pair the calls as follows. Read: {@link #tryFastRead()}, or else the lock's read
 * lock followed by {@link #afterSlowRead()}; release with {@link #releaseFastRead()}, or else the
 * read lock's {@code unlock()}. Write: take the lock's write lock (calling {@link
 * #beforeWriteWait()} first if the attempt will wait, and {@link #afterWriteWait()} once that wait
 * has ended, however it ended), then {@link #revoke()} and, if that returns
 * false, {@link #awaitReaders}; release with the write lock's {@code unlock()}. The lock is
 * any {@code ReentrantReadWriteLock}: a value's own, or a drop-in {@code OrderedReadWriteLock},
 * which is one. The bias costs 56 bytes beside the lock (seed, state, waiting writers, inhibit
 * deadline, counted reads, and the table, lock and revoker references, with compressed
 * references).
 *
 * <p>A fair lock has no bias: fairness is the underlying lock's, and every read takes it.
 */
public final class ReaderBias {
  /*
   * Algorithmic notes.
   *
   * State: BIASED (fast reads allowed), REVOKING (no new fast reads; fast readers may remain),
   * UNBIASED (no fast reads and no fast readers). Transitions:
   *   BIASED -> REVOKING    by any writer: before it waits for the write lock, or once it has it;
   *   UNBIASED -> REVOKING  by a writer before it waits for the write lock;
   *   REVOKING -> UNBIASED  by the write-lock holder once no cell holds this lock, or by a slow
   *                         reader that finds the same while no writer holds or waits;
   *   UNBIASED -> BIASED    by a slow reader that holds the read lock while no thread holds the
   *                         write lock or waits, once the inhibit window has passed.
   * "Waits" includes a writer between beforeWriteWait() and afterWriteWait() that has not yet
   * queued on the lock: `waitingWriters` counts those. Without it a slow reader could turn the
   * bias on in that gap, and fast readers, which never block, would then keep every core busy
   * while the writer, woken by the last slow reader, waited milliseconds to be scheduled. A
   * writer counts itself before it moves the state to REVOKING, and a reader reads the count
   * before it CASes the state, so at worst a reader's stale read of the count moves REVOKING to
   * UNBIASED, which still sends new readers to the slow path, behind the writer.
   * Only a thread holding the read lock, with the write lock free, turns the bias on, so the bias
   * is never on while a writer (or a writer that has downgraded to a read) holds the write lock:
   * a writer that finds the state BIASED or REVOKING revokes before it touches the value.
   *
   * Why a fast reader never overlaps a writer (the memory-ordering argument). The reader CASes
   * its cell from null to this lock and then re-reads the state; the writer stores REVOKING and
   * then reads every cell. All four accesses are volatile, hence in one total order: either the
   * reader's re-read comes after the writer's store, so the reader sees the bias off, gives its
   * cell back and takes the slow path (where the writer's write lock stops it), or the reader's
   * CAS comes before the writer's scan, so the writer sees the cell and waits until the reader's
   * release store empties it. In that case the reader's reads happen-before its release store,
   * which the writer's volatile read of the cell observes, so they happen-before the writer's
   * writes. In the other direction, a fast reader sees the last writer's writes: the bias was
   * turned back on by a slow reader holding the read lock after that writer's unlock, and the
   * fast reader's volatile read of the state sees that store.
   *
   * Reentrancy: a thread that holds a fast read finds its own cell (the cell is owner-tagged,
   * see ReaderTable) and counts a further hold there, even while a writer revokes; taking the
   * underlying read lock instead would queue behind that writer, which waits for this reader:
   * a deadlock. Releases prefer the thread's cell and otherwise unlock the underlying read lock;
   * all of a thread's read holds are alike, so which one a release ends does not matter.
   *
   * Waking the writer: a writer that has to wait publishes itself in `revoker`, then scans in a
   * short spin and parks; every thread that empties a cell while the state is REVOKING unparks
   * it: a reader ending its fast read, and a reader backing out of a claim that lost the race
   * with the revoking store (a reader preempted between its claim and its re-read leaves the
   * cell held for as long as it is descheduled, so that path must wake the writer too). A
   * reader's release store and its later reads of `state` and `revoker` may be reordered, so a
   * wake-up can be missed, but only by a release that was still in flight while the writer
   * stored `revoker` and ran its spin, whose scans see that release; the park is timed anyway, so
   * a miss costs one pause, never liveness. The writer never calls Thread.yield(): on Linux's
   * EEVDF scheduler a yield pushes the thread's virtual deadline back, and a writer that yielded
   * waited milliseconds for a core while two readers ran (with 2 readers on 2 cores, dropping the
   * yields alone raised the write rate 2-3 times).
   *
   * Writer preference: a writer about to wait for the write lock first moves the state to
   * REVOKING, so that new readers take the slow path and queue behind it, as
   * ReentrantReadWriteLock makes them do. A writer that gives up (timeout, interrupt) leaves
   * REVOKING in place: the next write-lock holder, or a slow reader, completes the revocation.
   *
   * The inhibit window (BRAVO's N times the revocation's cost) counts the time the writer spent
   * scanning and spinning, not the time it spent parked. A writer parks when a reader stays in its
   * cell beyond the spin, in practice a reader that lost its core, often to this writer; behind
   * a plain read-write lock the writer would wait just as long for that reader's unlock, so that
   * time is no cost of the bias. Counting it kept the bias off for 70-300 us after such a write
   * (a park and wake-up takes 8-32 us on a 2-core guest), most of the time between writes 100 us
   * apart: 2 readers kept 0.39-0.43x of their readers-only throughput, 0.69-0.71x without it.
   */
  private static final int BIASED = 0;
  private static final int REVOKING = 1;
  private static final int UNBIASED = 2;

  /**
   * BRAVO's N: the bias stays off for this many times as long as the revocation kept the writer
   * busy.
   */
  private static final int INHIBIT_FACTOR = 9;

  private static final int SPINS = 64;
  /** The longest park between scans; readers wake the writer sooner (see the notes above). */
  private static final long PARK_NANOS = 1_000_000;

  private static final AtomicInteger SEEDS = new AtomicInteger();
  private static final VarHandle STATE;
  private static final VarHandle COUNTED_READS;
  private static final VarHandle WAITING_WRITERS;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      STATE = lookup.findVarHandle(ReaderBias.class, "state", int.class);
      COUNTED_READS = lookup.findVarHandle(ReaderBias.class, "countedReads", long.class);
      WAITING_WRITERS =
          lookup.findVarHandle(ReaderBias.class, "waitingWriters", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final ReentrantReadWriteLock lock;
  private final @Nullable ReaderTable table;
  private final int seed = SEEDS.getAndAdd(0x61C88647);

  private volatile int state;
  /** Writers inside beforeWriteWait() .. afterWriteWait(); the bias stays off meanwhile. */
  @SuppressWarnings("unused") // accessed through WAITING_WRITERS
  private volatile int waitingWriters;

  /** When the bias may come back on (System.nanoTime()); written under the write lock. */
  private long inhibitUntil = System.nanoTime();

  /** Fast reads moved here from reader cells that started counting for another lock. */
  @SuppressWarnings("unused") // accessed through COUNTED_READS
  private long countedReads;

  /** The write-lock holder while it waits for fast readers, for them to wake; else null. */
  private volatile @Nullable Thread revoker;

  /**
   * Creates the bias of {@code lock} on the shared reader table (no bias when the lock is fair,
   * or when the table is off).
   *
   * @param lock the lock whose reads to bias
   */
  public ReaderBias(ReentrantReadWriteLock lock) {
    this(lock, lock.isFair() ? null : ReaderTable.SHARED);
  }

  ReaderBias(ReentrantReadWriteLock lock, @Nullable ReaderTable table) {
    this.lock = lock;
    this.table = table;
    this.state = table != null ? BIASED : UNBIASED;
  }

  /**
   * Takes a read hold without the underlying lock, if this thread already holds a fast read of
   * this lock (re-entry) or the bias is on and the thread's cell is free.
   *
   * @return true if the read is held; false if the caller must take the underlying read lock
   */
  public boolean tryFastRead() {
    ReaderTable cells = table;
    if (cells == null) {
      return false;
    }
    Thread me = Thread.currentThread();
    ReaderTable.Cell cell = cells.cell(me, seed);
    if (cell.ownedBy(me, this)) {
      cell.holds++;
    } else if (state != BIASED || !cell.tryClaim(this, me)) {
      return false;
    } else if (state != BIASED) { // re-read after the CAS: see the algorithmic notes
      leave(cell);
      return false;
    }
    Object previous = cell.countRead(this);
    if (previous != null) {
      ((ReaderBias) previous).addCountedReads(cell.takenCount);
    }
    return true;
  }

  private void addCountedReads(long reads) {
    COUNTED_READS.getAndAdd(this, reads);
  }

  /**
   * {@return how many fast reads this lock has granted (re-entries included)}: exact once those
   * reads have finished; while reads run, as approximate as {@code LongAdder.sum()}.
   */
  public long fastReads() {
    ReaderTable cells = table;
    long counted = (long) COUNTED_READS.getVolatile(this);
    return cells == null ? counted : counted + cells.uncountedReads(this);
  }

  /**
   * Ends one fast read hold of the current thread, if it has one.
   *
   * @return true if a fast hold was released; false if the caller must unlock the underlying
   *     read lock
   */
  public boolean releaseFastRead() {
    ReaderTable cells = table;
    if (cells == null) {
      return false;
    }
    Thread me = Thread.currentThread();
    ReaderTable.Cell cell = cells.cell(me, seed);
    if (!cell.ownedBy(me, this)) {
      return false;
    }
    if (--cell.holds == 0) {
      leave(cell);
    }
    return true;
  }

  /** Gives the cell up and wakes the revoking writer, which may be waiting for this very cell. */
  private void leave(ReaderTable.Cell cell) {
    cell.release();
    if (state == REVOKING) {
      Thread writer = revoker;
      if (writer != null) {
        LockSupport.unpark(writer);
      }
    }
  }

  /** {@return whether the current thread holds a fast read of this lock} */
  public boolean holdsFastRead() {
    // UNBIASED means no cell held this lock when the state was set and none has claimed one
    // since; a cell this thread holds would have kept the state from becoming UNBIASED. So the
    // state alone answers, without the table lookup, on every write of a write-heavy phase.
    ReaderTable cells = table;
    if (cells == null || state == UNBIASED) {
      return false;
    }
    Thread me = Thread.currentThread();
    return cells.cell(me, seed).ownedBy(me, this);
  }

  /** {@return the current thread's fast read holds of this lock (re-entries included)} */
  public int fastReadHolds() {
    ReaderTable cells = table;
    if (cells == null) {
      return 0;
    }
    Thread me = Thread.currentThread();
    ReaderTable.Cell cell = cells.cell(me, seed);
    return cell.ownedBy(me, this) ? cell.holds : 0;
  }

  /**
   * {@return the fast read holds of all threads now (re-entries included)}: a racy count, for
   * monitoring only, as {@code ReentrantReadWriteLock.getReadLockCount()} is.
   */
  public int fastReadHoldsOfAll() {
    ReaderTable cells = table;
    return cells == null ? 0 : cells.holds(this);
  }

  /** Adds the threads holding a fast read of this lock now to {@code owners} (racy, for reports). */
  void addFastReaders(List<Thread> owners) {
    ReaderTable cells = table;
    if (cells != null) {
      cells.addOwners(this, owners);
    }
  }

  /** {@return whether the current thread holds a read of this lock, fast or on the lock itself} */
  public boolean holdsRead() {
    return holdsFastRead() || lock.getReadHoldCount() > 0;
  }

  /**
   * Called after taking the underlying read lock: turns the bias back on once the inhibit window
   * has passed, if no thread holds the write lock or waits for the lock; completes a revocation
   * that a writer gave up, if no fast reader remains.
   */
  public void afterSlowRead() {
    int now = state;
    ReaderTable cells = table;
    if (now == BIASED
        || cells == null
        || waitingWriters != 0
        || lock.hasQueuedThreads()
        || lock.isWriteLocked()) {
      return; // holding the read lock, a free write lock stays free until this thread lets go
    }
    if (now == UNBIASED) {
      if (System.nanoTime() - inhibitUntil >= 0) {
        STATE.compareAndSet(this, UNBIASED, BIASED);
      }
    } else if (cells.firstHeld(this, 0) < 0) {
      STATE.compareAndSet(this, REVOKING, UNBIASED);
    }
  }

  /**
   * Called before a writer waits for the write lock: new readers take the slow path, and queue
   * behind the writer, until {@link #afterWriteWait()}.
   */
  public void beforeWriteWait() {
    if (table == null) {
      return; // never biased
    }
    WAITING_WRITERS.getAndAdd(this, 1);
    for (int now = state; now != REVOKING; now = state) {
      if (STATE.compareAndSet(this, now, REVOKING)) {
        return;
      }
    }
  }

  /** Called when a wait that {@link #beforeWriteWait()} announced has ended, however it ended. */
  public void afterWriteWait() {
    if (table != null) {
      WAITING_WRITERS.getAndAdd(this, -1);
    }
  }

  /**
   * Called by the write-lock holder: turns the bias off and checks for fast readers.
   *
   * @return true if no fast reader remains; false if the caller must {@link #awaitReaders} before
   *     touching the value
   */
  public boolean revoke() {
    if (state == UNBIASED) {
      return true;
    }
    state = REVOKING; // a volatile store, then the scan: see the algorithmic notes
    long start = System.nanoTime();
    ReaderTable cells = Objects.requireNonNull(table, "a lock without a table is never biased");
    if (cells.firstHeld(this, 0) >= 0) {
      return false;
    }
    finishRevocation(start);
    return true;
  }

  /**
   * Waits, as the write-lock holder after {@link #revoke()} returned false, until no fast reader
   * remains: spinning briefly, then parking until the last of them wakes it as it leaves.
   *
   * @param timeoutNanos the longest wait, or a negative number for no limit
   * @param interruptible whether an interrupt ends the wait (otherwise it is kept for later)
   * @return true when no fast reader remains; false if the time ran out first
   * @throws InterruptedException if interruptible and the thread was interrupted
   */
  public boolean awaitReaders(long timeoutNanos, boolean interruptible)
      throws InterruptedException {
    ReaderTable cells = Objects.requireNonNull(table, "a lock without a table is never biased");
    long start = System.nanoTime();
    long deadline = start + timeoutNanos;
    boolean interrupted = false;
    revoker = Thread.currentThread();
    try {
      int held = 0;
      long parked = 0; // not part of the revocation's cost: see the notes on the inhibit window
      for (int round = 0; (held = cells.firstHeld(this, held)) >= 0; round++) {
        long left = timeoutNanos >= 0 ? deadline - System.nanoTime() : PARK_NANOS;
        if (left <= 0) {
          return false;
        }
        if (round < SPINS) {
          Thread.onSpinWait(); // a reader running on another core leaves within nanoseconds
        } else {
          long parkStart = System.nanoTime();
          LockSupport.parkNanos(this, Math.min(PARK_NANOS, left));
          parked += System.nanoTime() - parkStart;
        }
        if (Thread.interrupted()) {
          if (interruptible) {
            throw new InterruptedException();
          }
          interrupted = true;
        }
      }
      finishRevocation(start + parked);
      return true;
    } finally {
      revoker = null;
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Ends a revocation that has cost the writer the time since {@code start}; see the notes. */
  private void finishRevocation(long start) {
    long end = System.nanoTime();
    long until = end + INHIBIT_FACTOR * (end - start);
    // Keep a later deadline: a waiting writer moves even an unbiased lock to REVOKING, and its
    // revocation, a scan that finds no reader, must not cut short the window of a real one.
    if (until - inhibitUntil > 0) {
      inhibitUntil = until;
    }
    state = UNBIASED;
  }

  @Override
  public String toString() {
    int now = state;
    return now == BIASED ? "biased" : now == REVOKING ? "revoking" : "unbiased";
  }
}
