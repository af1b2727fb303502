#!/usr/bin/env bash
# Runs every fuzz target for a fixed time, one after another, at the lowest priority. Each target
# grows a working corpus in fuzz/runs/corpus/TARGET (seeded from fuzz/corpus/TARGET, not committed)
# and logs to fuzz/runs/TARGET.log; crashes and hangs land in fuzz/runs/artifacts/.
# Usage: bash fuzz/run_all.sh [SECONDS_PER_TARGET] (after `cmake --preset fuzz && cmake --build --preset fuzz`).
set -u
cd "$(dirname "$0")"
secs=${1:-900}
bin=../build/fuzz/fuzz
mkdir -p runs/artifacts
for t in markdown_epub markdown_layout book_yaml crisis_lines handout; do
  case $t in
    markdown_epub) dict=markdown; len=16384 ;;
    markdown_layout) dict=markdown; len=8192 ;;
    *) dict=yaml; len=4096 ;;
  esac
  mkdir -p runs/corpus/$t
  nice -n 19 "$bin/fuzz_$t" runs/corpus/$t corpus/$t -dict=dict/$dict.dict -max_total_time="$secs" -timeout=10 \
    -rss_limit_mb=2048 -max_len=$len -print_final_stats=1 -artifact_prefix=runs/artifacts/$t- \
    >runs/$t.log 2>&1
  echo "$t exit $?" >>runs/summary.txt
done
