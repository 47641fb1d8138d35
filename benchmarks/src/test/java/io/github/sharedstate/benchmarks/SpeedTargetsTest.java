package io.github.sharedstate.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sharedstate.benchmarks.paired.MedianInterval;
import io.github.sharedstate.benchmarks.paired.Pair;
import io.github.sharedstate.benchmarks.paired.PairedResult;
import io.github.sharedstate.benchmarks.paired.Pairs;
import io.github.sharedstate.benchmarks.paired.RatioKind;
import io.github.sharedstate.benchmarks.paired.Verdict;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

final class SpeedTargetsTest {
  @Test
  void everyPairedTarget_isATargetOfItsPair_soTheRunnerDecidesIt() {
    for (SpeedTargets.SpeedTarget t : SpeedTargets.ALL) {
      if (t.method() == SpeedTargets.Method.PAIRED) {
        Pair pair = Pairs.named(t.pair());
        assertTrue(pair.targets().contains(t.target()), t + " is not among " + pair.targets());
      }
    }
  }

  @Test
  void everyPair_hasItsTargetsInTheList() {
    Set<String> listed = new HashSet<>();
    for (SpeedTargets.SpeedTarget t : SpeedTargets.ALL) {
      listed.add(t.pair() + " " + t.target());
    }
    for (Pair pair : Pairs.ALL) {
      pair.targets().forEach(t -> assertTrue(listed.contains(pair.name() + " " + t), pair + " " + t));
    }
  }

  @Test
  void everyJmhTarget_usesRowsTheDefaultProfileRuns() {
    Set<String> keys = new HashSet<>();
    for (BenchmarkReport.Run run : BenchmarkReport.DEFAULT_RUNS) {
      for (String method : run.methods()) {
        keys.add(run.suite() + "." + method + "@" + run.setting());
      }
    }
    for (SpeedTargets.SpeedTarget t : SpeedTargets.ALL) {
      if (t.method() == SpeedTargets.Method.JMH) {
        for (String row : List.of(t.benchmark(), t.baseline())) {
          // group rows are named by member; the run lists the group, whose name starts the member's
          String plain = row.substring(0, row.indexOf('@')).replace("·p99", "");
          boolean found =
              keys.stream()
                  .anyMatch(
                      k ->
                          plain.startsWith(k.substring(0, k.indexOf('@')))
                              && row.contains(k.substring(k.indexOf('@') + 1)));
          assertTrue(found, row + " of " + t.what() + " is not run by the default profile");
        }
      }
    }
  }

  @Test
  void decide_pairedAndJmh_givesEachTargetOneVerdict() {
    Map<String, Measurement> scores = new HashMap<>();
    put(scores, SpeedTargets.s("guardedRead", "2 threads"), 21, 20.5, 21.5, 20.8, 21.2, 21);
    put(scores, SpeedTargets.s("guardedRead", "1 thread"), 10, 10.2, 9.8, 10.1, 9.9, 10);
    PairedResult with =
        new PairedResult(
            "exclusive.with",
            "",
            RatioKind.COST,
            1,
            30,
            17,
            16,
            new MedianInterval(1.05, 1.03, 1.07, 0.957, 30),
            Optional.empty());
    List<SpeedTargets.Decided> decided = SpeedTargets.decide(scores, List.of(with));
    assertEquals(SpeedTargets.ALL.size(), decided.size());
    SpeedTargets.Decided scaling = find(decided, "GuardedValue.read 2 threads at least 1.8x");
    assertEquals(Verdict.MET, scaling.verdict(), scaling.toString());
    assertTrue(scaling.low() > 1.8 && scaling.high() < 2.3, scaling.toString());
    assertEquals("6 x 6 iterations", scaling.basis());
    SpeedTargets.Decided exclusive = find(decided, "unranked with at most 1.10x ReentrantLock");
    assertEquals(Verdict.MET, exclusive.verdict());
    assertEquals(1.05, exclusive.ratio(), 1e-12);
    SpeedTargets.Decided missing = find(decided, "learned pair (known edges)");
    assertEquals(Verdict.UNDECIDED, missing.verdict());
    assertEquals("not measured", missing.basis());
    String table = ReportTables.verdicts(decided);
    assertTrue(table.contains("2 met, 0 not met, " + (decided.size() - 2) + " undecided"), table);
  }

  private static void put(Map<String, Measurement> scores, String key, double... samples) {
    String suite = key.substring(0, key.indexOf('.'));
    String name = key.substring(key.indexOf('.') + 1, key.indexOf('@'));
    String setting = key.substring(key.indexOf('@') + 1);
    List<Double> list = java.util.Arrays.stream(samples).boxed().toList();
    scores.put(key, new Measurement(suite, name, setting, samples[0], 0, "ops/us", list));
  }

  private static SpeedTargets.Decided find(List<SpeedTargets.Decided> decided, String what) {
    return decided.stream()
        .filter(d -> d.target().what().contains(what))
        .findFirst()
        .orElseThrow();
  }
}
