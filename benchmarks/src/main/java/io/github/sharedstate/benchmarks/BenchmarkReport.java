package io.github.sharedstate.benchmarks;

import io.github.sharedstate.benchmarks.paired.PairedResult;
import io.github.sharedstate.benchmarks.paired.PairedRunner;
import io.github.sharedstate.benchmarks.paired.PairedTable;
import io.github.sharedstate.benchmarks.paired.Pairs;
import io.github.sharedstate.benchmarks.paired.Profile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.ScalarDerivativeResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every suite through JMH's Java API, then every pair of the paired runner ({@link
 * PairedRunner}, one JVM per pair), and writes a report folder: the JMH JSON of each run, {@code
 * report.md} (every score with its error and its ratio to the baseline measured in the same run,
 * the speed targets marked met or not, and the paired runs' section), {@code paired.md} (the
 * paired runs alone: median ratio, 95% interval, verdict) and PNG charts.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.github.sharedstate.benchmarks.BenchmarkReport
 * [--smoke|--full] [--paired] [output-dir]} (default profile, folder {@code benchmark-results});
 * {@code --paired} runs the paired runner only.
 */
public final class BenchmarkReport {
  /**
   * One JMH run: a suite at one thread setting (and every value of its {@code @Param}s).
   *
   * @param suite the benchmark class's simple name
   * @param threads threads for a plain suite (0 for group suites)
   * @param groups reader and writer threads for a group suite (empty for plain suites)
   */
  record Run(String suite, int threads, int... groups) {
    String setting() {
      return groups.length > 0
          ? groups[0] + ":" + groups[1]
          : threads + (threads == 1 ? " thread" : " threads");
    }

    String fileName() {
      return suite + "-" + setting().replace(':', '-').replace(' ', '-') + ".json";
    }
  }

  /** 2-core machines: 4 threads oversubscribe them on purpose, and the report says so. */
  static final List<Run> RUNS =
      List.of(
          new Run("UncontendedBenchmark", 1),
          new Run("OrderingBenchmark", 1),
          new Run("WriteHeavyBenchmark", 1),
          new Run("WriteHeavyBenchmark", 2),
          new Run("WriteHeavyBenchmark", 4),
          new Run("ReadMostlyBenchmark", 0, 1, 1),
          new Run("ReadMostlyBenchmark", 0, 3, 1),
          new Run("ReadScalingBenchmark", 1),
          new Run("ReadScalingBenchmark", 2),
          new Run("ReadWithWriterBenchmark", 0, 2, 1),
          new Run("SnapshotBenchmark", 1),
          new Run("SnapshotBenchmark", 2),
          new Run("ShardedBenchmark", 1),
          new Run("ShardedBenchmark", 2),
          new Run("ShardedBenchmark", 4),
          new Run("HandOffBenchmark", 0, 1, 1));

  /**
   * Every fork gets a fixed heap, touched before the benchmark starts. Without it, a fork whose
   * first garbage collection came late ran the allocating benchmarks at 87-127 ns/op instead of
   * 15-22 (each new page of the young generation costs a page fault on first use; the max of 4
   * forks of four uncontended rows fell from 86-127 to 16-22 ns/op with it).
   */
  static final String[] FORK_HEAP = {"-XX:+AlwaysPreTouch", "-Xms1g", "-Xmx1g"};

  private BenchmarkReport() {}

  public static void main(String[] args)
      throws RunnerException, IOException, InterruptedException {
    System.setProperty("java.awt.headless", "true");
    String profile = "default";
    Path out = Path.of("benchmark-results");
    boolean pairedOnly = false;
    for (String arg : args) {
      if (arg.equals("--smoke") || arg.equals("--full")) {
        profile = arg.substring(2);
      } else if (arg.equals("--paired")) {
        pairedOnly = true;
      } else {
        out = Path.of(arg);
      }
    }
    Files.createDirectories(out);
    if (pairedOnly) {
      paired(profile, out);
      return;
    }
    Files.createDirectories(out.resolve("json"));
    List<Measurement> measurements = new ArrayList<>();
    for (Run run : RUNS) {
      ChainedOptionsBuilder options =
          new OptionsBuilder()
              .include("io\\.github\\.sharedstate\\.benchmarks\\." + run.suite() + "\\.")
              .resultFormat(ResultFormatType.JSON)
              .result(out.resolve("json").resolve(run.fileName()).toString())
              .jvmArgsAppend(FORK_HEAP) // forked profiles only: the smoke run forks nothing
              .shouldFailOnError(true);
      if (run.groups().length > 0) {
        options.threadGroups(run.groups());
      } else {
        options.threads(run.threads());
      }
      profile(options, profile);
      for (RunResult result : new Runner(options.build()).run()) {
        collect(run, result, measurements);
      }
    }
    ReportCharts.write(measurements, out);
    String markdown = ReportTables.markdown(measurements, profile);
    String paired = paired(profile, out);
    markdown += "\n## Paired, alternated runs\n\n" + paired;
    Files.writeString(out.resolve("report.md"), markdown);
    System.out.println(markdown);
    System.out.println("Report written to " + out.toAbsolutePath());
  }

  /**
   * Runs every pair of the paired runner, each in a JVM of its own (with the forks' heap outside
   * the smoke profile, which measures nothing), prints the table and writes {@code paired.md}.
   *
   * @return the Markdown written
   */
  private static String paired(String profile, Path out) throws IOException, InterruptedException {
    Profile settings = Profile.named(profile);
    System.out.println("Paired runs, profile " + profile + ": " + Pairs.ALL.size() + " pairs");
    List<PairedResult> results =
        PairedRunner.runForked(Pairs.ALL, settings, List.of(), System.out);
    String markdown = PairedTable.markdown(results, settings);
    Files.writeString(out.resolve("paired.md"), markdown);
    System.out.println();
    System.out.print(PairedTable.text(results));
    System.out.println("Paired results written to " + out.resolve("paired.md").toAbsolutePath());
    return markdown;
  }

  private static void profile(ChainedOptionsBuilder options, String profile) {
    switch (profile) {
      case "smoke":
        // In this JVM, not a fork per benchmark: the smoke run proves that every benchmark runs
        // and the report is drawn, measures nothing, and so spares ~125 JVM starts in CI.
        options.forks(0).warmupIterations(0).measurementIterations(1)
            .measurementTime(TimeValue.milliseconds(100));
        break;
      case "full":
        options.forks(3).warmupIterations(5).measurementIterations(10)
            .warmupTime(TimeValue.seconds(1)).measurementTime(TimeValue.seconds(1));
        break;
      default:
        // Two forks rather than more iterations: a fork can settle on a worse JIT outcome, and
        // only a second fork shows it (as a wide error) instead of reporting it as the result.
        options.forks(2).warmupIterations(2).measurementIterations(3)
            .warmupTime(TimeValue.seconds(1)).measurementTime(TimeValue.seconds(1));
    }
  }

  /**
   * Plain benchmarks give one score; a group gives one per member (readers, writer). The setting
   * names the run's {@code @Param} values, such as {@code "2:1 writeIntervalUs=100"}.
   */
  private static void collect(Run run, RunResult result, List<Measurement> into) {
    BenchmarkParams params = result.getParams();
    StringBuilder setting = new StringBuilder(run.setting());
    for (String key : params.getParamsKeys()) {
      setting.append(' ').append(key).append('=').append(params.getParam(key));
    }
    boolean sampled = params.getMode() == Mode.SampleTime;
    String benchmark = params.getBenchmark();
    String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
    if (run.groups().length == 0) {
      add(run.suite(), method, setting.toString(), result.getPrimaryResult(), sampled, into);
      return;
    }
    for (Map.Entry<String, Result> member : result.getSecondaryResults().entrySet()) {
      if (!(member.getValue() instanceof ScalarDerivativeResult)) { // JMH's own percentile rows
        add(run.suite(), member.getKey(), setting.toString(), member.getValue(), sampled, into);
      }
    }
  }

  /**
   * Adds the score; a sampled result ({@link Mode#SampleTime}) also adds its median and 99th
   * percentile as {@code name·p50} and {@code name·p99}, which have no error estimate (NaN).
   */
  private static void add(
      String suite,
      String name,
      String setting,
      Result<?> result,
      boolean sampled,
      List<Measurement> into) {
    String unit = result.getScoreUnit();
    into.add(
        new Measurement(suite, name, setting, result.getScore(), result.getScoreError(), unit));
    if (sampled) {
      for (int percentile : new int[] {50, 99}) {
        double score = result.getStatistics().getPercentile(percentile);
        into.add(
            new Measurement(suite, name + "·p" + percentile, setting, score, Double.NaN, unit));
      }
    }
  }
}
