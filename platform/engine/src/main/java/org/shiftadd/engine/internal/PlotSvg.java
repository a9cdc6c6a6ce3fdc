package org.shiftadd.engine.internal;

import java.util.List;
import java.util.Locale;
import org.shiftadd.engine.RunResult;

/** Draws the configurations of a comparison as an SVG plot of additions against accuracy. */
final class PlotSvg {
    private static final int WIDTH = 720;
    private static final int HEIGHT = 480;
    private static final int MARGIN = 70;

    private PlotSvg() {
    }

    /**
     * Returns the SVG document: one point per configuration tried, filled when it is within
     * the accuracy limit, and a dashed line at the lowest accuracy allowed.
     *
     * @param comparison the comparison of a run
     * @return the SVG text
     */
    static String draw(RunResult.Comparison comparison) {
        List<RunResult.Trial> points = comparison.trials().stream()
                .filter(t -> Double.isFinite(t.accuracy()) && t.additions() > 0).toList();
        double maxAdditions = points.stream().mapToLong(RunResult.Trial::additions).max()
                .orElse(1);
        double limit = comparison.referenceAccuracy() - comparison.maxAccuracyDrop() / 100;
        // Points far below the limit (such as CSD at 2 bits) would squeeze the interesting
        // range, so the axis starts 5 points below the limit and lower points sit on it.
        double minAccuracy = Math.max(limit - 0.05, points.stream()
                .mapToDouble(RunResult.Trial::accuracy).min().orElse(0));
        double maxAccuracy = points.stream().mapToDouble(RunResult.Trial::accuracy).max()
                .orElse(1);
        double span = Math.max(maxAccuracy - minAccuracy, 0.01);

        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                        + "font-family=\"sans-serif\" font-size=\"12\">%n"
                        + "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n", WIDTH,
                HEIGHT));
        axes(svg, maxAdditions, minAccuracy, span);

        double limitY = y(limit, minAccuracy, span);
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" "
                + "y2=\"%.1f\" stroke=\"gray\" stroke-dasharray=\"4 4\"/>%n", MARGIN, limitY,
                WIDTH - 20, limitY));

        for (RunResult.Trial trial : points) {
            svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" "
                    + "fill=\"%s\" stroke=\"%s\"><title>%s %s: %d additions, %.2f %%</title>"
                    + "</circle>%n", x(trial.additions(), maxAdditions),
                    y(Math.max(trial.accuracy(), minAccuracy), minAccuracy, span),
                    trial.withinLimit() ? color(trial.stage()) : "none", color(trial.stage()),
                    escape(trial.stage()), escape(trial.setting()), trial.additions(),
                    100 * trial.accuracy()));
        }
        return svg.append("</svg>\n").toString();
    }

    private static void axes(StringBuilder svg, double maxAdditions, double minAccuracy,
            double span) {
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
                + "stroke=\"black\"/>%n<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
                + "stroke=\"black\"/>%n", MARGIN, HEIGHT - MARGIN, WIDTH - 20, HEIGHT - MARGIN,
                MARGIN, 20, MARGIN, HEIGHT - MARGIN));
        for (int k = 0; k <= 4; k++) {
            double additions = maxAdditions * k / 4;
            double accuracy = minAccuracy + span * k / 4;
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" "
                    + "text-anchor=\"middle\">%,.0f</text>%n", x(additions, maxAdditions),
                    HEIGHT - MARGIN + 18, additions));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" "
                    + "text-anchor=\"end\">%.1f %%</text>%n", MARGIN - 6,
                    y(accuracy, minAccuracy, span) + 4, 100 * accuracy));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">"
                + "additions per inference</text>%n<text x=\"16\" y=\"%d\" "
                + "transform=\"rotate(-90 16 %d)\" text-anchor=\"middle\">test accuracy</text>%n",
                WIDTH / 2, HEIGHT - 20, HEIGHT / 2, HEIGHT / 2));
    }

    private static double x(double additions, double maxAdditions) {
        return MARGIN + (WIDTH - MARGIN - 30) * additions / (maxAdditions * 1.05);
    }

    private static double y(double accuracy, double minAccuracy, double span) {
        return HEIGHT - MARGIN - (HEIGHT - MARGIN - 30) * (accuracy - minAccuracy + 0.05 * span)
                / (1.1 * span);
    }

    private static String color(String stage) {
        return switch (stage) {
            case "csd" -> "#1f77b4";
            case "group-lasso" -> "#d62728";
            default -> "#2ca02c";
        };
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
