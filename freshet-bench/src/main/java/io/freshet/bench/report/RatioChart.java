package io.freshet.bench.report;

import io.freshet.bench.launch.Target;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import javax.imageio.ImageIO;

/**
 * A horizontal bar chart of Freshet's ratio to Kafka and to Kafka-fsync per case, drawn with java.awt (headless)
 * into a PNG. The axis is logarithmic (base 2) so 0.5x and 2x are equally far from 1x. Ratios are turned so that
 * right of 1.0 is always better for Freshet: throughput is Freshet/Kafka, latency, start-up and memory are
 * Kafka/Freshet (marked "inverted"). Reference lines at 1.0, 1.25 and 2.0, the targets of issue 3.
 */
public final class RatioChart {

    private static final Color VS_KAFKA = new Color(0x3B75AF);
    private static final Color VS_FSYNC = new Color(0xEF8636);
    private static final int WIDTH = 1100;
    private static final int LEFT = 380;
    private static final int RIGHT = 40;
    private static final int TOP = 80;
    private static final int ROW = 34;
    private static final int BAR = 13;

    /** The rows worth a bar: throughput, e2e p99, start-up and memory. */
    public static final Predicate<ResultTable.Row> CHARTED = row -> switch (row.metric()) {
        case RECORDS_PER_S -> true;
        case P99_MS, STARTUP_S, RSS_IDLE_MIB, HWM_AFTER_MIB -> true;
        default -> false;
    };

    private RatioChart() {
    }

    public static void write(Path file, ResultTable table, String subtitle) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<ResultTable.Row> rows = table.rows().stream().filter(CHARTED).toList();
        int height = TOP + rows.size() * ROW + 70;
        BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, height);
            Axis axis = Axis.fitting(rows);
            drawTitle(g, subtitle);
            drawGrid(g, axis, height);
            for (int i = 0; i < rows.size(); i++) {
                drawRow(g, axis, rows.get(i), TOP + i * ROW);
            }
        } finally {
            g.dispose();
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        ImageIO.write(image, "png", file.toFile());
    }

    /** A log2 scale from {@code min} to {@code max} (powers of two) across the plot area. */
    private record Axis(double min, double max) {

        static Axis fitting(List<ResultTable.Row> rows) {
            double lo = 0.25;
            double hi = 4;
            for (ResultTable.Row row : rows) {
                for (Target other : List.of(Target.KAFKA, Target.KAFKA_FSYNC)) {
                    double r = row.advantage(Target.FRESHET, other);
                    if (Double.isFinite(r) && r > 0) {
                        lo = Math.min(lo, Math.pow(2, Math.floor(log2(r))));
                        hi = Math.max(hi, Math.pow(2, Math.ceil(log2(r))));
                    }
                }
            }
            return new Axis(Math.max(lo, 1 / 64.0), Math.min(hi, 64));
        }

        int x(double ratio) {
            double clamped = Math.max(min, Math.min(max, ratio));
            double f = (log2(clamped) - log2(min)) / (log2(max) - log2(min));
            return LEFT + (int) Math.round(f * (WIDTH - LEFT - RIGHT));
        }

        private static double log2(double v) {
            return Math.log(v) / Math.log(2);
        }
    }

    private static void drawTitle(Graphics2D g, String subtitle) {
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 17));
        g.drawString("Freshet vs Apache Kafka 4.4: ratio of medians (right of 1.0 = Freshet better)", 20, 26);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString(subtitle, 20, 46);
        legend(g, VS_KAFKA, "Freshet vs Kafka (default: no fsync)", 20);
        legend(g, VS_FSYNC, "Freshet vs Kafka with fsync per append", 300);
        g.setColor(Color.DARK_GRAY);
        g.drawString("lines: 1.0 (parity), 1.25 and 2.0 (targets)", 600, 66);
    }

    private static void legend(Graphics2D g, Color color, String text, int x) {
        g.setColor(color);
        g.fillRect(x, 56, 14, 12);
        g.setColor(Color.BLACK);
        g.drawString(text, x + 20, 66);
    }

    private static void drawGrid(Graphics2D g, Axis axis, int height) {
        int bottom = height - 50;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (double tick = axis.min(); tick <= axis.max() * 1.001; tick *= 2) {
            int x = axis.x(tick);
            g.setColor(new Color(0xE4E4E4));
            g.drawLine(x, TOP - 6, x, bottom);
            g.setColor(Color.DARK_GRAY);
            g.drawString(java.math.BigDecimal.valueOf(tick).stripTrailingZeros().toPlainString() + "x", x - 10, bottom + 16);
        }
        reference(g, axis.x(1.0), bottom, Color.BLACK, new BasicStroke(2f));
        float[] dash = {6f, 4f};
        reference(g, axis.x(1.25), bottom, new Color(0x2E8B57),
            new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, dash, 0f));
        reference(g, axis.x(2.0), bottom, new Color(0xB22222),
            new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, dash, 0f));
        g.setColor(Color.DARK_GRAY);
        g.drawString("ratio (log scale)", LEFT, bottom + 34);
    }

    private static void reference(Graphics2D g, int x, int bottom, Color color, BasicStroke stroke) {
        g.setColor(color);
        g.setStroke(stroke);
        g.drawLine(x, TOP - 6, x, bottom);
        g.setStroke(new BasicStroke(1f));
    }

    private static void drawRow(Graphics2D g, Axis axis, ResultTable.Row row, int y) {
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        String label = row.caseName() + (row.metric() == Metric.RECORDS_PER_S ? "" : ", " + row.metric().label()
            + " (inverted)");
        g.drawString(label, 12, y + BAR + 4);
        bar(g, axis, row.advantage(Target.FRESHET, Target.KAFKA), y + 2, VS_KAFKA);
        bar(g, axis, row.advantage(Target.FRESHET, Target.KAFKA_FSYNC), y + 2 + BAR, VS_FSYNC);
    }

    private static void bar(Graphics2D g, Axis axis, double ratio, int y, Color color) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        if (!Double.isFinite(ratio) || ratio <= 0) {
            g.setColor(Color.GRAY);
            g.drawString("n/a", LEFT + 4, y + BAR - 3);
            return;
        }
        int x0 = axis.x(1.0);
        int x1 = axis.x(ratio);
        g.setColor(color);
        g.fillRect(Math.min(x0, x1), y, Math.max(1, Math.abs(x1 - x0)), BAR - 1);
        g.setColor(Color.BLACK);
        String text = format(ratio) + "x";
        int textX = x1 >= x0 ? x1 + 4 : x1 - 4 - g.getFontMetrics().stringWidth(text);
        g.drawString(text, textX, y + BAR - 3);
    }

    private static String format(double v) {
        return v >= 10 ? String.format(Locale.ROOT, "%.0f", v)
            : v >= 0.1 ? String.format(Locale.ROOT, "%.2f", v) : String.format(Locale.ROOT, "%.3f", v);
    }
}
