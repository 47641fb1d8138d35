package io.github.sharedstate.internal;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The tracked locks (ranked or learned members of any lock order) one thread holds, in
 * acquisition order. Each order's checks look only at its own entries.
 *
 * <p>Confined to its thread (it lives in a {@link ThreadLocal}), so it needs no synchronization. A
 * thread holds few locks at once, so linear scans beat any index.
 *
 * <p>One record per thread, shared by every order, rather than one per thread and order: a
 * record keeps the locks its thread released last (see {@link #push}), and a lock reaches its
 * order; with a record per order, held in the order's own ThreadLocal, that ThreadLocal stayed
 * reachable from its thread's value and was never cleared, so a thread kept one record, and the
 * order and values behind it, for every order it had ever used (60,000 short-lived orders kept
 * 181 MB). One record keeps at most one released lock per nesting depth the thread has reached.
 */
final class HeldLocks {
  private static final ThreadLocal<HeldLocks> CURRENT = ThreadLocal.withInitial(HeldLocks::new);

  private OrderPosition[] cores = new OrderPosition[4];
  private boolean[] writes = new boolean[4];
  /** Acquisition sites of the locks whose order captures them; null until the first one. */
  private @Nullable Throwable @Nullable [] sites;

  private int size;

  /**
   * Slots {@code [0, checked)} hold locks whose acquisition, with the locks of the slots below
   * them held, passed every order check (rank and learned) without a violation or a new edge. The
   * contents of those slots have not changed since (a push that stores a different lock, and an
   * out-of-order removal, lower the mark to the first changed slot), so taking {@code cores[size]}
   * again with {@code size < checked} repeats a checked acquisition exactly. See OrderTracker for
   * why its result cannot have changed. (Entries of other orders in the slots below change no
   * check's result: each order looks only at its own.)
   */
  private int checked;

  private HeldLocks() {}

  /** The current thread's record. */
  static HeldLocks current() {
    return CURRENT.get();
  }

  int size() {
    return size;
  }

  OrderPosition core(int i) {
    return cores[i];
  }

  boolean write(int i) {
    return writes[i];
  }

  @Nullable Throwable site(int i) {
    @Nullable Throwable[] known = sites;
    return known == null ? null : known[i];
  }

  /**
   * Returns the index of a held lock of {@code core}'s order that forbids taking {@code core}, or
   * -1 if it may be taken. Re-entering a held lock is always allowed. With {@code tieBreak} (the
   * ordered multi-acquire), locks of equal rank are ordered by their tie-break; otherwise equal
   * rank is forbidden.
   */
  int conflict(OrderPosition core, boolean tieBreak) {
    int conflict = -1;
    for (int i = 0; i < size; i++) {
      OrderPosition held = cores[i];
      if (held == core) {
        return -1;
      }
      if (conflict < 0 && held.sameOrder(core) && !held.orderedBefore(core, tieBreak)) {
        conflict = i;
      }
    }
    return conflict;
  }

  /**
   * Records {@code core} as held, and returns true, if taking it now repeats an acquisition that
   * passed every order check with the same locks held in the same order (see {@code checked});
   * otherwise records nothing and returns false, and the caller checks and calls {@link #push}.
   */
  boolean pushIfRepeat(OrderPosition core, boolean write) {
    int top = size;
    if (top >= checked || cores[top] != core) {
      return false;
    }
    fill(top, write); // the slot holds core already, and top < checked <= cores.length
    return true;
  }

  /** Records a held lock that was not checked, or whose check found something to report. */
  void push(OrderPosition core, boolean write) {
    push(core, write, false);
  }

  /**
   * Records a held lock, with a stack trace of this call when the order captures sites; {@code
   * passed} says that its acquisition passed every order check without a violation or a new edge.
   */
  void push(OrderPosition core, boolean write, boolean passed) {
    int top = size;
    if (top == cores.length) {
      grow();
    }
    // remove() leaves released locks in the slots above size, so a thread that takes the same
    // locks again, the usual case, finds its lock already there and stores no reference: a
    // reference store into this long-lived array costs a GC write barrier, measured at about 2 ns
    // of a ranked acquisition. The price is that a thread keeps the locks it released last, at
    // most one per nesting depth it has reached, reachable until it takes others at that depth.
    if (cores[top] != core) {
      cores[top] = core;
      if (checked > top) {
        checked = top; // this slot and those above it were checked below other locks
      }
    }
    if (passed && checked == top) {
      checked = top + 1;
    }
    fill(top, write);
  }

  /** Completes the entry in slot {@code top}, whose lock is stored, and makes it the last. */
  private void fill(int top, boolean write) {
    writes[top] = write;
    if (cores[top].capturesSites) {
      @Nullable Throwable[] known = sites;
      if (known == null) {
        known = sites = new Throwable[cores.length];
      }
      known[top] = new Throwable("acquisition site");
    }
    size = top + 1;
  }

  private void grow() {
    cores = Arrays.copyOf(cores, size * 2);
    writes = Arrays.copyOf(writes, size * 2);
    if (sites != null) {
      sites = Arrays.copyOf(sites, size * 2);
    }
  }

  /**
   * Removes the most recent entry for this lock and access. Guards may be closed out of nesting
   * order, so the entry need not be the last one.
   */
  void remove(OrderPosition core, boolean write) {
    // Properly nested release, the usual case: drop the last entry without copying.
    if (isLast(core, write)) {
      int last = size - 1;
      size = last; // the slot keeps its lock for the next push (see push)
      if (sites != null) {
        sites[last] = null;
      }
      return;
    }
    removeOutOfOrder(core, write);
  }

  /** {@return whether the last entry is {@code core} taken for {@code write}} */
  boolean isLast(OrderPosition core, boolean write) {
    int last = size - 1;
    return last >= 0 && cores[last] == core && writes[last] == write;
  }

  /** {@return whether the thread holds {@code core} in any mode} */
  boolean holds(OrderPosition core) {
    for (int i = 0; i < size; i++) {
      if (cores[i] == core) {
        return true;
      }
    }
    return false;
  }

  /** Removes every entry for this lock and access; returns how many there were. */
  int removeAll(OrderPosition core, boolean write) {
    int removed = 0;
    for (int i = size - 1; i >= 0; i--) {
      if (cores[i] == core && writes[i] == write) {
        removeAt(i);
        removed++;
      }
    }
    return removed;
  }

  /** The rare path, kept out of {@link #remove} so that the usual path stays small to inline. */
  private void removeOutOfOrder(OrderPosition core, boolean write) {
    for (int i = size - 2; i >= 0; i--) {
      if (cores[i] == core && writes[i] == write) {
        removeAt(i);
        return;
      }
    }
    throw new IllegalStateException("no held-lock record for '" + core.name + "'");
  }

  /** Removes the entry in slot {@code i}, moving those above it down. */
  private void removeAt(int i) {
    int tail = size - i - 1;
    System.arraycopy(cores, i + 1, cores, i, tail);
    checked = Math.min(checked, i); // the slots from i up now hold other locks
    System.arraycopy(writes, i + 1, writes, i, tail);
    size--;
    if (sites != null) {
      System.arraycopy(sites, i + 1, sites, i, tail);
      sites[size] = null;
    }
  }
}
