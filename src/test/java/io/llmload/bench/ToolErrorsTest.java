package io.llmload.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each tool's errors against a 150 ms / 10 ms schedule, from tiny CSVs in each tool's own format. */
class ToolErrorsTest {
  private static final double TTFT = 150;
  private static final double ITL = 10;

  @Test
  void suiteErrorsUseItsOwnFormulaWhoseTruthIsTheItl(@TempDir Path tmp) throws Exception {
    Path csv = tmp.resolve("llm-calls.csv");
    // 101 tokens: 100 gaps of 10 ms; TPOT = (e2e - ttft) / (n - 1)
    Files.writeString(csv, """
        call_id,ttft_ms,e2e_ms,tpot_ms,output_tokens,ok,error
        1,151,1151,10.0,101,true,
        2,150,1152,10.02,101,true,
        3,153,1153,10.0,101,true,
        4,,,,0,false,"http 500, server error"
        """);
    List<ToolErrors.Call> calls = ToolErrors.readSuite(csv);
    assertThat(calls).hasSize(4);
    ToolErrors.Result r = ToolErrors.compute(calls, ToolErrors.Formula.GAPS, TTFT, ITL);
    assertThat(r.ok()).isEqualTo(3);
    assertThat(r.failed()).isEqualTo(1);
    assertThat(r.tokens()).isEqualTo(303);
    assertThat(r.ttftP50()).isEqualTo(1.0);
    assertThat(r.ttftP99()).isEqualTo(3.0);
    assertThat(r.tpotP50()).isCloseTo(0.0, within(1e-9));
    assertThat(r.tpotP99()).isCloseTo(0.02, within(1e-9));
    assertThat(r.sampleErrors()).containsExactly("http 500, server error");
    assertThat(r.holds(ToolErrors.Criterion.DEFAULT)).as("a failed call means the load does not hold").isFalse();
  }

  @Test
  void seedErrorsUseItsOwnFormulaWhoseTruthIsNMinusOneItlsOverN(@TempDir Path tmp) throws Exception {
    Path csv = tmp.resolve("llm_load_results.csv");
    // 100 tokens, first at 150 ms, last 990 ms later: the seed's TPOT = 0.990 s / 100 = 9.9 ms, exactly the truth
    Files.writeString(csv, """
        user_id,step_id,call_type,ttft_s,e2e_s,output_tokens,output_rate_tps,tpot_s_per_tok,input_tokens,http_status,ok,error
        0,0,single,0.150,1.140,100,101.0,0.0099,9000,200,True,
        1,0,single,0.212,1.302,100,91.7,0.0109,9000,200,True,
        """);
    ToolErrors.Result r = ToolErrors.compute(ToolErrors.readSeed(csv), ToolErrors.Formula.TOKENS, TTFT, ITL);
    assertThat(r.ok()).isEqualTo(2);
    assertThat(r.failed()).isZero();
    assertThat(r.ttftP50()).isCloseTo(0.0, within(1e-9));
    assertThat(r.ttftP99()).isCloseTo(62.0, within(1e-9));
    assertThat(r.tpotP50()).isCloseTo(0.0, within(1e-9));
    assertThat(r.tpotP99()).isCloseTo(1.0, within(1e-9));
    assertThat(r.tpotAbsP99()).isCloseTo(1.0, within(1e-9));
    assertThat(r.holds(ToolErrors.Criterion.DEFAULT)).isFalse();
  }

  @Test
  void aSeedCallThatCrashedIsFailedNotInfinite(@TempDir Path tmp) throws Exception {
    Path csv = tmp.resolve("llm_load_results.csv");
    Files.writeString(csv, """
        user_id,step_id,call_type,ttft_s,e2e_s,output_tokens,output_rate_tps,tpot_s_per_tok,input_tokens,http_status,ok,error
        0,0,single,inf,inf,0,0.0,inf,9000,0,False,list index out of range
        1,0,single,0.1512,1.1412,100,100.0,0.00990,9000,200,True,
        """);
    ToolErrors.Result r = ToolErrors.compute(ToolErrors.readSeed(csv), ToolErrors.Formula.TOKENS, TTFT, ITL);
    assertThat(r.failed()).isEqualTo(1);
    assertThat(r.sampleErrors()).containsExactly("list index out of range");
    assertThat(r.ttftP99()).isCloseTo(1.2, within(1e-9));
  }

  @Test
  void aLoadHoldsWhenEveryCallIsOkAndErrorsAreWithinTheCriterion() {
    List<ToolErrors.Call> calls = List.of(new ToolErrors.Call(151, 1151, 10.0, 101, true, null),
        new ToolErrors.Call(154, 1154, 10.1, 101, true, null), new ToolErrors.Call(152, 1152, 10.0, 101, true, null));
    assertThat(ToolErrors.compute(calls, ToolErrors.Formula.GAPS, TTFT, ITL).holds(ToolErrors.Criterion.DEFAULT)).isTrue();
    assertThat(ToolErrors.compute(calls, ToolErrors.Formula.GAPS, TTFT, ITL).holds(new ToolErrors.Criterion(2, 3, 0.5))).isFalse();
  }

  @Test
  void percentileIsNearestRank() {
    assertThat(ToolErrors.pct(List.of(5.0, 1.0, 3.0, 2.0, 4.0), 50)).isEqualTo(3.0);
    assertThat(ToolErrors.pct(List.of(5.0, 1.0, 3.0, 2.0, 4.0), 99)).isEqualTo(5.0);
    assertThat(ToolErrors.pct(List.of(), 50)).isNaN();
  }

  @Test
  void levelsAlwaysInclude200InAscendingOrder() {
    assertThat(SeedComparison.levels("1000, 50,500")).containsExactly(50, 200, 500, 1000);
  }
}
