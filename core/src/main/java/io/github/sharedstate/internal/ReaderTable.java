package io.github.sharedstate.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The process-wide table of reader cells behind every {@link ReaderBias}: a fast reader
 * claims the cell that (thread, lock) hashes to, so readers of one lock write different cache
 * lines instead of the lock's one state word.
 *
 * <p>Size: the system property {@code io.github.sharedstate.readerCells} (rounded up to a power
 * of two; {@code 0} turns the fast read path off everywhere), read once; by default four cells per
 * available processor. Each cell is padded to 128 bytes, so the table costs 128 bytes per cell and
 * nothing per lock or per thread.
 */
final class ReaderTable {
  /*
   * Concurrency: a cell's `lock` is the only field other threads write. It goes from null to a
   * lock by CAS (so one thread owns the cell) and back to null by the owner's release store.
   * `owner` and `holds` are written only by the thread that owns the cell, after its CAS and
   * before its release store, so the next owner (whose CAS reads that store) sees them reset.
   *
   * Other threads read `owner` racily, only to ask "is this cell mine?". A thread T sees
   * `owner == T` only if T wrote it and has not yet reset it, because nobody else ever writes T
   * there and T's own later writes are visible to T in program order. Together with `lock ==
   * this lock` (which nobody but the owner changes while it owns the cell), that makes the
   * reentrancy check exact: two threads that share a cell are never taken for one.
   *
   * Counting: the owner also counts its fast reads in the cell (`countedLock`, `uncounted`:
   * opaque, owner-written), so that a read makes no atomic update of a counter. When the cell
   * starts counting for another lock, the owner moves the old count to that lock's total. A stats
   * snapshot adds the cells' counts for its lock to the total; it is exact once the reads have
   * finished, and like LongAdder.sum() while they run.
   */
  static final String CELLS_PROPERTY = "io.github.sharedstate.readerCells";

  /** The table every biased lock uses, or null when the property turns the fast path off. */
  static final @Nullable ReaderTable SHARED = create(System.getProperty(CELLS_PROPERTY));

  private static final VarHandle LOCK;
  private static final VarHandle COUNTED_LOCK;
  private static final VarHandle UNCOUNTED;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      LOCK = lookup.findVarHandle(CellFields.class, "lock", Object.class);
      COUNTED_LOCK = lookup.findVarHandle(CellFields.class, "countedLock", Object.class);
      UNCOUNTED = lookup.findVarHandle(CellFields.class, "uncounted", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Cell[] cells;
  private final int mask;

  ReaderTable(int size) {
    if (size < 1 || Integer.bitCount(size) != 1) {
      throw new IllegalArgumentException("table size must be a power of two: " + size);
    }
    cells = new Cell[size];
    for (int i = 0; i < size; i++) {
      cells[i] = new Cell();
    }
    mask = size - 1;
  }

  /** The table the property asks for (null: off), or the default one when it is not set. */
  static @Nullable ReaderTable create(@Nullable String property) {
    if (property == null) {
      return new ReaderTable(ceilingPowerOfTwo(4 * Runtime.getRuntime().availableProcessors()));
    }
    int asked;
    try {
      asked = Integer.parseInt(property.trim());
    } catch (NumberFormatException e) {
      asked = -1;
    }
    if (asked < 0 || asked > 1 << 20) {
      throw new IllegalArgumentException(
          CELLS_PROPERTY
              + " must be a whole number from 0 (fast reads off) to 1048576, was '"
              + property
              + "'");
    }
    return asked == 0 ? null : new ReaderTable(ceilingPowerOfTwo(asked));
  }

  private static int ceilingPowerOfTwo(int n) {
    return n <= 1 ? 1 : Integer.highestOneBit(n - 1) << 1;
  }

  int size() {
    return cells.length;
  }

  /** The cell that {@code thread} uses for a lock with this seed. */
  Cell cell(Thread thread, int lockSeed) {
    @SuppressWarnings("deprecation") // getId() is final and cheap; threadId() needs Java 19
    long id = thread.getId();
    int h = (int) ((id * 0x9E3779B97F4A7C15L) >>> 32) ^ lockSeed;
    h ^= h >>> 16;
    return cells[h & mask];
  }

  /**
   * Returns the index of the first cell from {@code from} on that {@code lock} holds, or -1 when
   * none does. Every read is volatile: it orders after the writer's revoking store.
   */
  int firstHeld(Object lock, int from) {
    for (int i = from; i < cells.length; i++) {
      if (LOCK.getVolatile(cells[i]) == lock) {
        return i;
      }
    }
    return -1;
  }

  /**
   * {@return the read holds of {@code lock} in cells now}: read racily (each owner writes its
   * cell's count alone), for monitoring only.
   */
  int holds(Object lock) {
    int count = 0;
    for (int i = firstHeld(lock, 0); i >= 0; i = firstHeld(lock, i + 1)) {
      count += cells[i].holds;
    }
    return count;
  }

  /** Adds the threads owning the cells that {@code lock} holds now (racy, for reports only). */
  void addOwners(Object lock, List<Thread> owners) {
    for (int i = firstHeld(lock, 0); i >= 0; i = firstHeld(lock, i + 1)) {
      Thread owner = cells[i].owner;
      if (owner != null) {
        owners.add(owner);
      }
    }
  }

  /**
   * Returns the reads of {@code lock} that cells still count (see {@link Cell#countRead}). Exact
   * once those reads have finished; while they run, as approximate as {@code LongAdder.sum()}.
   */
  long uncountedReads(Object lock) {
    long sum = 0;
    for (Cell cell : cells) {
      if (COUNTED_LOCK.getOpaque(cell) == lock) {
        sum += (long) UNCOUNTED.getOpaque(cell);
      }
    }
    return sum;
  }

  /** One reader slot, padded on both sides to its own pair of cache lines. */
  static final class Cell extends CellFields {
    @SuppressWarnings("unused") // padding against false sharing with the next cell
    private long q0, q1, q2, q3, q4, q5, q6, q7;

    /** Claims the free cell for {@code lock} on behalf of {@code thread}, its first hold. */
    boolean tryClaim(Object lock, Thread thread) {
      if (LOCK.getVolatile(this) != null || !LOCK.compareAndSet(this, null, lock)) {
        return false;
      }
      owner = thread;
      holds = 1;
      return true;
    }

    /** Gives the cell up; called by its owner only. */
    void release() {
      owner = null;
      LOCK.setRelease(this, null);
    }

    boolean ownedBy(Thread thread, Object lock) {
      return owner == thread && LOCK.getOpaque(this) == lock;
    }

    /**
     * Counts a fast read of {@code lock} in the cell, which the caller owns, so that the read
     * costs no atomic update of a shared counter. The cell keeps counting for one lock at a time:
     * counting for another first returns the count it had, which the caller adds to that lock.
     *
     * @return the lock whose count the cell gave up (its count is {@link #takenCount}), or null
     */
    @Nullable Object countRead(Object lock) {
      Object counted = COUNTED_LOCK.getOpaque(this);
      if (counted == lock) {
        UNCOUNTED.setOpaque(this, (long) UNCOUNTED.getOpaque(this) + 1);
        return null;
      }
      takenCount = (long) UNCOUNTED.getOpaque(this);
      UNCOUNTED.setOpaque(this, 1L);
      COUNTED_LOCK.setOpaque(this, lock);
      return counted;
    }
  }

  /** The padding before a cell's fields. */
  abstract static class CellPadding {
    @SuppressWarnings("unused") // padding against false sharing with the previous cell
    private long p0, p1, p2, p3, p4, p5, p6, p7;
  }

  /** A cell's fields; see the concurrency notes of {@link ReaderTable}. */
  abstract static class CellFields extends CellPadding {
    @SuppressWarnings("unused") // accessed through LOCK
    private volatile @Nullable Object lock;

    /** The owning thread, written by the owner only. */
    @Nullable Thread owner;

    /** Read holds of the owner on this cell's lock (reentrant reads), written by the owner. */
    int holds;

    /** The lock whose fast reads {@code uncounted} counts; written by the owner, read by any. */
    @SuppressWarnings("unused") // accessed through COUNTED_LOCK
    private @Nullable Object countedLock;

    /** Fast reads of {@code countedLock} not yet added to its total; see countRead. */
    @SuppressWarnings("unused") // accessed through UNCOUNTED
    private long uncounted;

    /** The count the last countRead gave up, for its caller; owner only. */
    long takenCount;
  }
}
