package io.github.sharedstate.benchmarks;

import io.github.sharedstate.benchmarks.paired.PairedResult;
import io.github.sharedstate.benchmarks.paired.PairedRunner;
import io.github.sharedstate.benchmarks.paired.PairedTable;
import io.github.sharedstate.benchmarks.paired.Pairs;
import io.github.sharedstate.benchmarks.paired.Profile;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedSet;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.ScalarDerivativeResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs the JMH suites through JMH's Java API, then every pair of the paired runner ({@link
 * PairedRunner}, one JVM per pair), decides every speed target ({@link SpeedTargets}) and writes a
 * report folder: the JMH JSON of each run, {@code report.md} (the machine, the time budget, the
 * verdict table with each target's measured ratio, 95% interval, verdict and method, then the
 * paired runs and the JMH scores), {@code paired.md} (the paired runs alone) and two PNG charts
 * ({@code read-scaling.png}, {@code targets.png}).
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.github.sharedstate.benchmarks.BenchmarkReport
 * [--smoke|--full] [--paired] [output-dir]} (default profile, folder {@code benchmark-results});
 * {@code --paired} runs the paired runner only. The default and smoke profiles run the JMH rows
 * that a target or a chart uses ({@link #DEFAULT_RUNS}); {@code --full} runs every row.
 */
public final class BenchmarkReport {
  /**
   * One JMH run: a suite at one thread setting.
   *
   * @param suite the benchmark class's simple name
   * @param threads threads for a plain suite (0 for group suites)
   * @param methods the benchmark methods (group names for a group suite) to run; empty for all
   * @param params fixed values of the suite's {@code @Param}s; the others take all their values
   * @param groups reader and writer threads for a group suite (empty for plain suites)
   */
  record Run(
      String suite, int threads, List<String> methods, Map<String, String> params, int... groups) {
    Run(String suite, int threads, int... groups) {
      this(suite, threads, List.of(), Map.of(), groups);
    }

    String setting() {
      return groups.length > 0
          ? groups[0] + ":" + groups[1]
          : threads + (threads == 1 ? " thread" : " threads");
    }

    String fileName() {
      return suite + "-" + setting().replace(':', '-').replace(' ', '-') + ".json";
    }

    /** {@return JMH's include pattern for this run's benchmarks} */
    String include() {
      String prefix = "io\\.github\\.sharedstate\\.benchmarks\\." + suite + "\\.";
      return methods.isEmpty() ? prefix : prefix + "(" + String.join("|", methods) + ")$";
    }
  }

  /** Every row of every suite (the full profile). 4 threads oversubscribe 2 cores on purpose. */
  static final List<Run> ALL_RUNS =
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

  private static final List<String> READ_ROWS = List.copyOf(ReportCharts.READS.keySet());

  /**
   * The rows that a JMH target ({@link SpeedTargets}) or a chart ({@link ReportCharts}) uses: the
   * default and smoke profiles run only these. The targets that the paired runner decides need no
   * JMH row. {@code BenchmarkReportTest} checks that every JMH target's rows are here.
   */
  static final List<Run> DEFAULT_RUNS =
      List.of(
          new Run(
              "OrderingBenchmark",
              1,
              List.of(
                  "rawPair",
                  "unrankedPair",
                  "rankedPair",
                  "rankedPairGuards",
                  "learnedPair",
                  "guavaPair",
                  "guavaLearnedPair",
                  "rankedOrderedLockPair",
                  "learnedOrderedLockPair"),
              Map.of()),
          new Run("ReadScalingBenchmark", 1, READ_ROWS, Map.of()),
          new Run("ReadScalingBenchmark", 2, READ_ROWS, Map.of()),
          new Run(
              "ReadWithWriterBenchmark",
              0,
              List.of("guardedLatency", "rrwlLatency"),
              Map.of("writeIntervalUs", "100"),
              2,
              1),
          new Run(
              "SnapshotBenchmark",
              1,
              List.of("snapshotGet", "atomicGet", "snapshotUpdate", "exclusiveUpdate"),
              Map.of()),
          new Run("SnapshotBenchmark", 2, List.of("snapshotGet"), Map.of()),
          new Run("ShardedBenchmark", 1, List.of("shardedValueAffine"), Map.of()),
          new Run(
              "ShardedBenchmark",
              2,
              List.of("shardedValue", "guavaStriped", "shardedValueAffine", "exclusiveValueAffine"),
              Map.of()));

  /**
   * Every fork gets a fixed heap, touched before the benchmark starts. Without it, a fork whose
   * first garbage collection came late ran the allocating benchmarks at 87-127 ns/op instead of
   * 15-22 (each new page of the young generation costs a page fault on first use; the max of 4
   * forks of four uncontended rows fell from 86-127 to 16-22 ns/op with it).
   */
  static final String[] FORK_HEAP = {"-XX:+AlwaysPreTouch", "-Xms1g", "-Xmx1g"};

  /** The time a JMH fork or a paired JVM takes beyond its iterations or windows, for the budget. */
  static final double JVM_OVERHEAD_SECONDS = 2;

  /**
   * JMH settings per profile: forks, warm-up and measured iterations, iteration length.
   *
   * @param forks forks per benchmark (0: in this JVM)
   * @param warmup warm-up iterations per fork
   * @param measured measured iterations per fork
   * @param iterationMillis each iteration's length
   */
  record JmhProfile(int forks, int warmup, int measured, long iterationMillis) {
    static JmhProfile named(String profile) {
      switch (profile) {
        case "smoke":
          // In this JVM, not a fork per benchmark: the smoke run proves that every benchmark runs
          // and the report is drawn, measures nothing. Four iterations: the fewest that give a
          // ratio interval, so the smoke run computes every one.
          return new JmhProfile(0, 0, 4, 25);
        case "full":
          return new JmhProfile(3, 5, 10, 1_000);
        default:
          // Three forks: a fork can settle on a worse JIT outcome, and only another fork shows it
          // (as a wider interval) instead of reporting it as the result.
          return new JmhProfile(3, 2, 5, 1_000);
      }
    }

    /** {@return the seconds one benchmark takes: its forks, their iterations and starts} */
    double secondsPerBenchmark() {
      double iterations = (warmup + measured) * iterationMillis / 1_000.0;
      return forks == 0 ? iterations : forks * (iterations + JVM_OVERHEAD_SECONDS);
    }
  }

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
      } else if (arg.startsWith("--")) {
        throw new IllegalArgumentException(
            "unknown option " + arg + "; use --smoke, --full, --paired and an output folder");
      } else {
        out = Path.of(arg);
      }
    }
    Files.createDirectories(out);
    List<Run> runs = profile.equals("full") ? ALL_RUNS : DEFAULT_RUNS;
    String budget = budget(profile, pairedOnly ? List.of() : runs);
    System.out.println(budget);
    if (pairedOnly) {
      paired(profile, out);
      return;
    }
    Files.createDirectories(out.resolve("json"));
    JmhProfile jmh = JmhProfile.named(profile);
    List<Measurement> measurements = new ArrayList<>();
    for (Run run : runs) {
      ChainedOptionsBuilder options =
          new OptionsBuilder()
              .include(run.include())
              .resultFormat(ResultFormatType.JSON)
              .result(out.resolve("json").resolve(run.fileName()).toString())
              .jvmArgsAppend(FORK_HEAP) // forked profiles only: the smoke run forks nothing
              .forks(jmh.forks())
              .warmupIterations(jmh.warmup())
              .measurementIterations(jmh.measured())
              .warmupTime(TimeValue.milliseconds(jmh.iterationMillis()))
              .measurementTime(TimeValue.milliseconds(jmh.iterationMillis()))
              .shouldFailOnError(true);
      for (Map.Entry<String, String> param : run.params().entrySet()) {
        options.param(param.getKey(), param.getValue());
      }
      if (run.groups().length > 0) {
        options.threadGroups(run.groups());
      } else {
        options.threads(run.threads());
      }
      for (RunResult result : new Runner(options.build()).run()) {
        collect(run, result, measurements);
      }
    }
    List<PairedResult> pairs = pairedResults(profile);
    List<SpeedTargets.Decided> decided =
        SpeedTargets.decide(ReportTables.byKey(measurements), pairs);
    ReportCharts.write(measurements, decided, out);
    Profile settings = Profile.named(profile);
    String markdown =
        "# Benchmark report\n\n"
            + Machine.markdown()
            + "- profile: `"
            + profile
            + "`\n\n"
            + budget.replace("\n", "  \n")
            + "\n\n## Verdicts\n\n"
            + "Each target is decided by the paired runner (median of the per-round ratios"
            + " candidate / baseline, distribution-free 95% interval from order statistics) or by"
            + " two JMH rows of this run (Hodges-Lehmann ratio with its Mann-Whitney 95% interval"
            + " over every measured iteration); benchmarks/README.md says how. A target is met when"
            + " the whole interval is on its side of the limit, not met when the whole interval is"
            + " on the other side, undecided otherwise.\n\n"
            + ReportTables.verdicts(decided)
            + "\n![every target](targets.png)\n\n![read scaling](read-scaling.png)\n"
            + "\n## Paired, alternated runs\n\n"
            + PairedTable.markdown(pairs, settings)
            + "\n## JMH rows\n\n"
            + ReportTables.markdown(measurements);
    Files.writeString(out.resolve("report.md"), markdown);
    Files.writeString(out.resolve("paired.md"), PairedTable.markdown(pairs, settings));
    System.out.println(markdown);
    System.out.println("Report written to " + out.toAbsolutePath());
  }

  /**
   * {@return the time the report can take with this profile, in words: the JMH benchmarks (their
   * forks, iterations and starts) and the pairs (every round at the most rounds, and their starts)}
   *
   * @param profile the profile's name
   * @param runs the JMH runs (empty for the paired runner alone)
   * @throws IllegalStateException if a run names a benchmark that does not exist
   */
  static String budget(String profile, List<Run> runs) {
    JmhProfile jmh = JmhProfile.named(profile);
    int benchmarks = 0;
    for (Run run : runs) {
      benchmarks += benchmarkCount(run);
    }
    double jmhSeconds = benchmarks * jmh.secondsPerBenchmark();
    Profile pairs = Profile.named(profile);
    double perPair = pairs.jvms() * (pairs.maxSeconds() + JVM_OVERHEAD_SECONDS);
    double pairSeconds = Pairs.ALL.size() * perPair;
    return String.format(
        Locale.ROOT,
        "Time budget (profile %s): JMH %d benchmarks x %d fork(s) x (%d warm-up + %d measured)"
            + " x %d ms, %.0f s per JVM start: at most %.1f min%n"
            + "Paired runner %d pairs x %d JVM(s) x (%d warm-up + up to %d rounds) x 2 x %d ms"
            + " windows, %.0f s per JVM start: at most %.1f min%n"
            + "Total at most %.1f min (pairs stop early once every target of theirs is decided)",
        profile,
        benchmarks,
        jmh.forks(),
        jmh.warmup(),
        jmh.measured(),
        jmh.iterationMillis(),
        JVM_OVERHEAD_SECONDS,
        jmhSeconds / 60,
        Pairs.ALL.size(),
        pairs.jvms(),
        pairs.warmupRounds(),
        pairs.maxRounds(),
        pairs.window().toMillis(),
        JVM_OVERHEAD_SECONDS,
        pairSeconds / 60,
        (jmhSeconds + pairSeconds) / 60);
  }

  /**
   * The benchmarks (with every combination of their free parameters) that a run includes, from
   * JMH's own list of the jar's benchmarks.
   *
   * @throws IllegalStateException if a method of the run matches no benchmark
   */
  static int benchmarkCount(Run run) {
    OutputFormat quiet =
        OutputFormatFactory.createFormatInstance(
            new PrintStream(OutputStream.nullOutputStream()), VerboseMode.SILENT);
    SortedSet<BenchmarkListEntry> entries =
        BenchmarkList.defaultList().find(quiet, List.of(run.include()), List.of());
    int count = 0;
    for (BenchmarkListEntry entry : entries) {
      int combinations = 1;
      if (entry.getParams().hasValue()) {
        for (Map.Entry<String, String[]> p : entry.getParams().get().entrySet()) {
          combinations *= run.params().containsKey(p.getKey()) ? 1 : p.getValue().length;
        }
      }
      count += combinations;
    }
    int expected = run.methods().isEmpty() ? 1 : run.methods().size();
    if (entries.size() < expected) {
      throw new IllegalStateException(
          "run " + run.suite() + " " + run.methods() + " matches only " + entries.size()
              + " benchmark(s): " + entries);
    }
    return count;
  }

  private static List<PairedResult> pairedResults(String profile)
      throws IOException, InterruptedException {
    Profile settings = Profile.named(profile);
    System.out.println("Paired runs, profile " + profile + ": " + Pairs.ALL.size() + " pairs");
    List<PairedResult> results =
        PairedRunner.runForked(Pairs.ALL, settings, List.of(), System.out);
    System.out.println();
    System.out.print(PairedTable.text(results));
    return results;
  }

  /**
   * Runs every pair of the paired runner, each in a JVM of its own (with the forks' heap outside
   * the smoke profile, which measures nothing), prints the table and the paired targets' verdicts,
   * and writes {@code paired.md}.
   */
  private static void paired(String profile, Path out) throws IOException, InterruptedException {
    List<PairedResult> results = pairedResults(profile);
    String markdown =
        PairedTable.markdown(results, Profile.named(profile))
            + "\n"
            + ReportTables.verdicts(SpeedTargets.decide(Map.of(), results));
    Files.writeString(out.resolve("paired.md"), markdown);
    System.out.println(markdown);
    System.out.println("Paired results written to " + out.resolve("paired.md").toAbsolutePath());
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
      add(run.suite(), method, setting.toString(), result, null, sampled, into);
      return;
    }
    for (Map.Entry<String, Result> member : result.getSecondaryResults().entrySet()) {
      if (!(member.getValue() instanceof ScalarDerivativeResult)) { // JMH's own percentile rows
        add(run.suite(), member.getKey(), setting.toString(), result, member.getKey(), sampled,
            into);
      }
    }
  }

  /**
   * Adds the score of the run's primary result ({@code member} null) or of a group member, with
   * the score of every measured iteration of every fork as its samples; a sampled result ({@link
   * Mode#SampleTime}) also adds its median and 99th percentile as {@code name·p50} and {@code
   * name·p99}, which have no error estimate (NaN), each iteration's percentile as their samples.
   */
  private static void add(
      String suite,
      String name,
      String setting,
      RunResult run,
      @Nullable String member,
      boolean sampled,
      List<Measurement> into) {
    Result<?> result =
        member == null ? run.getPrimaryResult() : run.getSecondaryResults().get(member);
    List<Result<?>> iterations = new ArrayList<>();
    for (BenchmarkResult fork : run.getBenchmarkResults()) {
      for (IterationResult iteration : fork.getIterationResults()) {
        Result<?> r =
            member == null
                ? iteration.getPrimaryResult()
                : iteration.getSecondaryResults().get(member);
        if (r != null) {
          iterations.add(r);
        }
      }
    }
    String unit = result.getScoreUnit();
    List<Double> samples = iterations.stream().map(r -> r.getScore()).toList();
    into.add(
        new Measurement(
            suite, name, setting, result.getScore(), result.getScoreError(), unit, samples));
    if (sampled) {
      for (int percentile : new int[] {50, 99}) {
        double score = result.getStatistics().getPercentile(percentile);
        List<Double> each =
            iterations.stream().map(r -> r.getStatistics().getPercentile(percentile)).toList();
        into.add(
            new Measurement(
                suite, name + "·p" + percentile, setting, score, Double.NaN, unit, each));
      }
    }
  }
}
