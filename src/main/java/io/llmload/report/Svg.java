package io.llmload.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * The inline SVG charts of the compare page and the capacity-sweep curves: a plot area inside fixed
 * margins, linear or log10 axes with their ticks, and the marks drawn on it. Coordinates are written
 * with one decimal whatever the locale; every text is escaped.
 */
final class Svg {
  private final Frame frame;
  private final StringBuilder sb = new StringBuilder();
  private Axis x;
  private Axis y;

  /** Canvas size, the margins around the plot area, and the x of the rotated y-axis title. */
  record Frame(int width, int height, int left, int right, int top, int bottom, int yTitleX) {
    int plotRight() {
      return width - right;
    }

    int plotBottom() {
      return height - bottom;
    }
  }

  /** Values lo..hi onto the plot's 0..1 (through log10 when {@code log}), and where the ticks go. */
  record Axis(double lo, double hi, boolean log, List<Double> ticks) {
    /** lo..hi with ticks at 1, 2 or 5 × a power of ten, at most six of them. */
    static Axis linear(double lo, double hi) {
      double h = hi <= lo ? lo + 1 : hi;
      return new Axis(lo, h, false, linearTicks(lo, h));
    }

    /** lo..hi on a log10 scale with ticks at 1, 2 and 5 × each power of ten inside it. */
    static Axis log(double lo, double hi) {
      double h = hi <= lo ? lo + 1 : hi;
      List<Double> t = new ArrayList<>();
      for (double d = Math.pow(10, Math.floor(Math.log10(lo))); d <= h * 1.0001; d *= 10) {
        for (double m : new double[] {1, 2, 5}) {
          double v = d * m;
          if (v >= lo * 0.9999 && v <= h * 1.0001) {
            t.add(v);
          }
        }
      }
      return new Axis(lo, h, true, t);
    }

    /** 0..hi with {@code steps} + 1 evenly spaced ticks, 0 and hi included. */
    static Axis evenSteps(double hi, int steps) {
      List<Double> t = new ArrayList<>();
      for (int i = 0; i <= steps; i++) {
        t.add(hi * i / steps);
      }
      return new Axis(0, hi, false, t);
    }

    /** Where v falls between lo (0) and hi (1). */
    double fraction(double v) {
      double a = log ? Math.log10(Math.max(v, lo)) : v;
      double l = log ? Math.log10(lo) : lo;
      double h = log ? Math.log10(hi) : hi;
      return (a - l) / (h - l);
    }

    private static List<Double> linearTicks(double lo, double hi) {
      List<Double> t = new ArrayList<>();
      double span = hi - lo;
      double step = Math.pow(10, Math.floor(Math.log10(span / 5)));
      for (double m : new double[] {1, 2, 5, 10}) {
        if (span / (step * m) <= 6) {
          step *= m;
          break;
        }
      }
      for (double v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) {
        t.add(Math.abs(v) < step * 1e-9 ? 0 : v);
      }
      return t;
    }
  }

  private Svg(Frame frame) {
    this.frame = frame;
  }

  /**
   * Opens an {@code <svg>} of the frame's size; {@code before} are attributes written ahead of the size
   * ({@code class="…" }, with its trailing space), {@code after} behind the font ({@code  style="…"}).
   */
  static Svg open(Frame frame, String before, String after) {
    Svg svg = new Svg(frame);
    svg.sb.append("<svg ").append(before).append("width=\"").append(frame.width()).append("\" height=\"")
        .append(frame.height()).append("\" viewBox=\"0 0 ").append(frame.width()).append(' ').append(frame.height())
        .append("\" font-family=\"sans-serif\" font-size=\"10\"").append(after).append('>');
    return svg;
  }

  /** 1, 2, 2.5 or 5 × a power of ten, at least v (1 for v ≤ 0): a round top for an axis. */
  static double nice(double v) {
    if (v <= 0) {
      return 1;
    }
    double p = Math.pow(10, Math.floor(Math.log10(v)));
    for (double m : new double[] {1, 2, 2.5, 5, 10}) {
      if (m * p >= v) {
        return m * p;
      }
    }
    return 10 * p;
  }

  /** The chart's title, centred at the top. */
  Svg title(String title, double baseline) {
    return text(frame.width() / 2.0, baseline, title, "middle", 12);
  }

  /** A message in the middle of an empty chart, which it closes. */
  String empty(String message) {
    return text(frame.width() / 2.0, frame.height() / 2.0, message, "middle", 10).close();
  }

  /** Sets the axes and draws the plot area's border. */
  Svg axes(Axis xAxis, Axis yAxis) {
    this.x = xAxis;
    this.y = yAxis;
    sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>",
        frame.left(), frame.top(), frame.plotRight() - frame.left(), frame.plotBottom() - frame.top()));
    return this;
  }

  /**
   * Tick labels on both axes written by {@code label}, a light grid line at each y tick and, when
   * {@code verticalGrid}, at each x tick.
   */
  Svg grid(DoubleFunction<String> label, boolean verticalGrid) {
    for (double t : x.ticks()) {
      double px = px(t);
      if (verticalGrid) {
        sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#eee\"/>", px, px,
            frame.top(), frame.plotBottom()));
      }
      text(px, frame.plotBottom() + 13, label.apply(t), "middle", 10);
    }
    for (double t : y.ticks()) {
      double py = py(t);
      sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>",
          frame.left(), frame.plotRight(), py, py));
      text(frame.left() - 4, py + 3, label.apply(t), "end", 10);
    }
    return this;
  }

  /** The axis titles: under the x axis, and rotated left of the y axis. */
  Svg axisTitles(String xTitle, String yTitle) {
    text((frame.left() + frame.plotRight()) / 2.0, frame.height() - 8, xTitle, "middle", 10);
    double mid = (frame.top() + frame.plotBottom()) / 2.0;
    sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"middle\" transform=\"rotate(-90 %d %.1f)\">%s</text>",
        frame.yTitleX(), mid, frame.yTitleX(), mid, Html.esc(yTitle)));
    return this;
  }

  /** A dashed horizontal line across the plot at value v of the y axis, with a class and a colour. */
  Svg dashedLevel(String cls, double v, String color) {
    double py = py(v);
    sb.append(String.format(Locale.ROOT, "<line class=\"%s\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" "
        + "stroke=\"%s\" stroke-dasharray=\"6 4\"/>", cls, frame.left(), frame.plotRight(), py, py, color));
    return this;
  }

  /** A line through the points {x, y, …} in data values, in order. */
  Svg polyline(String color, List<double[]> points) {
    StringBuilder line = new StringBuilder();
    for (double[] p : points) {
      line.append(String.format(Locale.ROOT, "%.1f,%.1f ", px(p[0]), py(p[1])));
    }
    sb.append("<polyline fill=\"none\" stroke-width=\"1.6\" stroke=\"").append(color).append("\" points=\"")
        .append(line.toString().trim()).append("\"/>");
    return this;
  }

  /** A circle at canvas coordinates; {@code cls} may be null; {@code paint} are its fill/stroke attributes. */
  Svg circle(String cls, double cx, double cy, int r, String paint) {
    sb.append("<circle").append(cls == null ? "" : " class=\"" + cls + "\"")
        .append(String.format(Locale.ROOT, " cx=\"%.1f\" cy=\"%.1f\" r=\"%d\" ", cx, cy, r)).append(paint).append("/>");
    return this;
  }

  /** A legend's colour swatch, 12 × 8, at canvas coordinates. */
  Svg swatch(int left, int top, String color) {
    sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"8\" fill=\"%s\"/>", left, top, color));
    return this;
  }

  /** Text at canvas coordinates. */
  Svg text(double tx, double ty, String s, String anchor, int size) {
    return text(tx, ty, s, anchor, size, null);
  }

  /** Text at canvas coordinates in a colour (null: the default). */
  Svg text(double tx, double ty, String s, String anchor, int size, String fill) {
    sb.append("<text ").append(fill == null ? "" : "fill=\"" + fill + "\" ")
        .append(String.format(Locale.ROOT, "x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\">", tx, ty, anchor, size))
        .append(Html.esc(s)).append("</text>");
    return this;
  }

  /** The canvas x of value v on the x axis. */
  double px(double v) {
    return frame.left() + x.fraction(v) * (frame.plotRight() - frame.left());
  }

  /** The canvas y of value v on the y axis. */
  double py(double v) {
    return frame.plotBottom() - y.fraction(v) * (frame.plotBottom() - frame.top());
  }

  /** Closes the {@code <svg>} and returns it, with a newline. */
  String close() {
    return sb.append("</svg>\n").toString();
  }
}
