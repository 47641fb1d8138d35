package io.github.sharedstate.junit;

import io.github.sharedstate.SharedValue;
import io.github.sharedstate.LockDiagnostics;
import io.github.sharedstate.LockOrderViolationException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.jspecify.annotations.Nullable;

/**
 * Fails a test that broke the lock discipline, naming the values and threads involved:
 *
 * <ul>
 *   <li>a lock-order violation happened during the test, on any thread: thrown, thrown and then
 *       caught by the code under test, or only warned under {@code LockOrder.Policy.WARN};
 *   <li>the test method returned (or threw) with a guard ({@code lockRead()}, {@code
 *       lockWrite()}, {@code lock()}) that it opened still open on its thread; the failure names
 *       the value and shows where the guard was taken;
 *   <li>opt-in: a value was poisoned during the test and was still poisoned at its end (not
 *       repaired with {@code recover} or {@code clearPoison});
 *   <li>opt-in ({@link #failingOnLongWaits()}): a thread waited for a lock past the lock's
 *       long-wait threshold during the test (see {@code LockDiagnostics.LongWait}); the failure
 *       names the lock, the waiter and the holder, with the holder's stack.
 * </ul>
 *
 * <pre>{@code
 * @ExtendWith(LockDisciplineExtension.class)
 * final class OrderServiceTest { ... }
 *
 * // or, to also fail on a value left poisoned:
 * @RegisterExtension
 * static final LockDisciplineExtension LOCKS = LockDisciplineExtension.failingOnPoison();
 * }</pre>
 *
 * <p>For a whole suite, turn on JUnit's extension auto-detection ({@code
 * junit.jupiter.extensions.autodetection.enabled=true} in {@code junit-platform.properties}): the
 * library registers this extension as a service. The configuration parameter {@value
 * #FAIL_ON_POISON} {@code = true} turns the poison check on for every registration.
 *
 * <p>It listens through {@link LockDiagnostics} from before each {@code @BeforeEach} method to
 * after each {@code @AfterEach} method. Violations are JVM-wide: when tests run in parallel, a
 * violation is reported by every test that is running at that moment. While it listens, every
 * guard acquisition records a stack trace (see {@link LockDiagnostics} for the cost).
 *
 * <p>Thread-safety: one instance may serve tests running in parallel.
 */
public final class LockDisciplineExtension
    implements BeforeEachCallback, AfterEachCallback, InvocationInterceptor {

  /** The configuration parameter that turns on the poison check for every registration. */
  public static final String FAIL_ON_POISON = "io.github.sharedstate.junit.failOnPoison";

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(LockDisciplineExtension.class);

  private final boolean failOnPoison;
  private final boolean failOnLongWait;

  /**
   * Creates the extension without the poison check (unless {@value #FAIL_ON_POISON} is set) and
   * without the long-wait check; used by {@code @ExtendWith} and auto-detection.
   */
  public LockDisciplineExtension() {
    this(false, false);
  }

  private LockDisciplineExtension(boolean failOnPoison, boolean failOnLongWait) {
    this.failOnPoison = failOnPoison;
    this.failOnLongWait = failOnLongWait;
  }

  /**
   * Returns an extension that also fails a test which left a value poisoned, for {@code
   * @RegisterExtension}.
   *
   * @return a new extension
   */
  public static LockDisciplineExtension failingOnPoison() {
    return new LockDisciplineExtension(true, false);
  }

  /**
   * Returns an extension that also fails a test during which a thread waited for a lock past the
   * lock's long-wait threshold (set on the lock, its order, or the process: see {@code
   * LockDiagnostics.LONG_WAIT_PROPERTY}), for {@code @RegisterExtension}.
   *
   * @return a new extension
   */
  public static LockDisciplineExtension failingOnLongWaits() {
    return new LockDisciplineExtension(false, true);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    Recorder recorder = new Recorder();
    context.getStore(NAMESPACE).put(Recorder.class, recorder);
    LockDiagnostics.addListener(recorder);
  }

  @Override
  public void interceptTestMethod(
      Invocation<@Nullable Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext,
      ExtensionContext extensionContext)
      throws Throwable {
    runWatchingGuards(invocation, extensionContext);
  }

  @Override
  public void interceptTestTemplateMethod(
      Invocation<@Nullable Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext,
      ExtensionContext extensionContext)
      throws Throwable {
    runWatchingGuards(invocation, extensionContext);
  }

  /**
   * Runs the test method and notes the guards it left open. This runs on the thread that runs
   * the test method (also when JUnit's timeout runs it on a thread of its own), which is the
   * thread whose guards matter.
   */
  private static void runWatchingGuards(
      Invocation<@Nullable Void> invocation, ExtensionContext context) throws Throwable {
    List<LockDiagnostics.OpenGuard> before = LockDiagnostics.openGuards();
    try {
      invocation.proceed();
    } finally {
      List<LockDiagnostics.OpenGuard> left = new ArrayList<>(LockDiagnostics.openGuards());
      left.removeAll(before);
      Recorder recorder = context.getStore(NAMESPACE).get(Recorder.class, Recorder.class);
      if (recorder != null) {
        recorder.leftOpen(left);
      }
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    Recorder recorder = context.getStore(NAMESPACE).remove(Recorder.class, Recorder.class);
    if (recorder == null) {
      return;
    }
    LockDiagnostics.removeListener(recorder);
    boolean checkPoison =
        failOnPoison
            || context.getConfigurationParameter(FAIL_ON_POISON, Boolean::parseBoolean)
                .orElse(false);
    AssertionError failure =
        recorder.failure(context.getDisplayName(), checkPoison, failOnLongWait);
    if (failure != null) {
      throw failure;
    }
  }

  /** What one test did wrong; fed by any thread, read after the test. */
  private static final class Recorder implements LockDiagnostics.Listener {
    private final List<Problem> problems = Collections.synchronizedList(new ArrayList<>());
    private final List<Poisoning> poisonings = Collections.synchronizedList(new ArrayList<>());
    private final List<LockDiagnostics.LongWait> longWaits =
        Collections.synchronizedList(new ArrayList<>());

    private record Problem(String text, Throwable detail) {}

    private record Poisoning(SharedValue value, String threadName, Throwable failure) {}

    @Override
    public void violation(LockOrderViolationException violation, boolean thrown) {
      problems.add(
          new Problem(
              "lock-order violation ("
                  + (thrown ? "thrown" : "warned, not thrown")
                  + "): "
                  + violation.getMessage(),
              violation));
    }

    @Override
    public void poisoned(SharedValue value, Throwable failure) {
      poisonings.add(new Poisoning(value, Thread.currentThread().getName(), failure));
    }

    @Override
    public void longWait(LockDiagnostics.LongWait report) {
      longWaits.add(report);
    }

    void leftOpen(List<LockDiagnostics.OpenGuard> guards) {
      for (LockDiagnostics.OpenGuard guard : guards) {
        problems.add(
            new Problem(
                (guard.write() ? "write" : "read")
                    + " guard of '"
                    + guard.valueName()
                    + "' still open on thread '"
                    + guard.threadName()
                    + "' when the test ended; taken at "
                    + callerOf(guard.site()),
                guard.site()));
      }
    }

    @Nullable AssertionError failure(String testName, boolean checkPoison, boolean checkLongWaits) {
      List<Problem> all;
      synchronized (problems) {
        all = new ArrayList<>(problems);
      }
      if (checkLongWaits) {
        synchronized (longWaits) {
          for (LockDiagnostics.LongWait report : longWaits) {
            Throwable holderStack = new Throwable("what the holder was doing");
            holderStack.setStackTrace(report.holderStack().toArray(new StackTraceElement[0]));
            all.add(new Problem(report.describe().lines().findFirst().orElse(""), holderStack));
          }
        }
      }
      if (checkPoison) {
        synchronized (poisonings) {
          for (Poisoning p : poisonings) {
            // A violation thrown inside a writer poisons it: report that failure once.
            if (p.value().isPoisoned() && all.stream().noneMatch(q -> q.detail() == p.failure())) {
              all.add(
                  new Problem(
                      "'"
                          + p.value().name()
                          + "' was poisoned on thread '"
                          + p.threadName()
                          + "' by "
                          + p.failure()
                          + " and not recovered",
                      p.failure()));
            }
          }
        }
      }
      if (all.isEmpty()) {
        return null;
      }
      StringBuilder message =
          new StringBuilder(testName).append(" broke the lock discipline (sharedstate):");
      for (Problem problem : all) {
        message.append("\n- ").append(problem.text());
      }
      AssertionError failure = new AssertionError(message.toString());
      all.forEach(problem -> failure.addSuppressed(problem.detail()));
      return failure;
    }

    /** The first frame of the stack trace outside this library: where the guard was taken. */
    private static String callerOf(Throwable site) {
      for (StackTraceElement frame : site.getStackTrace()) {
        String type = frame.getClassName();
        boolean library =
            type.startsWith("io.github.sharedstate.internal.")
                || (type.startsWith("io.github.sharedstate.")
                    && frame.getMethodName().startsWith("lock"));
        if (!library) {
          return frame.toString();
        }
      }
      return "an unknown site";
    }
  }
}
