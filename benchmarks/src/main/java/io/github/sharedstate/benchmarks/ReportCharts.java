package io.github.sharedstate.benchmarks;

import io.github.sharedstate.benchmarks.paired.RatioInterval;
import io.github.sharedstate.benchmarks.paired.Verdict;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.text.DecimalFormat;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * The PNG half of the report, drawn with JFreeChart for a README: 800 px wide, white plot, large
 * fonts, one row per item with its 95% interval as an error bar.
 *
 * <ul>
 *   <li>{@code read-scaling.png}: readers only, each read's throughput at 2 threads over 1 thread
 *       ({@code ReadScalingBenchmark}), 1.0 = no gain, 2.0 = both cores;
 *   <li>{@code targets.png}: every target's measured ratio to its baseline with its verdict
 *       interval, the limit as a black tick, coloured by verdict.
 * </ul>
 */
final class ReportCharts {
  static final int WIDTH = 800;
  private static final int ROW = 24;
  private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 20);
  private static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 16);
  private static final Font TICK = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
  private static final Color MET = new Color(0x1B, 0x7F, 0x3B);
  private static final Color NOT_MET = new Color(0xC6, 0x28, 0x28);
  private static final Color UNDECIDED = new Color(0xE0, 0x8A, 0x00);
  private static final Color BAR = new Color(0x1F, 0x5F, 0xA8);

  /** The reads of the read-scaling chart: method of {@code ReadScalingBenchmark}, label. */
  static final Map<String, String> READS = reads();

  private ReportCharts() {}

  private static Map<String, String> reads() {
    Map<String, String> reads = new LinkedHashMap<>();
    reads.put("guardedRead", "GuardedValue.read");
    reads.put("orderedRead", "OrderedReadWriteLock read");
    reads.put("rrwlRead", "ReentrantReadWriteLock read");
    reads.put("stampedRead", "StampedLock read lock");
    reads.put("stampedOptimistic", "StampedLock optimistic");
    reads.put("atomicGet", "AtomicReference.get");
    return reads;
  }

  /** A row of a chart: a label, a ratio, its interval, its colour, a limit (NaN for none). */
  record Row(String label, double ratio, double low, double high, Paint paint, double limit) {}

  static void write(
      List<Measurement> measurements, List<SpeedTargets.Decided> decided, Path out)
      throws IOException {
    Map<String, Measurement> scores = ReportTables.byKey(measurements);
    readScaling(scores, out.resolve("read-scaling.png"));
    targets(decided, out.resolve("targets.png"));
  }

  private static void readScaling(Map<String, Measurement> scores, Path file) throws IOException {
    List<Row> rows = new ArrayList<>();
    for (Map.Entry<String, String> read : READS.entrySet()) {
      Measurement two = scores.get("ReadScalingBenchmark." + read.getKey() + "@2 threads");
      Measurement one = scores.get("ReadScalingBenchmark." + read.getKey() + "@1 thread");
      if (two == null || one == null || two.samples().isEmpty() || one.samples().isEmpty()) {
        continue;
      }
      RatioInterval r = RatioInterval.of(two.sampleArray(), one.sampleArray(), 0.95);
      rows.add(new Row(read.getValue(), r.ratio(), r.low(), r.high(), BAR, Double.NaN));
    }
    JFreeChart chart =
        draw(
            "Readers only: 2 threads / 1 thread",
            "throughput ratio; lines at 1.0 (no gain) and 2.0 (both cores)",
            rows,
            false,
            new double[] {1.0, 2.0});
    chart.addSubtitle(
        new TextTitle("empty read section, 2 cores; bars: 95% interval", TICK));
    ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, 170 + rows.size() * 2 * ROW);
  }

  private static void targets(List<SpeedTargets.Decided> decided, Path file) throws IOException {
    List<Row> rows = new ArrayList<>();
    for (SpeedTargets.Decided d : decided) {
      if (!d.measured()) {
        continue;
      }
      Color colour =
          d.verdict() == Verdict.MET ? MET : d.verdict() == Verdict.NOT_MET ? NOT_MET : UNDECIDED;
      rows.add(
          new Row(
              d.target().label(),
              d.ratio(),
              d.low(),
              d.high(),
              colour,
              d.target().target().limit()));
    }
    JFreeChart chart =
        draw(
            "Every target: ratio to its baseline",
            "ratio candidate / baseline (log scale); black tick: the limit",
            rows,
            true,
            new double[] {1.0});
    chart.addSubtitle(
        new TextTitle("green met, red not met, amber undecided; bars: 95% interval", TICK));
    ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, 170 + rows.size() * ROW);
  }

  /**
   * One horizontal row per item, top to bottom: a dot at the ratio, an error bar over its
   * interval (clipped to the axis when it is unbounded), and the item's limit as a black tick.
   */
  private static JFreeChart draw(
      String title, String axisLabel, List<Row> rows, boolean log, double[] markers) {
    String[] labels = new String[rows.size()];
    YIntervalSeriesCollection points = new YIntervalSeriesCollection();
    Map<Paint, YIntervalSeries> byPaint = new LinkedHashMap<>();
    XYSeries limits = new XYSeries("limit");
    double min = Double.POSITIVE_INFINITY;
    double max = 0;
    for (Row r : rows) {
      for (double x : new double[] {r.ratio(), r.low(), r.high(), r.limit()}) {
        if (x > 0 && !Double.isInfinite(x)) {
          min = Math.min(min, x);
          max = Math.max(max, x);
        }
      }
    }
    if (max == 0) {
      min = 0.5;
      max = 2;
    }
    // clipped so that one wide interval (a smoke run, a noisy row) cannot squash the others
    double lower = log ? Math.max(min / 1.3, 0.05) : 0;
    double upper = Math.min(max * 1.15, log ? 50 : 4);
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      int y = rows.size() - 1 - i; // first row on top
      labels[y] = r.label();
      YIntervalSeries series =
          byPaint.computeIfAbsent(r.paint(), p -> new YIntervalSeries("s" + byPaint.size()));
      double low = r.low() > 0 ? r.low() : lower;
      double high = Double.isInfinite(r.high()) || Double.isNaN(r.high()) ? upper : r.high();
      double ratio = Math.max(lower, Math.min(upper, r.ratio()));
      series.add(y, ratio, Math.max(lower, low), Math.min(upper, high));
      if (!Double.isNaN(r.limit())) {
        limits.add(y, r.limit());
      }
    }
    List<Paint> paints = new ArrayList<>(byPaint.keySet());
    for (YIntervalSeries s : byPaint.values()) {
      points.addSeries(s);
    }
    SymbolAxis names = new SymbolAxis(null, labels);
    names.setTickLabelFont(TICK);
    names.setGridBandsVisible(false);
    names.setRange(-0.7, rows.size() - 0.3);
    ValueAxis values = log ? new LogAxis(axisLabel) : new NumberAxis(axisLabel);
    values.setLabelFont(LABEL);
    values.setTickLabelFont(TICK);
    values.setRange(lower, upper);
    if (log) {
      ((LogAxis) values).setBase(10);
      ((LogAxis) values).setSmallestValue(1e-3);
      ((LogAxis) values).setNumberFormatOverride(new DecimalFormat("0.##"));
      values.setMinorTickMarksVisible(true);
    }
    XYErrorRenderer renderer = new XYErrorRenderer();
    renderer.setDefaultLinesVisible(false);
    renderer.setDefaultShapesVisible(true);
    renderer.setDrawXError(false);
    renderer.setDrawYError(true);
    renderer.setErrorStroke(new BasicStroke(3f));
    renderer.setCapLength(8);
    for (int i = 0; i < paints.size(); i++) {
      renderer.setSeriesPaint(i, paints.get(i));
      renderer.setSeriesShape(i, new Ellipse2D.Double(-5, -5, 10, 10));
    }
    renderer.setErrorPaint(null); // each bar in its series' colour
    XYPlot plot = new XYPlot(points, names, values, renderer);
    plot.setOrientation(PlotOrientation.HORIZONTAL);
    XYLineAndShapeRenderer ticks = new XYLineAndShapeRenderer(false, true);
    ticks.setSeriesPaint(0, Color.BLACK);
    ticks.setSeriesShape(0, new Rectangle2D.Double(-1.5, -10, 3, 20));
    plot.setDataset(1, new XYSeriesCollection(limits));
    plot.setRenderer(1, ticks);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinesVisible(false);
    plot.setRangeGridlinePaint(new Color(0xD0, 0xD0, 0xD0));
    plot.setOutlinePaint(Color.GRAY);
    for (double m : markers) {
      ValueMarker marker = new ValueMarker(m, Color.DARK_GRAY, new BasicStroke(1.5f));
      plot.addRangeMarker(marker);
    }
    JFreeChart chart = new JFreeChart(title, TITLE, plot, false);
    chart.setBackgroundPaint(Color.WHITE);
    return chart;
  }
}
