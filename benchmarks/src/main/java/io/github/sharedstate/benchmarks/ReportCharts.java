package io.github.sharedstate.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;

/** The PNG half of the report, drawn with JFreeChart. */
final class ReportCharts {
  private static final int WIDTH = 900;
  private static final int HEIGHT = 500;

  private ReportCharts() {}

  static void write(List<Measurement> measurements, Path out) throws IOException {
    Map<String, Measurement> scores = ReportTables.byKey(measurements);
    writeHeavy(scores, out.resolve("write-heavy.png"));
    readMostly(scores, out.resolve("read-mostly.png"));
    overhead(scores, out.resolve("overhead.png"));
  }

  /** Throughput by thread count, one line per implementation. */
  private static void writeHeavy(Map<String, Measurement> scores, Path file) throws IOException {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    List<Map.Entry<String, String>> series =
        List.of(Map.entry("exclusiveValue", "ExclusiveValue"),
            Map.entry("reentrantLock", "ReentrantLock"),
            Map.entry("synchronizedBlock", "synchronized"));
    for (String threads : List.of("1 thread", "2 threads", "4 threads")) {
      for (Map.Entry<String, String> s : series) {
        Measurement m = scores.get("WriteHeavyBenchmark." + s.getKey() + "@" + threads);
        if (m != null) {
          data.addValue(m.score(), s.getValue(), threads);
        }
      }
    }
    save(ChartFactory.createLineChart("Write-heavy: all threads write one value (2 cores)",
        "threads", "ops/us (higher is better)", data), file);
  }

  /** Reader and writer throughput per mix, one bar per implementation. */
  private static void readMostly(Map<String, Measurement> scores, Path file) throws IOException {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    List<Map.Entry<String, String>> series =
        List.of(Map.entry("guarded", "GuardedValue"),
            Map.entry("readWriteLock", "ReentrantReadWriteLock"),
            Map.entry("stampedLock", "StampedLock"),
            Map.entry("synchronized", "synchronized"));
    for (String mix : List.of("1:1", "3:1")) {
      for (String role : List.of("Reader", "Writer")) {
        for (Map.Entry<String, String> s : series) {
          Measurement m = scores.get("ReadMostlyBenchmark." + s.getKey() + role + "@" + mix);
          if (m != null) {
            data.addValue(m.score(), s.getValue(), mix + " " + role.toLowerCase(java.util.Locale.ROOT) + "s");
          }
        }
      }
    }
    save(ChartFactory.createBarChart(
        "Hand-off under saturation: readers:writer mixes, writer never rests (2 cores)",
        "mix and role", "ops/us (higher is better)", data), file);
  }

  /** Cost ratios to the raw JDK lock (and Guava's), uncontended, one thread. */
  private static void overhead(Map<String, Measurement> scores, Path file) throws IOException {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (ReportTables.Comparison c : ReportTables.COMPARISONS) {
      Measurement m = scores.get(c.benchmark());
      double ratio = ReportTables.ratio(scores, c.benchmark(), c.baseline());
      boolean uncontendedCost = m != null && m.setting().equals("1 thread") && !m.higherIsBetter();
      if (uncontendedCost && !Double.isNaN(ratio)) {
        data.addValue(ratio, "cost ratio", c.what());
      }
    }
    JFreeChart chart = ChartFactory.createBarChart("Uncontended cost, ratio to baseline (1.00 = same)",
        "", "ratio (lower is better)", data, PlotOrientation.HORIZONTAL, false, false, false);
    ((CategoryPlot) chart.getPlot()).getDomainAxis().setMaximumCategoryLabelWidthRatio(0.5f);
    ChartUtils.saveChartAsPNG(file.toFile(), chart, 1200, 900);
  }

  private static void save(JFreeChart chart, Path file) throws IOException {
    ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
  }
}
