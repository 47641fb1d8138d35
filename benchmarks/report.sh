#!/usr/bin/env bash
# Builds the benchmark jar, runs the JMH rows that the speed targets and charts use, then every pair
# of the paired runner, decides every target, and writes benchmark-results/ (or the folder given):
# report.md (machine, budget, verdict table with intervals, paired runs, JMH rows), paired.md, the
# JMH JSON, read-scaling.png and targets.png. The budget is printed first.
#   benchmarks/report.sh            default profile: 33 JMH benchmarks x 3 forks x (2 warm-up + 5 measured
#                                   1 s iterations), ~14 min, then 18 pairs, each in 2 JVMs of 30-60 alternated
#                                   rounds of 300 ms windows, at most ~24 min: at most ~39 min on 2 cores
#   benchmarks/report.sh --full     every JMH row of every suite, more iterations and rounds
#   benchmarks/report.sh --smoke    a few short iterations and rounds of everything, charts drawn (CI, ~30 s)
#   benchmarks/report.sh --paired   the paired runner only (with --smoke or --full too)
# Two builds of the library, one pair, alternated (no JMH):
#   java -cp benchmarks/target/benchmarks.jar io.github.sharedstate.benchmarks.paired.PairedRunner \
#     --builds NEW.jar OLD.jar --pair exclusive.with [--target '<=1.02']
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests -pl benchmarks -am package
exec java -cp benchmarks/target/benchmarks.jar io.github.sharedstate.benchmarks.BenchmarkReport "$@"
