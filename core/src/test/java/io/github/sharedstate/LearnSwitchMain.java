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
    System.out.println("process-wide " + LockOrder.processWide().map(LockOrder::name).orElse("none"));
  }
}
