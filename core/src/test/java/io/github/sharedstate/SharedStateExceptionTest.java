package io.github.sharedstate;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The four exceptions of the library share one root, an IllegalStateException. */
final class SharedStateExceptionTest {

  @Test
  void eachOfTheFour_isASharedStateException_andAnIllegalStateException() throws Exception {
    LockOrder order = LockOrder.builder().name("app").rank("first").rank("second").build();
    ExclusiveValue<String> first = ExclusiveValue.of("a", order.rank("first"));
    ExclusiveValue<String> second = ExclusiveValue.of("b", order.rank("second"));
    GuardedValue<String> guarded = GuardedValue.of("g");

    SharedStateException violation =
        assertThrows(SharedStateException.class, () -> second.with(b -> first.with(a -> a)));
    assertInstanceOf(LockOrderViolationException.class, violation);

    SharedStateException poisoned =
        assertThrows(SharedStateException.class, () -> second.with(b -> b));
    assertInstanceOf(PoisonedException.class, poisoned);

    SharedStateException upgrade =
        assertThrows(
            SharedStateException.class, () -> guarded.read(g -> guarded.write(w -> w)));
    assertInstanceOf(LockUpgradeException.class, upgrade);

    SharedStateException timeout;
    try (LockHolder holder = LockHolder.holding(first)) {
      timeout =
          assertThrows(SharedStateException.class, () -> first.tryWith(Duration.ZERO, a -> a));
    }
    assertInstanceOf(LockTimeoutException.class, timeout);

    for (SharedStateException e : List.of(violation, poisoned, upgrade, timeout)) {
      assertInstanceOf(IllegalStateException.class, e, "catch (IllegalStateException) still works");
    }
  }

  @Test
  void theRoot_isAbstract_andEverySubclassIsFinal() {
    assertTrue(Modifier.isAbstract(SharedStateException.class.getModifiers()));
    for (Class<?> type :
        List.of(
            LockOrderViolationException.class,
            PoisonedException.class,
            LockUpgradeException.class,
            LockTimeoutException.class)) {
      assertTrue(SharedStateException.class.isAssignableFrom(type), type.getName());
      assertTrue(Modifier.isFinal(type.getModifiers()), type.getName());
    }
  }
}
