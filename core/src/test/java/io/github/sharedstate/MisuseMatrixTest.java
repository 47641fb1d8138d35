package io.github.sharedstate;

import static io.github.sharedstate.GuardedValueTest.assertDoesNotHoldAnyLock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;

/**
 * Every public method with null arguments, and every operation on a poisoned value: each gets
 * its specific exception, takes no lock, and leaves the value usable.
 */
final class MisuseMatrixTest {
  private static final Duration SECOND = Duration.ofSeconds(1);
  private static final Function<String, String> ID = s -> s;
  private static final UnaryOperator<String> SAME = s -> s;

  private final GuardedValue<String> guarded = GuardedValue.of("g");
  private final ExclusiveValue<String> exclusive = ExclusiveValue.of("e");

  @TestFactory
  Stream<DynamicTest> nullArguments_throwNullPointerException_namingTheArgument() {
    Map<String, Executable> calls =
        Map.ofEntries(
            Map.entry("GuardedValue.read", () -> guarded.read(null)),
            Map.entry("GuardedValue.readInterruptibly", () -> guarded.readInterruptibly(null)),
            Map.entry("GuardedValue.tryRead fn", () -> guarded.tryRead(SECOND, null)),
            Map.entry("GuardedValue.tryRead timeout", () -> guarded.tryRead(null, ID)),
            Map.entry("GuardedValue.write", () -> guarded.write(null)),
            Map.entry("GuardedValue.modify", () -> guarded.modify(null)),
            Map.entry("GuardedValue.writeInterruptibly", () -> guarded.writeInterruptibly(null)),
            Map.entry("GuardedValue.tryWrite fn", () -> guarded.tryWrite(SECOND, null)),
            Map.entry("GuardedValue.tryWrite timeout", () -> guarded.tryWrite(null, ID)),
            Map.entry("GuardedValue.update", () -> guarded.update(null)),
            Map.entry("GuardedValue.updateInterruptibly", () -> guarded.updateInterruptibly(null)),
            Map.entry("GuardedValue.tryUpdate op", () -> guarded.tryUpdate(SECOND, null)),
            Map.entry("GuardedValue.tryUpdate timeout", () -> guarded.tryUpdate(null, SAME)),
            Map.entry("GuardedValue.tryLockRead", () -> guarded.tryLockRead(null)),
            Map.entry("GuardedValue.tryLockWrite", () -> guarded.tryLockWrite(null)),
            Map.entry("GuardedValue.recover", () -> guarded.recover(null)),
            Map.entry("GuardedValue.of", () -> GuardedValue.of(null)),
            Map.entry("GuardedValue.of rank", () -> GuardedValue.of("x", null)),
            Map.entry("ExclusiveValue.with", () -> exclusive.with(null)),
            Map.entry("ExclusiveValue.modify", () -> exclusive.modify(null)),
            Map.entry("ExclusiveValue.withInterruptibly", () -> exclusive.withInterruptibly(null)),
            Map.entry("ExclusiveValue.tryWith fn", () -> exclusive.tryWith(SECOND, null)),
            Map.entry("ExclusiveValue.tryWith timeout", () -> exclusive.tryWith(null, ID)),
            Map.entry("ExclusiveValue.update", () -> exclusive.update(null)),
            Map.entry("ExclusiveValue.updateInterruptibly", () -> exclusive.updateInterruptibly(null)),
            Map.entry("ExclusiveValue.tryUpdate op", () -> exclusive.tryUpdate(SECOND, null)),
            Map.entry("ExclusiveValue.tryLock", () -> exclusive.tryLock(null)),
            Map.entry("ExclusiveValue.recover", () -> exclusive.recover(null)),
            Map.entry("ExclusiveValue.builder", () -> ExclusiveValue.builder(null)),
            Map.entry("LockOrder.rank enum", () -> LockOrder.of(Thread.State.class).rank((Enum<?>) null)),
            Map.entry("LockOrder.rank name", () -> LockOrder.of(Thread.State.class).rank((String) null)),
            Map.entry("LockOrder.withAll values", () -> LockOrder.of(Thread.State.class).withAll(null, () -> 1)),
            Map.entry("LockOrder.builder name", () -> LockOrder.builder().name(null)),
            Map.entry("SharedState.Builder.name", () -> SharedState.builder().name(null)),
            Map.entry("SharedState.Builder.policy", () -> SharedState.builder().policy(null)),
            Map.entry("SharedState.Builder.lockOrder", () -> SharedState.builder().lockOrder(null)),
            Map.entry("StateKey.service", () -> StateKey.service(null)));
    return calls.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(
            e ->
                dynamicTest(
                    e.getKey(),
                    () -> {
                      NullPointerException npe =
                          assertThrows(NullPointerException.class, e.getValue());
                      assertFalse(
                          npe.getMessage() == null || npe.getMessage().isBlank(),
                          "the message names the argument");
                      assertEquals(0, guarded.stats().acquisitions());
                      assertEquals(0, exclusive.stats().acquisitions());
                    }));
  }

  @TestFactory
  Stream<DynamicTest> poisonedValue_everyAccessThrowsPoisoned_thenRecovers() {
    poison(guarded);
    poison(exclusive);
    List<Executable> guardedCalls =
        List.of(
            () -> guarded.read(ID),
            () -> guarded.readInterruptibly(ID),
            () -> guarded.tryRead(SECOND, ID),
            () -> guarded.write(ID),
            () -> guarded.modify(s -> {}),
            () -> guarded.writeInterruptibly(ID),
            () -> guarded.tryWrite(SECOND, ID),
            () -> guarded.update(SAME),
            () -> guarded.updateInterruptibly(SAME),
            () -> guarded.tryUpdate(SECOND, SAME),
            guarded::lockRead,
            guarded::lockReadInterruptibly,
            () -> guarded.tryLockRead(SECOND),
            guarded::lockWrite,
            guarded::lockWriteInterruptibly,
            () -> guarded.tryLockWrite(SECOND));
    List<Executable> exclusiveCalls =
        List.of(
            () -> exclusive.with(ID),
            () -> exclusive.modify(s -> {}),
            () -> exclusive.withInterruptibly(ID),
            () -> exclusive.tryWith(SECOND, ID),
            () -> exclusive.update(SAME),
            () -> exclusive.updateInterruptibly(SAME),
            () -> exclusive.tryUpdate(SECOND, SAME),
            exclusive::lock,
            exclusive::lockInterruptibly,
            () -> exclusive.tryLock(SECOND));
    Stream<DynamicTest> rejected =
        Stream.concat(
            numbered("GuardedValue call ", guardedCalls),
            numbered("ExclusiveValue call ", exclusiveCalls));
    Stream<DynamicTest> recovery =
        Stream.of(
            dynamicTest(
                "recover makes both usable again",
                () -> {
                  assertDoesNotHoldAnyLock(guarded);
                  assertDoesNotHoldAnyLock(exclusive);
                  guarded.recover(s -> "g2");
                  exclusive.clearPoison();
                  assertEquals("g2", guarded.read(ID));
                  assertEquals("e", exclusive.with(ID));
                }));
    return Stream.concat(rejected, recovery);
  }

  private static Stream<DynamicTest> numbered(String prefix, List<Executable> calls) {
    return java.util.stream.IntStream.range(0, calls.size())
        .mapToObj(
            i ->
                dynamicTest(
                    prefix + i, () -> assertThrows(PoisonedException.class, calls.get(i))));
  }

  private static void poison(SharedValue value) {
    Executable failing =
        value instanceof GuardedValue
            ? () -> ((GuardedValue<?>) value).modify(v -> fail())
            : () -> ((ExclusiveValue<?>) value).modify(v -> fail());
    assertThrows(IllegalStateException.class, failing);
  }

  private static void fail() {
    throw new IllegalStateException("writer failed");
  }
}
