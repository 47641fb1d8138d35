package io.github.sharedstate.lincheck;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.StressOptions;

/**
 * The bounds every Lincheck test here runs with, small enough for a 2-core CI machine, and
 * hand-written scenarios for the interleavings random scenarios rarely contain.
 */
final class Lincheck {
  private Lincheck() {}

  /**
   * Multiplies every test's iterations (scenarios) for a longer run by hand: {@code
   * -Dlincheck.scale=3} on the Maven command line (surefire passes it on to the tests).
   */
  private static final int SCALE = Integer.getInteger("lincheck.scale", 1);

  /**
   * Systematic exploration of {@code iterations} random scenarios (2 threads of {@code actors}
   * operations, one operation before and one after), {@code invocations} interleavings each.
   */
  static ModelCheckingOptions modelChecking(int iterations, int invocations, int actors) {
    return new ModelCheckingOptions()
        .iterations(iterations * SCALE)
        .invocationsPerIteration(invocations)
        .threads(2)
        .actorsPerThread(actors)
        .actorsBefore(1)
        .actorsAfter(1);
  }

  /** The same kind of scenarios on real threads, {@code invocations} runs each. */
  static StressOptions stress(int iterations, int invocations, int actors) {
    return new StressOptions()
        .iterations(iterations * SCALE)
        .invocationsPerIteration(invocations)
        .threads(2)
        .actorsPerThread(actors)
        .actorsBefore(1)
        .actorsAfter(1);
  }

  /** One call of an operation: its name and arguments. */
  record Call(String operation, List<Object> args) {}

  /** {@return a call of {@code operation} with {@code args}, for {@link #thread}} */
  static Call call(String operation, Object... args) {
    return new Call(operation, List.of(args));
  }

  /** {@return one thread's calls, for {@link #parallel}} */
  static Call[] thread(Call... calls) {
    return calls;
  }

  /** A scenario with nothing before or after, and the given threads in parallel. */
  static ExecutionScenario parallel(Class<?> test, Call[]... threads) {
    List<List<Actor>> parallel = new ArrayList<>();
    for (Call[] calls : threads) {
      List<Actor> actors = new ArrayList<>();
      for (Call call : calls) {
        actors.add(actor(test, call.operation(), call.args()));
      }
      parallel.add(actors);
    }
    return new ExecutionScenario(List.of(), parallel, List.of(), null);
  }

  private static Actor actor(Class<?> test, String name, List<Object> args) {
    for (Method method : test.getMethods()) {
      if (method.getName().equals(name) && method.getParameterCount() == args.size()) {
        return new Actor(method, args);
      }
    }
    throw new IllegalArgumentException(
        test.getName() + " has no operation " + name + "/" + args.size());
  }
}
