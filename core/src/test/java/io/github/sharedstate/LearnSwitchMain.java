package io.github.sharedstate;

/**
 * Run in a fresh JVM by {@link LearnSwitchTest}: nests two plain unranked values in both orders
 * and prints what happened, so the test can run it with and without the learn switch.
 */
final class LearnSwitchMain {
  private LearnSwitchMain() {}

  public static void main(String[] args) {
    ExclusiveValue<String> first = ExclusiveValue.builder("1").name("first").build();
    ExclusiveValue<String> second = ExclusiveValue.builder("2").name("second").build();
    first.with(a -> second.with(b -> b));
    try {
      second.with(b -> first.with(a -> a));
      System.out.println("not rejected");
    } catch (LockOrderViolationException e) {
      System.out.println("rejected " + e.cycle());
    }
    // A sharded value built with neither a rank nor an order keeps its shards on a private rank,
    // switch on or off: even the first nesting of two shards is rejected.
    ShardedValue<int[]> hits =
        ShardedValue.<int[]>builder(() -> new int[1]).name("hits").shards(2).build();
    Integer low = keyOfShard(hits, 0);
    Integer high = keyOfShard(hits, 1);
    try {
      hits.with(low, a -> hits.with(high, b -> b));
      hits.clearPoison();
      hits.with(high, b -> hits.with(low, a -> a));
      System.out.println("sharded not rejected");
    } catch (LockOrderViolationException e) {
      System.out.println("sharded rejected " + e.cycle());
    }
    System.out.println("process-wide " + LockOrder.processWide().map(LockOrder::name).orElse("none"));
  }

  private static Integer keyOfShard(ShardedValue<?> value, int index) {
    for (int key = 0; ; key++) {
      if (value.shard(key) == value.shards().get(index)) {
        return key;
      }
    }
  }
}
