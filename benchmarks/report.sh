#!/usr/bin/env bash
# Builds the benchmark jar and runs the report: JMH JSON + Markdown table with ratios to the
# baselines of the same run, written to benchmark-results/ (or the folder given).
#   benchmarks/report.sh            default profile (about 4 minutes on 2 cores)
#   benchmarks/report.sh --full     more forks and iterations, for publishable numbers
#   benchmarks/report.sh --smoke    one short iteration of everything (CI)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests -pl benchmarks -am package
exec java -cp benchmarks/target/benchmarks.jar io.github.sharedstate.benchmarks.BenchmarkReport "$@"
