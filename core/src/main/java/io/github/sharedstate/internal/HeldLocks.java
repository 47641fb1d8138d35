package io.github.sharedstate.internal;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The ranked locks one thread holds in one lock order, in acquisition order.
 *
 * <p>Confined to its thread (it lives in a {@link ThreadLocal}), so it needs no synchronization. A
 * thread holds few locks at once, so linear scans beat any index.
 */
final class HeldLocks {
  private LockCore<?>[] cores = new LockCore<?>[4];
  private boolean[] writes = new boolean[4];
  private @Nullable Throwable[] sites = new Throwable[4];
  private int size;

  int size() {
    return size;
  }

  LockCore<?> core(int i) {
    return cores[i];
  }

  boolean write(int i) {
    return writes[i];
  }

  @Nullable Throwable site(int i) {
    return sites[i];
  }

  /**
   * Returns the index of a held lock that forbids taking {@code core}, or -1 if it may be taken.
   * Re-entering a held lock is always allowed. With {@code tieBreak} (the ordered multi-acquire),
   * locks of equal rank are ordered by their tie-break; otherwise equal rank is forbidden.
   */
  int conflict(LockCore<?> core, boolean tieBreak) {
    int conflict = -1;
    for (int i = 0; i < size; i++) {
      LockCore<?> held = cores[i];
      if (held == core) {
        return -1;
      }
      if (conflict < 0 && !held.orderedBefore(core, tieBreak)) {
        conflict = i;
      }
    }
    return conflict;
  }

  void push(LockCore<?> core, boolean write, @Nullable Throwable site) {
    if (size == cores.length) {
      cores = Arrays.copyOf(cores, size * 2);
      writes = Arrays.copyOf(writes, size * 2);
      sites = Arrays.copyOf(sites, size * 2);
    }
    cores[size] = core;
    writes[size] = write;
    sites[size] = site;
    size++;
  }

  /**
   * Removes the most recent entry for this lock and access. Guards may be closed out of nesting
   * order, so the entry need not be the last one.
   */
  void remove(LockCore<?> core, boolean write) {
    int last = size - 1;
    // Properly nested release, the usual case: drop the last entry without copying.
    if (last >= 0 && cores[last] == core && writes[last] == write) {
      size = last;
      cores[last] = null;
      sites[last] = null;
      return;
    }
    for (int i = last - 1; i >= 0; i--) {
      if (cores[i] == core && writes[i] == write) {
        int tail = size - i - 1;
        System.arraycopy(cores, i + 1, cores, i, tail);
        System.arraycopy(writes, i + 1, writes, i, tail);
        System.arraycopy(sites, i + 1, sites, i, tail);
        size--;
        cores[size] = null;
        sites[size] = null;
        return;
      }
    }
    throw new IllegalStateException("no held-lock record for '" + core.name() + "'");
  }
}
