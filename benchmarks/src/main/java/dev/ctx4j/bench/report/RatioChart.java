package dev.ctx4j.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Draws the ratios of one run as an SVG bar chart, with nothing but string building: one row per comparison, a
 * logarithmic axis from 0.0001× to 100×, each bar drawn from parity (1×) to the ratio, green where the target is met,
 * red where it is missed, grey where there is no target, and a black tick at the target. Budgets (W1b, W7b, W10) are
 * drawn as the share of the budget used, so their target is 1.
 */
public final class RatioChart {
  private static final int WIDTH = 1000;
  private static final int LABEL_WIDTH = 330;
  private static final int VALUE_WIDTH = 130;
  private static final int TOP = 56;
  private static final int ROW = 26;
  private static final int BOTTOM = 84;
  private static final double MIN_DECADE = -4;
  private static final double MAX_DECADE = 2;

  private RatioChart() {}

  /**
   * Renders the chart.
   *
   * @param title the chart's title
   * @param outcomes the comparisons; those with nothing to chart are skipped
   * @return the SVG document
   */
  public static String svg(String title, List<Comparison.Outcome> outcomes) {
    List<Comparison.Outcome> rows = new ArrayList<>();
    for (Comparison.Outcome o : outcomes) {
      if (Double.isFinite(o.chartValue()) && o.chartValue() > 0) {
        rows.add(o);
      }
    }
    int plotLeft = LABEL_WIDTH;
    int plotRight = WIDTH - VALUE_WIDTH;
    int height = TOP + rows.size() * ROW + BOTTOM;
    StringBuilder s = new StringBuilder();
    s.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    s.append(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
            + "font-family=\"Helvetica, Arial, sans-serif\" font-size=\"13\">\n", WIDTH, height, WIDTH, height));
    s.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n", WIDTH, height));
    s.append(String.format(Locale.ROOT,
        "<text x=\"%d\" y=\"24\" font-size=\"16\" font-weight=\"bold\">%s</text>\n", 12, escape(title)));
    s.append(String.format(Locale.ROOT,
        "<text x=\"%d\" y=\"43\" fill=\"#555555\">ctx4j ÷ peer, same run, log scale; budgets as share used. "
            + "Shorter to the left is better; the black tick is the target.</text>\n", 12));

    // decade grid
    int gridBottom = TOP + rows.size() * ROW;
    for (int d = (int) MIN_DECADE; d <= (int) MAX_DECADE; d++) {
      double x = x(Math.pow(10, d), plotLeft, plotRight);
      s.append(String.format(Locale.ROOT,
          "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\" stroke-width=\"%s\"/>\n",
          x, TOP - 4, x, gridBottom + 4, d == 0 ? "#333333" : "#dddddd", d == 0 ? "1.5" : "1"));
      s.append(String.format(Locale.ROOT,
          "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#555555\">%s×</text>\n",
          x, gridBottom + 20, trim(Math.pow(10, d))));
    }
    s.append(String.format(Locale.ROOT,
        "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#555555\">ratio (1× = parity)</text>\n",
        (plotLeft + plotRight) / 2.0, gridBottom + 40));

    double one = x(1, plotLeft, plotRight);
    for (int i = 0; i < rows.size(); i++) {
      Comparison.Outcome o = rows.get(i);
      int y = TOP + i * ROW;
      if (i % 2 == 1) {
        s.append(String.format(Locale.ROOT,
            "<rect x=\"0\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#f6f6f6\"/>\n", y, WIDTH, ROW));
      }
      String colour = o.met() == null ? "#9e9e9e" : o.met() ? "#2e7d32" : "#c62828";
      double v = o.chartValue();
      double xv = x(v, plotLeft, plotRight);
      double left = Math.min(one, xv);
      double width = Math.max(1.5, Math.abs(xv - one));
      s.append(String.format(Locale.ROOT,
          "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>\n", plotLeft - 10, y + 17, escape(o.label())));
      s.append(String.format(Locale.ROOT,
          "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>\n", left, y + 5, width, ROW - 10,
          colour));
      double target = o.chartTarget();
      if (Double.isFinite(target)) {
        double xt = x(target, plotLeft, plotRight);
        s.append(String.format(Locale.ROOT,
            "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#000000\" stroke-width=\"2.5\"/>\n",
            xt, y + 2, xt, y + ROW - 2));
      }
      String text = trim(v) + "×" + (v < Math.pow(10, MIN_DECADE) || v > Math.pow(10, MAX_DECADE) ? " (off scale)" : "");
      if (o.comparison().kind() == Comparison.Kind.BUDGET || o.comparison().kind() == Comparison.Kind.OVERHEAD) {
        text = String.format(Locale.ROOT, "%.0f%% of budget", v * 100);
      }
      s.append(String.format(Locale.ROOT,
          "<text x=\"%d\" y=\"%d\" fill=\"%s\">%s</text>\n", plotRight + 8, y + 17, colour, escape(text)));
    }
    // legend
    int ly = gridBottom + 62;
    String[][] legend = {{"#2e7d32", "target met"}, {"#c62828", "target missed"}, {"#9e9e9e", "no target"}};
    int lx = plotLeft;
    for (String[] item : legend) {
      s.append(String.format(Locale.ROOT,
          "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"12\" fill=\"%s\"/>\n", lx, ly - 10, item[0]));
      s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>\n", lx + 20, ly, item[1]));
      lx += 140;
    }
    s.append(String.format(Locale.ROOT,
        "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#000000\" stroke-width=\"2.5\"/>\n",
        lx + 6, ly - 12, lx + 6, ly + 2));
    s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">target</text>\n", lx + 20, ly));
    s.append("</svg>\n");
    return s.toString();
  }

  private static double x(double ratio, int left, int right) {
    double d = Math.log10(Math.max(Math.pow(10, MIN_DECADE), Math.min(Math.pow(10, MAX_DECADE), ratio)));
    return left + (d - MIN_DECADE) / (MAX_DECADE - MIN_DECADE) * (right - left);
  }

  private static String trim(double v) {
    if (v >= 100) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    String s = String.format(Locale.ROOT, v >= 1 ? "%.2f" : "%.2g", v);
    if (s.contains(".") && !s.contains("e")) {
      s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
    return s;
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
