#!/usr/bin/env bash
# Builds the benchmark jar and runs every suite, then every pair of the paired runner, and writes
# benchmark-results/ (or the folder given): JMH JSON per run, report.md (scores, errors, ratios to
# the baselines of the same run, targets met or not, the paired runs), paired.md (median paired
# ratio, 95% interval, verdict per pair) and PNG charts.
#   benchmarks/report.sh            default profile: 2 forks x (2 warm-up + 3 measured 1 s iterations), about 36 minutes on 2 cores,
#                                   then 30-60 alternated rounds of 300 ms windows per pair (up to ~3.5 minutes)
#   benchmarks/report.sh --full     more forks, iterations and rounds, for publishable numbers
#   benchmarks/report.sh --smoke    one short iteration of everything and a few 20 ms rounds per pair (CI)
#   benchmarks/report.sh --paired   the paired runner only (with --smoke or --full too)
# Two builds of the library, one pair, alternated (no JMH):
#   java -cp benchmarks/target/benchmarks.jar io.github.sharedstate.benchmarks.paired.PairedRunner \
#     --builds NEW.jar OLD.jar --pair exclusive.with [--target '<=1.02']
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests -pl benchmarks -am package
exec java -cp benchmarks/target/benchmarks.jar io.github.sharedstate.benchmarks.BenchmarkReport "$@"
