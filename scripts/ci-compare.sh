#!/usr/bin/env bash
# ci-compare.sh: the load test and comparison the Jenkinsfile runs, as plain shell, so a build can be
# reproduced by hand and the two cannot drift (the Jenkinsfile calls this script).
#
#   1. baseline run   (skipped with --baseline DIR, which reuses an archived run, e.g. the last good build's)
#   2. candidate run  (with the SLO assertions, if any; skipped with --candidate DIR, a run made elsewhere,
#                     e.g. the merge of a sharded run: Jenkinsfile.sharded)
#   3. compare        candidate against baseline, with the regression thresholds (the gate)
#   4. exit code      0 pass | 1 regression gate failed | 2 a run failed (SLO assertion, error, timeout)
#                     | 3 bad usage or missing input
#
# Every run is archived under OUT (a fresh folder):
#   OUT/baseline/<date-time>-<label>-baseline/   run 1 (llm-report.html, llm-summary.json, llm-calls.csv, ...)
#   OUT/candidate/<date-time>-<label>/           run 2 (+ llm-junit.xml when SLO assertions are set)
#   OUT/compare-<labels>.html | .json            the comparison (page, machine-readable)
#   OUT/compare-junit.xml                        the regression gate, one test case per threshold
#   OUT/ci-compare.env                           KEY=value lines: where each of the above is, and RESULT
#
# Examples (docs/jenkins.md has more):
#   scripts/ci-compare.sh --simulation Smoke --regression ttftP95Pct=10 --regression e2eP95Pct=10
#   LLM_API_KEY=... scripts/ci-compare.sh --base-url http://gpu:8000 --users 200 \
#       --baseline reports/20261127-101500-nightly --slo-ttft-ms 2000 --regression ttftP95Pct=10
#
# Any -D option after `--` goes to both runs (-Dllm.regression.* and -Dcompare.* go to the compare step).
# The script's own options come after the user's, so they win; a user option for a key the script always
# sets (target, simulation, label, output folders, the compared runs) is refused, naming the key.
# The API key is read by the suite from LLM_API_KEY (or OPENAI_API_KEY); this script never touches it, and
# refuses -Dllm.apiKey (a command line is visible in `ps` and in a CI job's saved parameters).
set -euo pipefail

usage() {
  cat <<'EOF'
usage: scripts/ci-compare.sh [options] [-- -Dname=value ...]

  --baseline run|none|DIR   run: run a baseline first (default); none: candidate run only, no compare;
                            DIR: an archived run folder, or a folder holding exactly one (searched 4 deep)
  --out DIR                 where everything goes (default reports/ci-<UTC date-time>); must be empty or new
  --label NAME              candidate label (default ci); the baseline run is labelled NAME-baseline
  --simulation NAME         Mixed (default), Heavy, Agent, Smoke, or a fully qualified class name
  --base-url URL            server root (default: the embedded simulator)
  --model ID                model id (default: the only model the server lists)
  --users N                 llm.users
  --seed N                  llm.seed of the candidate; a fresh baseline run gets N+500000. A new seed per
                            build keeps a server's warm prefix cache from serving prompts it has seen
  --slo-ttft-ms MS          SLO on TTFT: -Dllm.slo.ttftMs on both runs, asserted on the candidate
  --slo-tpot-ms MS          same for TPOT
  --slo-e2e-ms MS           same for E2E
  --slo-percentile P        50, 90, 95 (default) or 99: the percentile the SLOs are asserted at
  --regression NAME=LIMIT   a regression threshold, e.g. ttftP95Pct=10 (repeatable; see docs/compare.md)
  --candidate DIR           use this run folder (or a folder holding exactly one) as the candidate instead of
                            running one, e.g. a sharded run's merge; needs --baseline DIR or none
  --baseline-opt -Dk=v      an option for the baseline run only (repeatable)
  --candidate-opt -Dk=v     an option for the candidate run only (repeatable)
  --step-timeout SECONDS    each Maven step is killed (with its forked JVMs) after this long (default 7200)
  --dry-run                 print the Maven commands instead of running them (also: CI_COMPARE_DRY_RUN=1)
  -h, --help                this text

Empty values are ignored (so a CI job can pass every parameter, set or not).
The script's own options win over -D options for the same keys; -D options for the keys it always sets
(gatling.simulationClass, llm.baseUrl, llm.label, llm.reportsDir, compare.runs, compare.out, compare.junit)
are refused, and so is -Dllm.apiKey: pass the key in the LLM_API_KEY environment variable.
Exit: 0 pass, 1 regression gate failed, 2 a run failed (SLO assertion, error, timeout), 3 bad usage/input.
Environment: MVNW (default ./mvnw), LLM_API_KEY (read by the suite, never printed),
CI_COMPARE_DRY_RUN=1 (as --dry-run).
EOF
}

die_usage() {
  echo "ci-compare: $*" >&2
  echo "ci-compare: see scripts/ci-compare.sh --help" >&2
  exit 3
}

# ---------------------------------------------------------------------------------------------------
# Options. The loop consumes at least one argument per pass, so it ends after at most $# passes.
baseline_mode="run"
candidate_given=""
out=""
label="ci"
simulation="Mixed"
base_url=""
model=""
users=""
seed=""
slo_ttft="" slo_tpot="" slo_e2e="" slo_pct="95"
step_timeout=7200
dry_run="${CI_COMPARE_DRY_RUN:-0}"
regression=()
baseline_opts=()
candidate_opts=()
common_opts=()
gate_opts=()

need() { [[ $# -ge 2 ]] || die_usage "$1 needs a value"; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --baseline) need "$@"; baseline_mode="$2"; shift 2 ;;
    --candidate) need "$@"; candidate_given="$2"; shift 2 ;;
    --out) need "$@"; out="$2"; shift 2 ;;
    --label) need "$@"; label="$2"; shift 2 ;;
    --simulation) need "$@"; simulation="$2"; shift 2 ;;
    --base-url) need "$@"; base_url="$2"; shift 2 ;;
    --model) need "$@"; model="$2"; shift 2 ;;
    --users) need "$@"; users="$2"; shift 2 ;;
    --seed) need "$@"; seed="$2"; shift 2 ;;
    --slo-ttft-ms) need "$@"; slo_ttft="$2"; shift 2 ;;
    --slo-tpot-ms) need "$@"; slo_tpot="$2"; shift 2 ;;
    --slo-e2e-ms) need "$@"; slo_e2e="$2"; shift 2 ;;
    --slo-percentile) need "$@"; slo_pct="${2:-95}"; shift 2 ;;
    --regression) need "$@"; regression+=("$2"); shift 2 ;;
    --baseline-opt) need "$@"; baseline_opts+=("$2"); shift 2 ;;
    --candidate-opt) need "$@"; candidate_opts+=("$2"); shift 2 ;;
    --step-timeout) need "$@"; step_timeout="$2"; shift 2 ;;
    --dry-run) dry_run=1; shift ;;
    -h|--help) usage; exit 0 ;;
    --) shift; break ;;
    *) die_usage "unknown option '$1'" ;;
  esac
done
# After `--`: -D options; regression thresholds and compare.* settings belong to the compare step.
for opt in "$@"; do
  case "$opt" in
    -Dllm.regression.*|-Dcompare.*) gate_opts+=("$opt") ;;
    -D*) common_opts+=("$opt") ;;
    "") ;;
    *) die_usage "after -- only -Dname=value options are accepted, got '$opt'" ;;
  esac
done

# Keys the script sets itself: a user option for one is refused, named with the script option to use.
owned_key_hint() {
  case "$1" in
    llm.apiKey) echo "never put the key on a command line (ps, CI parameters): export LLM_API_KEY instead" ;;
    gatling.simulationClass) echo "use --simulation" ;;
    llm.baseUrl) echo "use --base-url" ;;
    llm.label) echo "use --label" ;;
    llm.reportsDir|compare.out|compare.junit) echo "the script sets it under --out" ;;
    compare.runs) echo "the script compares its own runs (see --baseline)" ;;
  esac
}
for opt in ${common_opts[@]+"${common_opts[@]}"} ${gate_opts[@]+"${gate_opts[@]}"} \
    ${baseline_opts[@]+"${baseline_opts[@]}"} ${candidate_opts[@]+"${candidate_opts[@]}"}; do
  key="${opt#-D}"; key="${key%%=*}"
  hint="$(owned_key_hint "$key")"
  [[ -z "$hint" ]] || die_usage "-D$key is not accepted here: $hint"
done

# Paths given by the user are relative to where the script was started; everything else to the repository.
absolute() { [[ "$1" == /* ]] && echo "$1" || echo "$PWD/$1"; }
[[ -n "$out" ]] && out="$(absolute "$out")"
case "$baseline_mode" in run|none) ;; *) baseline_mode="$(absolute "$baseline_mode")" ;; esac
[[ -n "$candidate_given" ]] && candidate_given="$(absolute "$candidate_given")"
cd "$(dirname "$0")/.."
mvnw="${MVNW:-./mvnw}"

case "$simulation" in
  Mixed|MixedWorkload) simulation_class=io.llmload.simulations.MixedWorkloadSimulation ;;
  Heavy|HeavyCall) simulation_class=io.llmload.simulations.HeavyCallSimulation ;;
  Agent|AgentFlow) simulation_class=io.llmload.simulations.AgentFlowSimulation ;;
  Smoke) simulation_class=io.llmload.simulations.SmokeSimulation ;;
  *.*) simulation_class="$simulation" ;;
  *) die_usage "--simulation $simulation: use Mixed, Heavy, Agent, Smoke or a class name" ;;
esac
[[ "$dry_run" == 0 || "$dry_run" == 1 ]] || die_usage "CI_COMPARE_DRY_RUN must be 0 or 1"
[[ "$label" =~ ^[A-Za-z0-9._-]+$ ]] || die_usage "--label '$label': use letters, digits, '.', '_' and '-'"
[[ "$step_timeout" =~ ^[0-9]+$ && "$step_timeout" -gt 0 ]] || die_usage "--step-timeout must be whole seconds > 0"
[[ -z "$seed" || "$seed" =~ ^[0-9]+$ ]] || die_usage "--seed must be a whole number"
case "$slo_pct" in 50|90|95|99) ;; *) die_usage "--slo-percentile $slo_pct: use 50, 90, 95 or 99" ;; esac

# Run options shared by both runs: target, workload, SLO definitions.
run_opts=("-Dgatling.simulationClass=$simulation_class")
[[ -n "$base_url" ]] && run_opts+=("-Dllm.baseUrl=$base_url")
[[ -n "$model" ]] && run_opts+=("-Dllm.model=$model")
[[ -n "$users" ]] && run_opts+=("-Dllm.users=$users")
# Seeds: prompts and sizes are reproducible from llm.seed; two runs must not send the same prompts.
baseline_seed=() candidate_seed=()
if [[ -n "$seed" ]]; then
  candidate_seed=("-Dllm.seed=$seed")
  baseline_seed=("-Dllm.seed=$((seed + 500000))")
fi
# SLOs: defined on both runs (so goodput and attainment compare), asserted on the candidate only.
assert_opts=()
if [[ -n "$slo_ttft$slo_tpot$slo_e2e" ]]; then
  run_opts+=("-Dllm.slo.percentile=$slo_pct")
fi
[[ -n "$slo_ttft" ]] && run_opts+=("-Dllm.slo.ttftMs=$slo_ttft") && assert_opts+=("-Dllm.assert.ttftP${slo_pct}Ms=$slo_ttft")
[[ -n "$slo_tpot" ]] && run_opts+=("-Dllm.slo.tpotMs=$slo_tpot") && assert_opts+=("-Dllm.assert.tpotP${slo_pct}Ms=$slo_tpot")
[[ -n "$slo_e2e" ]] && run_opts+=("-Dllm.slo.e2eMs=$slo_e2e") && assert_opts+=("-Dllm.assert.e2eP${slo_pct}Ms=$slo_e2e")
for r in ${regression[@]+"${regression[@]}"}; do
  name="${r%%=*}"; limit="${r#*=}"
  [[ "$r" == *=* && -n "$name" ]] || die_usage "--regression $r: use NAME=LIMIT, e.g. ttftP95Pct=10"
  [[ -z "$limit" ]] && continue   # an empty CI parameter: threshold not set
  gate_opts+=("-Dllm.regression.$name=$limit")
done

# A run folder given, or found in a folder (6 levels deep: Copy Artifact keeps the paths,
# previous-build/reports/ci/candidate/<run>/llm-summary.json). run_folder_in <option> <folder>
run_folder_in() {
  [[ -d "$2" ]] || die_usage "$1 $2: no such folder"
  mapfile -t found < <(find "$2" -maxdepth 6 -name llm-summary.json -type f | sort)
  [[ ${#found[@]} -eq 1 ]] || die_usage "$1 $2: expected one run folder (with llm-summary.json) in it, found ${#found[@]}"
  (cd "$(dirname "${found[0]}")" && pwd)
}
baseline_dir=""
case "$baseline_mode" in
  run|none) ;;
  *) [[ -d "$baseline_mode" ]] || die_usage "--baseline $baseline_mode: no such folder (or use run / none)"
    baseline_dir="$(run_folder_in --baseline "$baseline_mode")" || exit 3 ;;
esac
candidate_dir=""
if [[ -n "$candidate_given" ]]; then
  [[ "$baseline_mode" != "run" ]] || die_usage "--candidate needs --baseline DIR or none: a fresh baseline run would not be made the way the given candidate was"
  candidate_dir="$(run_folder_in --candidate "$candidate_given")" || exit 3
fi

# The output folder: new or empty, never someone's older runs (they are not deleted, only refused).
[[ -n "$out" ]] || out="$PWD/reports/ci-$(date -u +%Y%m%d-%H%M%S)"
if [[ -e "$out" && -n "$(ls -A "$out" 2>/dev/null)" ]]; then
  die_usage "--out $out is not empty; give a new folder (CI: delete it before the build)"
fi
[[ $dry_run == 1 ]] || mkdir -p "$out"

echo "ci-compare: simulation $simulation_class, label $label, output in $out"

# ---------------------------------------------------------------------------------------------------
# One Maven step, killed with its forked JVMs after --step-timeout (GNU timeout signals its process group).
mvn_step() {
  if [[ $dry_run == 1 ]]; then
    printf '%q ' "$mvnw" -B -q "$@" | sed 's/ $//'
    echo
    return 0
  fi
  timeout --kill-after=30 "$step_timeout" "$mvnw" -B -q "$@"
}

# The run folder a run archived into a (fresh) reports dir, or nothing.
archived_run() {
  if [[ $dry_run == 1 ]]; then
    echo "$1/<date-time>-$2"
    return 0
  fi
  find "$1" -mindepth 2 -maxdepth 2 -name llm-summary.json -type f | sort | tail -n 1 | xargs -r dirname
}

# run <reports dir> <label> <extra -D options...>: one gatling:test; returns its exit status.
run_suite() {
  local reports="$1" run_label="$2"
  shift 2
  [[ $dry_run == 1 ]] || mkdir -p "$reports"
  echo "ci-compare: run '$run_label' -> $reports"
  # The user's options first, the script's own last: the last -D of a key wins.
  mvn_step gatling:test ${common_opts[@]+"${common_opts[@]}"} "$@" ${run_opts[@]+"${run_opts[@]}"} \
    "-Dllm.label=$run_label" "-Dllm.reportsDir=$reports"
}

runs_failed=0
# A path relative to the repository when it is inside it (Jenkins' publishHTML and junit want workspace paths).
repo_path() { [[ "$1" == "$PWD"/* ]] && echo "${1#"$PWD"/}" || echo "$1"; }
write_env() {
  {
    echo "RESULT=$1"
    echo "BASELINE_RUN=$(repo_path "$baseline_dir")"
    echo "CANDIDATE_RUN=$(repo_path "${candidate_dir:-}")"
    echo "COMPARE_HTML=$(repo_path "${compare_html:-}")"
    echo "COMPARE_JSON=$(repo_path "${compare_json:-}")"
    echo "COMPARE_JUNIT=$(repo_path "${compare_junit:-}")"
  } > "$out/ci-compare.env"
}
finish() {
  [[ $dry_run == 1 ]] && exit 0
  write_env "$1"
  case "$1" in
    0) echo "ci-compare: PASS" ;;
    1) echo "ci-compare: FAIL: the regression gate failed (see ${compare_html:-the compare page})" >&2 ;;
    2) echo "ci-compare: FAIL: a run failed (SLO assertion, error or timeout; see its log above)" >&2 ;;
    *) echo "ci-compare: FAIL: bad input (see above)" >&2 ;;
  esac
  exit "$1"
}

# 1. Baseline run (when no archived baseline was given).
if [[ "$baseline_mode" == "run" ]]; then
  status=0
  run_suite "$out/baseline" "$label-baseline" ${baseline_opts[@]+"${baseline_opts[@]}"} \
    ${baseline_seed[@]+"${baseline_seed[@]}"} || status=$?
  baseline_dir="$(archived_run "$out/baseline" "$label-baseline")"
  if [[ $status -ne 0 ]]; then
    echo "ci-compare: the baseline run failed (exit $status$([[ $status -eq 124 ]] && echo ', timed out'))" >&2
    runs_failed=1
  fi
  [[ -n "$baseline_dir" ]] || finish 2
fi

# 2. Candidate run, with the SLO assertions (unless a candidate run folder was given).
if [[ -z "$candidate_given" ]]; then
  status=0
  run_suite "$out/candidate" "$label" ${candidate_opts[@]+"${candidate_opts[@]}"} \
    ${candidate_seed[@]+"${candidate_seed[@]}"} ${assert_opts[@]+"${assert_opts[@]}"} || status=$?
  candidate_dir="$(archived_run "$out/candidate" "$label")"
  if [[ $status -ne 0 ]]; then
    echo "ci-compare: the candidate run failed (exit $status$([[ $status -eq 124 ]] && echo ', timed out'))" >&2
    runs_failed=1
  fi
else
  echo "ci-compare: candidate $candidate_dir (given, not run)"
fi
[[ -n "$candidate_dir" ]] || finish 2
[[ "$baseline_mode" == "none" ]] && finish $((runs_failed ? 2 : 0))

# 3. Compare candidate against baseline; with thresholds, the regression gate decides (exit 1).
compare_junit="$out/compare-junit.xml"
status=0
echo "ci-compare: compare $candidate_dir against baseline $baseline_dir"
mvn_step compile exec:java@compare ${gate_opts[@]+"${gate_opts[@]}"} "-Dcompare.runs=$baseline_dir,$candidate_dir" \
  "-Dcompare.out=$out" "-Dcompare.junit=$compare_junit" || status=$?
[[ $dry_run == 1 ]] && finish 0
compare_html="$(find "$out" -maxdepth 1 -name 'compare-*.html' | head -n 1)"
compare_json="$(find "$out" -maxdepth 1 -name 'compare-*.json' | head -n 1)"
[[ -f "$compare_junit" ]] || compare_junit=""

# 4. Exit code. compare exits 1 only for a failed gate (after writing its JSON and JUnit XML), 2 for bad
#    input; Maven itself exits 1 when it cannot build, which leaves no JSON.
if [[ $status -eq 1 && -n "$compare_json" && -n "$compare_junit" ]]; then
  finish 1
elif [[ $status -ne 0 || -z "$compare_json" ]]; then
  echo "ci-compare: the compare step failed (exit $status)" >&2
  finish 3
fi
finish $((runs_failed ? 2 : 0))
