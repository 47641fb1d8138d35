package io.github.sharedstate.benchmarks.paired;

import java.time.Duration;
import java.util.List;

/**
 * How long a paired run goes: the window each side runs per round, the warm-up rounds, the
 * rounds measured, and in how many JVMs. A run measures {@code minRounds}; while its verdict is
 * undecided it goes on in steps of {@code checkEvery} rounds, up to {@code maxRounds}. A forked
 * run repeats that in {@code jvms} JVMs one after another: each JVM compiles the pair its own way,
 * and JVMs can differ by more than the rounds of one JVM vary (see {@link PairedResult#ofJvms}).
 *
 * @param name the profile's name in the report
 * @param window how long each side runs in each round
 * @param warmupRounds rounds run and discarded first (both sides, alternated as measured rounds)
 * @param minRounds rounds measured before the first verdict; at least 6, the fewest that give a 95%
 *     interval for the median
 * @param maxRounds the most rounds measured while the verdict is undecided
 * @param checkEvery rounds between two looks at the verdict after {@code minRounds}
 * @param jvms the JVMs a forked run measures each pair in, one after another
 */
public record Profile(
    String name,
    Duration window,
    int warmupRounds,
    int minRounds,
    int maxRounds,
    int checkEvery,
    int jvms) {

  /** CI: proves that every pair runs, in about a second each; measures nothing. */
  public static final Profile SMOKE = new Profile("smoke", Duration.ofMillis(20), 2, 8, 8, 1, 1);

  /**
   * The report's default: in each of 2 JVMs, 300 ms windows, 30 rounds, up to 60 while undecided,
   * looking at 30 and 60.
   */
  public static final Profile DEFAULT =
      new Profile("default", Duration.ofMillis(300), 4, 30, 60, 30, 2);

  /** More: in each of 3 JVMs, 60 rounds, up to 120 while undecided, looking at 60 and 120. */
  public static final Profile FULL =
      new Profile("full", Duration.ofMillis(300), 6, 60, 120, 60, 3);

  /**
   * Checks the settings.
   *
   * @throws IllegalArgumentException if the window is not positive, {@code minRounds} is below 6 or
   *     above {@code maxRounds}, {@code warmupRounds} is negative, or {@code checkEvery} or {@code
   *     jvms} below 1
   */
  public Profile {
    int fewest = MedianInterval.minimumSize(PairedRunner.LEVEL);
    if (window.isNegative() || window.isZero() || window.toMillis() < 1) {
      throw new IllegalArgumentException("window must be at least 1 ms: " + window);
    }
    if (minRounds < fewest || maxRounds < minRounds || warmupRounds < 0 || checkEvery < 1) {
      throw new IllegalArgumentException(
          "rounds: need " + fewest + " <= min <= max, warm-up >= 0, check-every >= 1: " + this);
    }
    if (jvms < 1) {
      throw new IllegalArgumentException("jvms must be at least 1: " + this);
    }
  }

  /**
   * {@return the profile of that name: smoke, default or full}
   *
   * @throws IllegalArgumentException for any other name
   */
  public static Profile named(String name) {
    for (Profile p : List.of(SMOKE, DEFAULT, FULL)) {
      if (p.name().equals(name)) {
        return p;
      }
    }
    throw new IllegalArgumentException("no profile " + name + "; smoke, default or full");
  }

  /** {@return this profile with another window} */
  public Profile withWindow(Duration newWindow) {
    return new Profile(name, newWindow, warmupRounds, minRounds, maxRounds, checkEvery, jvms);
  }

  /** {@return this profile with other round counts} */
  public Profile withRounds(int newWarmup, int newMin, int newMax) {
    return new Profile(name, window, newWarmup, newMin, newMax, checkEvery, jvms);
  }

  /** {@return this profile looking at the verdict every {@code newCheckEvery} rounds} */
  public Profile withCheckEvery(int newCheckEvery) {
    return new Profile(name, window, warmupRounds, minRounds, maxRounds, newCheckEvery, jvms);
  }

  /** {@return this profile measuring each pair in {@code newJvms} JVMs} */
  public Profile withJvms(int newJvms) {
    return new Profile(name, window, warmupRounds, minRounds, maxRounds, checkEvery, newJvms);
  }

  /**
   * {@return the longest a pair can take in one JVM with this profile, in seconds: every warm-up
   * and measured round at the most rounds, two windows each, without the JVM's start}
   */
  public double maxSeconds() {
    return (warmupRounds + maxRounds) * 2 * window.toMillis() / 1_000.0;
  }

  /** {@return the command-line options that give this profile to another JVM} */
  List<String> toArgs() {
    return List.of(
        "--profile",
        name,
        "--window-ms",
        Long.toString(window.toMillis()),
        "--warmup",
        Integer.toString(warmupRounds),
        "--rounds",
        minRounds + "-" + maxRounds,
        "--check-every",
        Integer.toString(checkEvery));
  }

  /** {@return the settings in words, for the report} */
  String describe() {
    String rounds =
        minRounds == maxRounds
            ? Integer.toString(minRounds)
            : minRounds
                + " (up to "
                + maxRounds
                + " while undecided, looking every "
                + checkEvery
                + ")";
    return String.format(
        "`%s`: %d JVM%s per pair, each %d ms windows, %d warm-up round%s, %s rounds",
        name,
        jvms,
        jvms == 1 ? "" : "s",
        window.toMillis(),
        warmupRounds,
        warmupRounds == 1 ? "" : "s",
        rounds);
  }
}
