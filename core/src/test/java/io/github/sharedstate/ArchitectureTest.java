package io.github.sharedstate;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackages;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The library's layering, pinned:
 *
 * <ol>
 *   <li>the public package: the values, the drop-in locks, {@code LockOrder}, the exceptions and
 *       the diagnostics types, built on
 *   <li>the value layer in {@code internal} (value, poison, function forms, guards, the ordered
 *       multi-acquire that poisons values, the predicate waits), built on
 *   <li>the lock engine in {@code internal}: locks, order tracking, the held-lock record, counters,
 *       waiting, conditions, JFR events and diagnostics, with no value.
 * </ol>
 *
 * <p>The integrations ({@code micrometer}, {@code junit}) use the public API only.
 */
final class ArchitectureTest {
  /*
   * What internal may use of the public package: the types its results and failures are made of
   * (LockStats, ContentionProfile, the exceptions), the guard interfaces ValueGuard implements,
   * and what diagnostics report to listeners (SharedValue, LockDiagnostics and its nested types). Never a value class, a
   * drop-in lock or LockOrder: they are built on internal, not the other way round.
   *
   * The value layer is named class by class; the engine is the rest of internal, so a new class
   * joins the engine, and must then do without the value layer, unless added here.
   * MultiAcquire belongs to the value layer: it checks and poisons the values among the locks it
   * takes (ValueCore), though it takes them through the engine alone. ConditionalAccess (the
   * values' predicate waits) is value layer too; the Waiters it parks threads in are the engine's,
   * since every exclusive release wakes them.
   *
   * Synthetic dependencies on the JDK are not imported (archunit.properties in the test
   * resources), so the rules read names only and run alike on every JDK.
   */
  private static final String PUBLIC = "io.github.sharedstate";
  private static final String INTERNAL = "io.github.sharedstate.internal";
  private static final String MICROMETER = "io.github.sharedstate.micrometer";
  private static final String JUNIT = "io.github.sharedstate.junit";

  private static final List<String> VALUE_LAYER =
      List.of("ValueCore", "ValueGuard", "ConditionalAccess", "MultiAcquire");

  private static final DescribedPredicate<JavaClass> VALUE_LAYER_CLASSES =
      DescribedPredicate.describe(
          "the value layer " + VALUE_LAYER,
          c -> c.getPackageName().equals(INTERNAL) && VALUE_LAYER.contains(topLevelName(c)));

  private static final DescribedPredicate<JavaClass> ENGINE_CLASSES =
      DescribedPredicate.describe(
          "the lock engine (internal but the value layer)",
          c -> resideInAPackage(INTERNAL).test(c) && !VALUE_LAYER_CLASSES.test(c));

  private static JavaClasses library;

  @BeforeAll
  static void importLibrary() {
    library =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(PUBLIC);
  }

  /** The simple name of the top-level class {@code javaClass} is or is nested in. */
  private static String topLevelName(JavaClass javaClass) {
    String name = javaClass.getName().substring(javaClass.getPackageName().length() + 1);
    int nested = name.indexOf('$');
    return nested < 0 ? name : name.substring(0, nested);
  }

  /** {@code predicate} applied to a class, or to the element type of an array class. */
  private static DescribedPredicate<JavaClass> elementsThat(
      DescribedPredicate<? super JavaClass> predicate) {
    return DescribedPredicate.describe(
        predicate.getDescription() + " (arrays by their element type)",
        c -> predicate.test(c.getBaseComponentType()));
  }

  @Test
  void layers_matchTheClassesTheyName() {
    // A renamed class would leave its layer short and the rules below vacuous.
    Set<String> valueLayer = new TreeSet<>();
    library.that(VALUE_LAYER_CLASSES).forEach(c -> valueLayer.add(topLevelName(c)));
    assertEquals(new TreeSet<>(VALUE_LAYER), valueLayer);
    Set<String> engine = new TreeSet<>();
    library.that(ENGINE_CLASSES).forEach(c -> engine.add(topLevelName(c)));
    assertTrue(
        engine.containsAll(List.of("LockEngine", "MutexEngine", "ReadWriteEngine", "OrderTracker")),
        engine::toString);
    assertTrue(Collections.disjoint(engine, valueLayer), engine::toString);
  }

  @Test
  void internal_neverUsesTheValuesTheLocksOrTheOrder() {
    noClasses()
        .that()
        .resideInAPackage(INTERNAL)
        .should()
        .dependOnClassesThat(
            elementsThat(
                belongToAnyOf(
                    GuardedValue.class,
                    ExclusiveValue.class,
                    SnapshotValue.class,
                    ShardedValue.class,
                    SharedState.class,
                    StateKey.class,
                    ValueOptions.class,
                    OrderedLock.class,
                    OrderedReadWriteLock.class,
                    WrappedLock.class,
                    Lockable.class,
                    LockOrder.class)))
        .because("the values and locks are faces of internal, never the other way round")
        .check(library);
  }

  @Test
  void internal_usesOnlyResultFailureAndDiagnosticsTypesOfThePublicPackage() {
    DescribedPredicate<JavaClass> allowed =
        resideOutsideOfPackages(PUBLIC, MICROMETER, JUNIT)
            .or(
                belongToAnyOf(
                    LockStats.class,
                    ContentionProfile.class,
                    LockOrderViolationException.class,
                    LockTimeoutException.class,
                    LockUpgradeException.class,
                    PoisonedException.class,
                    ReadGuard.class,
                    WriteGuard.class,
                    SharedValue.class,
                    LockDiagnostics.class));
    classes()
        .that()
        .resideInAPackage(INTERNAL)
        .should()
        .onlyDependOnClassesThat(elementsThat(allowed))
        .check(library);
  }

  @Test
  void lockEngine_neverUsesTheValueLayer() {
    noClasses()
        .that(ENGINE_CLASSES)
        .should()
        .dependOnClassesThat(elementsThat(VALUE_LAYER_CLASSES))
        .because("the engine holds no value: locks without values are built on it alone")
        .check(library);
  }

  @Test
  void dropInLocksAndSnapshotValue_areBuiltOnTheEngineAlone() {
    noClasses()
        .that()
        .belongToAnyOf(
            OrderedLock.class,
            OrderedReadWriteLock.class,
            WrappedLock.class,
            SnapshotValue.class)
        .should()
        .dependOnClassesThat(elementsThat(VALUE_LAYER_CLASSES))
        .because("a lock has no value, and a snapshot needs no dummy one")
        .check(library);
  }

  @Test
  void integrations_useThePublicApiOnly() {
    noClasses()
        .that()
        .resideInAnyPackage(MICROMETER, JUNIT)
        .should()
        .dependOnClassesThat(elementsThat(resideInAPackage(INTERNAL)))
        .check(library);
  }
}
