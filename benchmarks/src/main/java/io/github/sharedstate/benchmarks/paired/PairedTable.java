package io.github.sharedstate.benchmarks.paired;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The paired runner's results as a console table and as Markdown ({@code paired.md}). */
public final class PairedTable {
  private static final String TEXT_ROW = "%-24s %-10s %3s %6s %20s %20s %7s %17s %8s  %s%n";

  private PairedTable() {}

  /** {@return one aligned line per result under a header line} */
  public static String text(List<PairedResult> results) {
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            TEXT_ROW,
            "pair",
            "ratio",
            "thr",
            "rounds",
            "candidate (median)",
            "baseline (median)",
            "ratio",
            "95% CI",
            "target",
            "verdict"));
    for (PairedResult r : results) {
      s.append(
          String.format(
              Locale.ROOT,
              TEXT_ROW,
              r.pair(),
              r.kind().name().toLowerCase(Locale.ROOT),
              r.threads(),
              r.rounds(),
              score(r.candidateMedian(), r.kind()),
              score(r.baselineMedian(), r.kind()),
              ratio(r.ratio().median()),
              interval(r),
              r.target().map(Target::toString).orElse("-"),
              verdict(r)));
    }
    return s.toString();
  }

  /**
   * {@return a Markdown section: the method in a paragraph, the machine, then the table}
   *
   * @param results the results
   * @param profile the profile they ran with
   */
  public static String markdown(List<PairedResult> results, Profile profile) {
    StringBuilder md = new StringBuilder();
    md.append(
        String.format(
            Locale.ROOT,
            "Paired, alternated runs: candidate and baseline in alternating windows of one JVM,"
                + " the order swapped every round; the ratio is the median of the per-round"
                + " ratios candidate / baseline, a cost ratio (time per op; below 1 the candidate"
                + " is cheaper) or a throughput ratio (ops per time; above 1 the candidate does"
                + " more), with its 95%% distribution-free interval (order statistics). Each pair"
                + " runs in several JVMs one after another (each compiles it its own way): the"
                + " ratio is the median of the JVMs' ratios (listed per JVM), the interval the span"
                + " of their intervals. A target is met when the whole interval is on its side of"
                + " the limit, not met when the whole interval is on the other side, undecided"
                + " otherwise. Profile %s. %s, JDK %s (%s), %s, %d CPUs.%n%n",
            profile.describe(),
            LocalDate.now(),
            System.getProperty("java.version"),
            System.getProperty("java.vm.name"),
            cpu(),
            Runtime.getRuntime().availableProcessors()));
    md.append("| pair | comparison | ratio | threads | rounds | candidate (median) |")
        .append(" baseline (median) | median ratio | per JVM | 95% interval | target | verdict |\n")
        .append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---|---|\n");
    for (PairedResult r : results) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %d | %d | %s | %s | %s | %s | %s | %s | %s |%n",
              r.pair(),
              r.what(),
              r.kind().name().toLowerCase(Locale.ROOT),
              r.threads(),
              r.rounds(),
              score(r.candidateMedian(), r.kind()),
              score(r.baselineMedian(), r.kind()),
              ratio(r.ratio().median()),
              jvms(r),
              interval(r),
              r.target().map(Target::toString).orElse("-"),
              verdict(r)));
    }
    return md.toString();
  }

  private static String score(double score, RatioKind kind) {
    return String.format(Locale.ROOT, score < 10 ? "%.3f %s" : "%.2f %s", score, kind.unit());
  }

  private static String ratio(double ratio) {
    return String.format(Locale.ROOT, "%.3fx", ratio);
  }

  private static String jvms(PairedResult r) {
    return r.jvmRatios().stream()
        .map(x -> String.format(Locale.ROOT, "%.3f", x))
        .collect(Collectors.joining(", "));
  }

  private static String interval(PairedResult r) {
    return String.format(Locale.ROOT, "[%.3f, %.3f]", r.ratio().low(), r.ratio().high());
  }

  private static String verdict(PairedResult r) {
    Optional<Verdict> verdict = r.verdict();
    return verdict.map(Verdict::label).orElse("-");
  }

  /** The CPU's model name from /proc/cpuinfo where there is one, else the architecture. */
  static String cpu() {
    Path cpuinfo = Path.of("/proc/cpuinfo");
    try {
      if (Files.isReadable(cpuinfo)) {
        for (String line : Files.readAllLines(cpuinfo)) {
          if (line.startsWith("model name")) {
            return line.substring(line.indexOf(':') + 1).trim();
          }
        }
      }
    } catch (IOException e) {
      // fall through to the architecture
    }
    return System.getProperty("os.arch");
  }
}
