#!/usr/bin/env bash
# Runs every Jazzer fuzz target in fuzzing mode, one Maven invocation per target (Jazzer fuzzes one
# target per JVM), each for the duration in its @FuzzTest(maxDuration = ...). Prints, per target,
# the executions done and whether it found anything; findings are written by Jazzer next to the
# seeds (src/test/resources/.../<Class>Inputs/<method>/crash-*), where they become regression inputs.
# Each run continues from the corpus the previous runs grew (MODULE/.cifuzz-corpus/, git-ignored), so
# ROUNDS=N fuzzes every target N times as long.
# DURATION=6s overrides every target's maxDuration (Jazzer's JAZZER_MAX_DURATION). ROTATE=N fuzzes
# only N of the targets, consecutive in the list below starting at ROTATE_SEED mod the target count
# (ROTATE_SEED defaults to the days since 1970, so a daily CI run covers every target in turn).
# On a finding it prints the reproducer files (crash-*, timeout-*, slow-unit-*) Jazzer wrote.
# Usage: [ROUNDS=N] [DURATION=6s] [ROTATE=N [ROTATE_SEED=S]] bench/fuzz.sh [TARGET_FILTER]
#   e.g. ROUNDS=20 bench/fuzz.sh npz;  DURATION=8s bench/fuzz.sh (what .ci/run does)
# Each run is `test-compile surefire:test@default-test`, not `test`: the engine's second Surefire
# execution (allocation-test) would otherwise take -Dtest too and fuzz the engine targets twice.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
filter="${1:-}"
rounds="${ROUNDS:-1}"
[[ -n "${DURATION:-}" ]] && export JAZZER_MAX_DURATION="$DURATION"
targets=(
  "engine orphic.engine.fuzz.EngineFormatsFuzzTest safetensors"
  "engine orphic.engine.fuzz.EngineFormatsFuzzTest npy"
  "engine orphic.engine.fuzz.EngineFormatsFuzzTest npz"
  "lm orphic.lm.fuzz.LmFormatsFuzzTest tokenizerJson"
  "lm orphic.lm.fuzz.LmFormatsFuzzTest configJson"
  "lm orphic.lm.fuzz.LmFormatsFuzzTest corpus"
  "lm orphic.lm.fuzz.LmFormatsFuzzTest hazeNpz"
  "workbench orphic.workbench.fuzz.ArchiveFuzzTest importArchive"
  "workbench orphic.workbench.lexicon.RegexKeyFuzzTest regexKey"
  "studio orphic.studio.web.ApiBodyFuzzTest requestBody"
)
if [[ -n "${ROTATE:-}" ]]; then
  n="${#targets[@]}"
  seed="${ROTATE_SEED:-$(($(date -u +%s) / 86400))}"
  picked=()
  for ((i = 0; i < ROTATE && i < n; i++)); do picked+=("${targets[$(((seed + i) % n))]}"); done
  targets=("${picked[@]}")
fi
marker="$(mktemp)"
trap 'rm -f "$marker"' EXIT
log_dir="${TMPDIR:-/tmp}/orphic-fuzz-logs"
mkdir -p "$log_dir"
status=0
for t in "${targets[@]}"; do
  read -r module class method <<<"$t"
  [[ -n "$filter" && "$class#$method" != *"$filter"* ]] && continue
  for ((round = 1; round <= rounds; round++)); do
    log="$log_dir/${class##*.}-$method.log"
    JAZZER_FUZZ=1 mvn -B -o -pl "$module" -am test-compile surefire:test@default-test -Dtest="$class#$method" -Dsurefire.failIfNoSpecifiedTests=false >"$log" 2>&1
    rc=$?
    runs="$(grep -ao 'Done [0-9]* runs in [0-9]* second' "$log" | tail -n 1)"
    [[ -z "$runs" ]] && runs="$(grep -ao '^#[0-9]*' "$log" | tail -n 1)"
    if [[ $rc -eq 0 ]]; then verdict=ok; else verdict="FAILED (see $log)"; status=1; fi
    printf '%-60s %-40s %s\n' "$class#$method" "$runs" "$verdict"
    if [[ $rc -ne 0 ]]; then
      find "$module/src/test/resources" "$module" -maxdepth 12 -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'slow-unit-*' \) \
        -newer "$marker" 2>/dev/null | sort -u | sed 's/^/  reproducer: /'
    fi
    [[ $rc -eq 0 ]] || break
  done
done
exit $status
