package io.github.sharedstate.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the benchmark suites through JMH's Java API and writes a report: the JMH JSON and a
 * Markdown table giving every benchmark's score, error and ratio to the JDK (or Guava) baseline
 * measured in the same run, plus the library's speed targets marked met or not met.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.github.sharedstate.benchmarks.BenchmarkReport
 * [--smoke|--full] [output-dir]}.
 */
public final class BenchmarkReport {
  /** A benchmark compared with its baseline. */
  record Comparison(String benchmark, String baseline, String what) {}

  /** A speed target: the ratio of benchmark to baseline must not exceed the limit. */
  record Target(String benchmark, String baseline, double limit, String what) {}

  private static final List<Comparison> COMPARISONS =
      List.of(
          new Comparison("UncontendedBenchmark.guardedRead", "UncontendedBenchmark.rawReadLock", "GuardedValue.read vs RRWL read lock"),
          new Comparison("UncontendedBenchmark.rankedGuardedRead", "UncontendedBenchmark.guardedRead", "ranked read vs unranked read"),
          new Comparison("UncontendedBenchmark.guardedWrite", "UncontendedBenchmark.rawWriteLock", "GuardedValue.write vs RRWL write lock"),
          new Comparison("UncontendedBenchmark.guardedUpdate", "UncontendedBenchmark.rawWriteLockReplace", "GuardedValue.update vs RRWL write lock + replace"),
          new Comparison("UncontendedBenchmark.exclusiveWith", "UncontendedBenchmark.rawMutex", "ExclusiveValue.with vs ReentrantLock"),
          new Comparison("UncontendedBenchmark.exclusiveModify", "UncontendedBenchmark.rawMutex", "ExclusiveValue.modify vs ReentrantLock"),
          new Comparison("UncontendedBenchmark.rankedExclusiveWith", "UncontendedBenchmark.exclusiveWith", "ranked with vs unranked with"),
          new Comparison("UncontendedBenchmark.offExclusiveWith", "UncontendedBenchmark.exclusiveWith", "policy OFF with vs unranked with"),
          new Comparison("OrderingBenchmark.unrankedSingle", "OrderingBenchmark.rawSingle", "unranked ExclusiveValue vs ReentrantLock"),
          new Comparison("OrderingBenchmark.rankedSingle", "OrderingBenchmark.rawSingle", "ranked ExclusiveValue vs ReentrantLock"),
          new Comparison("OrderingBenchmark.guavaSingle", "OrderingBenchmark.rawSingle", "Guava cycle-detecting lock vs ReentrantLock"),
          new Comparison("OrderingBenchmark.rankedPair", "OrderingBenchmark.rawPair", "ranked nested pair vs raw nested pair"),
          new Comparison("OrderingBenchmark.guavaPair", "OrderingBenchmark.rawPair", "Guava WithExplicitOrdering pair vs raw pair"),
          new Comparison("OrderingBenchmark.rankedPair", "OrderingBenchmark.guavaPair", "ranked nested pair vs Guava pair"),
          new Comparison("OrderingBenchmark.rankedTriple", "OrderingBenchmark.rawTriple", "ranked nested triple vs raw triple"),
          new Comparison("OrderingBenchmark.guavaTriple", "OrderingBenchmark.rawTriple", "Guava triple vs raw triple"),
          new Comparison("OrderingBenchmark.withAllTwoShards", "OrderingBenchmark.rawPair", "withAll of two same-rank values vs raw pair"));

  private static final List<Target> TARGETS =
      List.of(
          new Target("UncontendedBenchmark.guardedRead", "UncontendedBenchmark.rawReadLock", 1.10, "unranked read at most 1.10x raw"),
          new Target("UncontendedBenchmark.guardedWrite", "UncontendedBenchmark.rawWriteLock", 1.10, "unranked write at most 1.10x raw"),
          new Target("UncontendedBenchmark.exclusiveWith", "UncontendedBenchmark.rawMutex", 1.10, "unranked with at most 1.10x raw"),
          new Target("OrderingBenchmark.rankedSingle", "OrderingBenchmark.unrankedSingle", 1.30, "ranked single at most 1.3x unranked"),
          new Target("OrderingBenchmark.rankedPair", "OrderingBenchmark.rawPair", 1.50, "ordered nested pair at most 1.5x raw pair"),
          new Target("UncontendedBenchmark.offExclusiveWith", "UncontendedBenchmark.exclusiveWith", 1.02, "policy OFF within 2% of unranked"));

  private BenchmarkReport() {}

  public static void main(String[] args) throws RunnerException, IOException {
    String profile = "default";
    Path out = Path.of("benchmark-results");
    for (String arg : args) {
      if (arg.equals("--smoke") || arg.equals("--full")) {
        profile = arg.substring(2);
      } else {
        out = Path.of(arg);
      }
    }
    Files.createDirectories(out);
    ChainedOptionsBuilder options =
        new OptionsBuilder()
            .include("io\\.github\\.sharedstate\\.benchmarks\\.(Uncontended|Ordering)Benchmark")
            .resultFormat(ResultFormatType.JSON)
            .result(out.resolve("results.json").toString())
            .shouldFailOnError(true);
    switch (profile) {
      case "smoke":
        options.forks(1).warmupIterations(0).measurementIterations(1)
            .measurementTime(TimeValue.milliseconds(100));
        break;
      case "full":
        options.forks(3).warmupIterations(5).measurementIterations(10)
            .warmupTime(TimeValue.seconds(1)).measurementTime(TimeValue.seconds(1));
        break;
      default:
        options.forks(1).warmupIterations(3).measurementIterations(5)
            .warmupTime(TimeValue.seconds(1)).measurementTime(TimeValue.seconds(1));
    }
    Collection<RunResult> results = new Runner(options.build()).run();
    String markdown = markdown(scores(results), profile);
    Files.writeString(out.resolve("report.md"), markdown);
    System.out.println(markdown);
  }

  private static Map<String, Result<?>> scores(Collection<RunResult> results) {
    Map<String, Result<?>> scores = new LinkedHashMap<>();
    for (RunResult result : results) {
      String label = result.getParams().getBenchmark();
      String shortName = label.substring(label.lastIndexOf('.', label.lastIndexOf('.') - 1) + 1);
      scores.put(shortName, result.getPrimaryResult());
    }
    return scores;
  }

  static String markdown(Map<String, Result<?>> scores, String profile) {
    StringBuilder md = new StringBuilder();
    md.append("Profile `").append(profile).append("`, ").append(LocalDate.now())
        .append(", JDK ").append(System.getProperty("java.version"))
        .append(", ").append(Runtime.getRuntime().availableProcessors()).append(" CPUs, ")
        .append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.arch"))
        .append(". Average time per operation, one thread (lower is better).\n\n");
    md.append("| benchmark | score (ns/op) | error (99.9%) |\n|---|---:|---:|\n");
    for (Map.Entry<String, Result<?>> e : scores.entrySet()) {
      md.append(String.format(Locale.ROOT, "| %s | %.2f | ± %.2f |%n",
          e.getKey(), e.getValue().getScore(), e.getValue().getScoreError()));
    }
    md.append("\n| comparison | ratio |\n|---|---:|\n");
    for (Comparison c : COMPARISONS) {
      md.append(String.format(Locale.ROOT, "| %s | %s |%n", c.what(), ratioText(scores, c.benchmark(), c.baseline())));
    }
    md.append("\n| target | measured | verdict |\n|---|---:|---|\n");
    List<String> missed = new ArrayList<>();
    for (Target t : TARGETS) {
      double ratio = ratio(scores, t.benchmark(), t.baseline());
      String verdict = Double.isNaN(ratio) ? "not measured" : ratio <= t.limit() ? "met" : "NOT MET";
      if (verdict.equals("NOT MET")) {
        missed.add(t.what());
      }
      md.append(String.format(Locale.ROOT, "| %s | %s | %s |%n", t.what(), ratioText(scores, t.benchmark(), t.baseline()), verdict));
    }
    md.append(missed.isEmpty() ? "\nAll targets met.\n" : "\nTargets not met: " + String.join("; ", missed) + ".\n");
    return md.toString();
  }

  private static double ratio(Map<String, Result<?>> scores, String benchmark, String baseline) {
    Result<?> b = scores.get(benchmark);
    Result<?> base = scores.get(baseline);
    return b == null || base == null ? Double.NaN : b.getScore() / base.getScore();
  }

  private static String ratioText(Map<String, Result<?>> scores, String benchmark, String baseline) {
    double ratio = ratio(scores, benchmark, baseline);
    return Double.isNaN(ratio) ? "n/a" : String.format(Locale.ROOT, "%.2fx", ratio);
  }
}
