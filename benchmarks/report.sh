#!/usr/bin/env bash
# Builds the benchmark jar and runs every suite, then writes benchmark-results/ (or the folder
# given): JMH JSON per run, report.md (scores, errors, ratios to the baselines of the same run,
# targets met or not) and PNG charts.
#   benchmarks/report.sh            default profile: 2 forks x (2 warm-up + 3 measured 1 s iterations), about 36 minutes on 2 cores
#   benchmarks/report.sh --full     more forks and iterations, for publishable numbers
#   benchmarks/report.sh --smoke    one short iteration of everything (CI)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests -pl benchmarks -am package
exec java -cp benchmarks/target/benchmarks.jar io.github.sharedstate.benchmarks.BenchmarkReport "$@"
