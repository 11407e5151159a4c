package io.llmload.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SvgTest {
  private static final Svg.Frame FRAME = new Svg.Frame(200, 100, 20, 10, 10, 20, 8);

  @Test
  void linearTicksAreRoundStepsInsideTheRange() {
    assertThat(Svg.Axis.linear(0, 1).ticks()).hasSize(6).startsWith(0.0, 0.2).endsWith(1.0);
    assertThat(Svg.Axis.linear(0, 4500).ticks()).containsExactly(0.0, 1000.0, 2000.0, 3000.0, 4000.0);
    assertThat(Svg.Axis.linear(5, 5).hi()).as("an empty range still has a width").isEqualTo(6.0);
  }

  @Test
  void logTicksAreOneTwoFivePerDecade() {
    assertThat(Svg.Axis.log(3, 300).ticks()).containsExactly(5.0, 10.0, 20.0, 50.0, 100.0, 200.0);
    assertThat(Svg.Axis.log(10, 1000).fraction(100)).isEqualTo(0.5);
  }

  @Test
  void evenStepsAndNiceTops() {
    assertThat(Svg.Axis.evenSteps(10, 5).ticks()).containsExactly(0.0, 2.0, 4.0, 6.0, 8.0, 10.0);
    assertThat(Svg.nice(0)).isEqualTo(1.0);
    assertThat(Svg.nice(210)).isEqualTo(250.0);
    assertThat(Svg.nice(1001)).isEqualTo(2000.0);
  }

  @Test
  void mapsValuesOntoThePlotAreaAndEscapesText() {
    Svg svg = Svg.open(FRAME, "class=\"c\" ", "").axes(Svg.Axis.evenSteps(10, 5), Svg.Axis.evenSteps(100, 5));
    assertThat(svg.px(0)).isEqualTo(20.0);
    assertThat(svg.px(10)).isEqualTo(190.0);
    assertThat(svg.py(0)).isEqualTo(80.0);
    assertThat(svg.py(100)).isEqualTo(10.0);
    String out = svg.polyline("#000", List.of(new double[] {0, 0}, new double[] {10, 100}))
        .text(1, 2, "a<b & \"c\"", "start", 9, "#c00").close();
    assertThat(out).startsWith("<svg class=\"c\" width=\"200\" height=\"100\" viewBox=\"0 0 200 100\"")
        .contains("points=\"20.0,80.0 190.0,10.0\"")
        .contains("<text fill=\"#c00\" x=\"1.0\" y=\"2.0\" text-anchor=\"start\" font-size=\"9\">a&lt;b &amp; &quot;c&quot;</text>")
        .endsWith("</svg>\n");
  }
}
