package io.llmload.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class NumbersTest {
  @Test
  void roundedDropsTrailingZerosAndShowsNoSampleAsADash() {
    assertThat(Numbers.rounded(151.0, 2)).isEqualTo("151");
    assertThat(Numbers.rounded(10.236, 2)).isEqualTo("10.24");
    assertThat(Numbers.rounded(10.235, 2)).isEqualTo("10.24"); // half up on the decimal text
    assertThat(Numbers.rounded(12345.5, 1)).isEqualTo("12345.5");
    assertThat(Numbers.rounded(-0.001, 2)).isEqualTo("0");
    assertThat(Numbers.rounded(1e7, 0)).isEqualTo("10000000");
    assertThat(Numbers.rounded(null, 2)).isEqualTo("—");
    assertThat(Numbers.rounded(Double.NaN, 2)).isEqualTo("—");
    assertThat(Numbers.rounded(Double.POSITIVE_INFINITY, 2, "")).isEmpty();
    assertThat(Numbers.percent(0.0123)).isEqualTo("1.23 %");
    assertThat(Numbers.percent(0)).isEqualTo("0 %");
    assertThat(Numbers.percent(null)).isEqualTo("—");
  }

  @Test
  void threeDigitsPicksDecimalsByMagnitude() {
    assertThat(Numbers.threeDigits(1234.5)).isEqualTo("1235");
    assertThat(Numbers.threeDigits(12.345)).isEqualTo("12.3");
    assertThat(Numbers.threeDigits(1.2345)).isEqualTo("1.23");
    assertThat(Numbers.threeDigits(0.12345)).isEqualTo("0.123");
    assertThat(Numbers.threeDigits(0.0)).isEqualTo("0");
    assertThat(Numbers.threeDigits(null)).isEqualTo("—");
    assertThat(Numbers.signedThreeDigits(1.5)).isEqualTo("+1.50");
    assertThat(Numbers.signedThreeDigits(-1.5)).isEqualTo("−1.50");
    assertThat(Numbers.signedThreeDigits(0.0)).isEqualTo("0");
    assertThat(Numbers.signedPercent(12.34)).isEqualTo("+12.3%");
    assertThat(Numbers.signedPercent(-3.0)).isEqualTo("−3.0%");
    assertThat(Numbers.signedPercent(Double.NaN)).isEqualTo("—");
  }

  @Test
  void wholeNumbersLoseTheirDecimals() {
    assertThat(Numbers.wholeOrTwoDecimals(5)).isEqualTo("5");
    assertThat(Numbers.wholeOrTwoDecimals(12.345)).isEqualTo("12.35");
    assertThat(Numbers.wholeOrTwoDecimals(0.1)).isEqualTo("0.10");
    assertThat(Numbers.wholeOrSignificant(1500, 4)).isEqualTo("1500");
    assertThat(Numbers.wholeOrSignificant(333.3333, 4)).isEqualTo("333.3");
    assertThat(Numbers.wholeOrSignificant(0.012345, 4)).isEqualTo("0.01235");
    assertThat(Numbers.significant(0.8, 6)).isEqualTo("0.8");
    assertThat(Numbers.significant(2000, 6)).isEqualTo("2000");
    assertThat(Numbers.plain(5.0)).isEqualTo("5");
    assertThat(Numbers.plain(2.5)).isEqualTo("2.5");
    assertThat(Numbers.fixed(12, 1, "-")).isEqualTo("12.0");
    assertThat(Numbers.fixed(null, 1, "-")).isEqualTo("-");
  }

  @Test
  void noLocaleChangesTheDecimalPoint() {
    Locale before = Locale.getDefault();
    try {
      Locale.setDefault(Locale.GERMANY);
      assertThat(Numbers.threeDigits(1.5)).isEqualTo("1.50");
      assertThat(Numbers.wholeOrTwoDecimals(0.5)).isEqualTo("0.50");
      assertThat(Numbers.fixed(0.5, 1, "-")).isEqualTo("0.5");
    } finally {
      Locale.setDefault(before);
    }
  }
}
