#!/usr/bin/env bash
# Builds ctx4j and runs every benchmark (JMH workloads W1-W7b and W11 in one run, the mains W4, W6, W8, W10, W10b, W12,
# W13, W13b, and W9's javac timings), then writes benchmarks/RESULTS.md and benchmarks/ratios.svg. About 10 minutes on
# a 2-core VM.
#
#   benchmarks/run.sh                 # the full run (docs/benchmarks.md's settings); rewrites RESULTS.md and ratios.svg
#   benchmarks/run.sh quick           # shorter JMH iterations; writes benchmarks/target/quick/ instead
#   benchmarks/run.sh smoke           # every benchmark for a fraction of a second; writes benchmarks/target/smoke/
#   benchmarks/run.sh full 'W2|W7b'   # only the workloads whose id matches the regular expression
#   benchmarks/run.sh render          # measure nothing: rebuild RESULTS.md and ratios.svg from results.tsv and ANALYSIS.md
#   benchmarks/run.sh soak [SECONDS]  # the timer-lateness soak (default 120 s): prints the distribution, writes nothing;
#                                     # exits 1 if a timeout fired early or more than 1 s late
#
# Run it on an otherwise idle machine: other load skews absolute figures (the ratios, taken in one run, hold better).
set -euo pipefail
cd "$(dirname "$0")/.."

mode="${1:-full}"
workloads="${2:-}"
seconds=""
case "$mode" in
  full|quick|smoke|render) ;;
  soak) seconds="${2:-120}"; workloads="" ;;
  *) echo "usage: $0 [full|quick|smoke|render] [WORKLOADS-REGEX] | soak [SECONDS]" >&2; exit 2 ;;
esac

echo "== load average now: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)"
args=(-B -q -pl benchmarks -am -DskipTests package exec:exec -Dbench.skip=false "-Dbench.mode=$mode")
if [ -n "$workloads" ]; then
  args+=("-Dbench.workloads=$workloads")
fi
if [ -n "$seconds" ]; then
  args+=("-Dbench.seconds=$seconds")
fi
mvn "${args[@]}"
