package io.github.sharedstate;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

/** {@code wrap} refuses a lock that is checked already, whichever face of the library it is. */
final class WrapCheckedLockTest {
  enum Locks {
    FIRST,
    SECOND
  }

  private final LockOrder order = LockOrder.of(Locks.class);

  private void assertRefused(Lock lock, String name) {
    IllegalArgumentException ranked =
        assertThrows(IllegalArgumentException.class, () -> order.rank(Locks.SECOND).wrap(lock));
    assertTrue(ranked.getMessage().contains("'" + name + "' is checked already"), ranked::toString);
    assertThrows(IllegalArgumentException.class, () -> order.wrap(lock, "again"));
  }

  @Test
  void wrap_ofAnOrderedLock_isRefused() {
    assertRefused(OrderedLock.of(order.rank(Locks.FIRST)), "FIRST");
  }

  @Test
  void wrap_ofAWrappedLock_isRefused() {
    assertRefused(order.rank(Locks.FIRST).wrap(new ReentrantLock()), "FIRST");
  }

  @Test
  void wrap_ofTheReadOrWriteLockOfAnOrderedReadWriteLock_isRefused() {
    // Checked twice, a view of the same rank would be rejected by its own entry on every lock().
    OrderedReadWriteLock readWrite = OrderedReadWriteLock.of(order.rank(Locks.FIRST));
    assertRefused(readWrite.readLock(), "FIRST");
    assertRefused(readWrite.writeLock(), "FIRST");
  }
}
