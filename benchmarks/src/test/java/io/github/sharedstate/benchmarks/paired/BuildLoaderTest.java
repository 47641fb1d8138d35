package io.github.sharedstate.benchmarks.paired;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sharedstate.ExclusiveValue;
import io.github.sharedstate.benchmarks.paired.workloads.Uncontended;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The build comparison, with the library build this test runs against loaded twice: once as the
 * candidate build and once as the baseline.
 */
final class BuildLoaderTest {
  private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

  private static Path thisBuild() throws URISyntaxException {
    return Path.of(BuildLoader.locationOf(ExclusiveValue.class).toURI());
  }

  private static BuildLoader loader(String name) throws URISyntaxException {
    URL workloads = BuildLoader.locationOf(Uncontended.class);
    return new BuildLoader(
        name, List.of(thisBuild()), workloads, BuildLoaderTest.class.getClassLoader());
  }

  @Test
  void eachBuild_hasItsOwnLibraryAndWorkloads_sharingTheHarness() throws Exception {
    try (BuildLoader a = loader("a");
        BuildLoader b = loader("b")) {
      Class<?> valueA = a.loadClass(ExclusiveValue.class.getName());
      Class<?> valueB = b.loadClass(ExclusiveValue.class.getName());
      assertSame(a, valueA.getClassLoader());
      assertSame(b, valueB.getClassLoader());
      assertNotSame(ExclusiveValue.class, valueA);
      assertNotSame(valueA, valueB);

      Workload workload = a.workload(Uncontended.ExclusiveWith.class.getName());
      assertSame(a, workload.getClass().getClassLoader());
      assertNotSame(Uncontended.ExclusiveWith.class, workload.getClass());
      // the workload's library classes resolve in its own build
      Class<?> seen =
          Class.forName(
              ExclusiveValue.class.getName(), false, workload.getClass().getClassLoader());
      assertSame(valueA, seen);
      // the harness types are the runner's
      assertSame(Workload.class, a.loadClass(Workload.class.getName()));
      assertSame(Window.class, a.loadClass(Window.class.getName()));
    }
  }

  @Test
  void classMissingFromTheBuild_isNotTakenFromElsewhere() throws Exception {
    // a "build" holding only the workloads: the library classes must not come from there
    URL workloads = BuildLoader.locationOf(Uncontended.class);
    Path notTheLibrary = Path.of(workloads.toURI());
    try (BuildLoader wrong =
            new BuildLoader(
                "wrong", List.of(thisBuild()), workloads, BuildLoaderTest.class.getClassLoader());
        BuildLoader empty =
            new BuildLoader(
                "empty",
                List.of(notTheLibrary),
                BuildLoader.locationOf(ExclusiveValue.class),
                getClass().getClassLoader())) {
      assertEquals(wrong.getName(), "wrong");
      ClassNotFoundException e =
          assertThrows(
              ClassNotFoundException.class, () -> empty.loadClass(ExclusiveValue.class.getName()));
      assertTrue(e.getMessage().contains("not in empty"), e.getMessage());
    }
  }

  @Test
  void missingBuild_throws() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new BuildLoader(
                "x",
                List.of(Path.of("no/such/build.jar")),
                BuildLoader.locationOf(Uncontended.class),
                getClass().getClassLoader()));
  }

  @Test
  void sameBuildTwice_intervalComesToOne() throws Exception {
    Profile quick = new Profile("test", Duration.ofMillis(20), 3, 15, 15, 1, 1);
    PairedResult r =
        PairedRunner.compareBuilds(
            Pairs.named("exclusive.with"),
            List.of(thisBuild()),
            List.of(thisBuild()),
            quick,
            Optional.of(Target.atMost(1.5)),
            QUIET);
    assertEquals("exclusive.with@builds", r.pair());
    assertEquals(15, r.rounds());
    MedianInterval ci = r.ratio();
    // tolerant: tens of ns per call, 20 ms windows, a shared 2-core machine
    assertTrue(ci.low() <= 1.2 && ci.high() >= 0.8, "interval near 1: " + ci);
  }
}
