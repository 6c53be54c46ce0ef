package health.rapport.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogarithmicAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The plots of a benchmark, drawn with JFreeChart (headless): throughput over time, one curve per measurement,
 * and latency percentiles on a log scale. A machine without fonts cannot draw text: the benchmark still
 * records its figures and says what to install.
 */
public final class Charts {

    /** Distinct on white, in the order series are added. */
    private static final Color[] PALETTE = {new Color(0xD6, 0x27, 0x28), new Color(0x1F, 0x77, 0xB4),
            new Color(0x2C, 0xA0, 0x2C), new Color(0xFF, 0x7F, 0x0E), new Color(0x94, 0x67, 0xBD),
            new Color(0x8C, 0x56, 0x4B), new Color(0x17, 0xBE, 0xCF), new Color(0x7F, 0x7F, 0x7F)};

    private static final int WIDTH = 1000;
    private static final int HEIGHT = 500;

    private Charts() {
    }

    /** Writes {@code <benchmark>-throughput.png} and {@code <benchmark>-latency.png} where there is data. */
    public static List<Path> write(Path dir, Report report) {
        System.setProperty("java.awt.headless", "true");
        List<Path> written = new ArrayList<>();
        try {
            if (report.throughput().stream().anyMatch(s -> !s.points().isEmpty())) {
                Path file = dir.resolve(report.benchmark() + "-throughput.png");
                ChartUtils.saveChartAsPNG(file.toFile(), throughput(report), WIDTH, HEIGHT);
                written.add(file);
            }
            if (!report.latencies().isEmpty()) {
                Path file = dir.resolve(report.benchmark() + "-latency.png");
                ChartUtils.saveChartAsPNG(file.toFile(), latency(report), WIDTH, HEIGHT);
                written.add(file);
            }
        } catch (IOException | RuntimeException | Error e) {
            System.err.println("warning: plots of " + report.benchmark() + " not drawn (" + e
                    + "); on Debian: apt-get install -y fontconfig fonts-dejavu-core");
        }
        return written;
    }

    static JFreeChart throughput(Report report) {
        XYSeriesCollection data = new XYSeriesCollection();
        Set<String> units = new LinkedHashSet<>();
        for (Series series : report.throughput()) {
            XYSeries xy = new XYSeries(series.name() + " (" + series.unit() + ")", false, true);
            for (Series.Point point : series.points()) {
                xy.add(point.seconds(), point.value());
            }
            data.addSeries(xy);
            units.add(series.unit());
        }
        JFreeChart chart = ChartFactory.createXYLineChart(report.benchmark() + ": throughput over time",
                "seconds since the measurement started", String.join(", ", units), data, PlotOrientation.VERTICAL,
                true, false, false);
        XYPlot plot = chart.getXYPlot();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            renderer.setSeriesStroke(i, new BasicStroke(2f));
            renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
        }
        plot.setRenderer(renderer);
        style(chart);
        return chart;
    }

    static JFreeChart latency(Report report) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (LatencyProfile profile : report.latencies()) {
            for (var entry : profile.millis().entrySet()) {
                // A log axis cannot show 0: a sub-microsecond value is drawn at 1 µs.
                data.addValue(Math.max(entry.getValue(), 0.001), profile.name(), entry.getKey());
            }
        }
        JFreeChart chart = ChartFactory.createLineChart(report.benchmark() + ": latency percentiles",
                "percentile", "milliseconds (log scale)", data, PlotOrientation.VERTICAL, true, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        LogarithmicAxis axis = new LogarithmicAxis("milliseconds (log scale)");
        axis.setStrictValuesFlag(false);
        axis.setAllowNegativesFlag(false);
        axis.setLog10TickLabelsFlag(false);
        axis.setExpTickLabelsFlag(false);
        plot.setRangeAxis(axis);
        LineAndShapeRenderer renderer = new LineAndShapeRenderer(true, true);
        for (int i = 0; i < data.getRowCount(); i++) {
            renderer.setSeriesStroke(i, new BasicStroke(2f));
            renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
        }
        plot.setRenderer(renderer);
        style(chart);
        return chart;
    }

    private static void style(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.getPlot().setBackgroundPaint(new Color(250, 250, 250));
        if (chart.getPlot() instanceof XYPlot xy) {
            xy.setDomainGridlinePaint(Color.LIGHT_GRAY);
            xy.setRangeGridlinePaint(Color.LIGHT_GRAY);
        } else if (chart.getPlot() instanceof CategoryPlot category) {
            category.setRangeGridlinePaint(Color.LIGHT_GRAY);
        }
    }
}
