package io.github.sharedstate;

/** Two mutex values of a fresh two-rank order, so a test can violate it without side effects. */
final class RankedPair {
  enum Locks { FIRST, SECOND }

  final ExclusiveValue<Integer> first;
  final ExclusiveValue<Integer> second;

  RankedPair(LockOrder.Policy policy) {
    LockOrder order = LockOrder.builder(Locks.class).policy(policy).build();
    first = ExclusiveValue.of(1, order.rank(Locks.FIRST));
    second = ExclusiveValue.of(2, order.rank(Locks.SECOND));
  }

  /** Takes FIRST while holding SECOND: a violation; returns 1 if the policy lets it through. */
  int violate() {
    return second.with(s -> first.with(f -> f));
  }
}
