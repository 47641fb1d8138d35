package io.github.sharedstate.benchmarks.paired;

import java.util.Locale;

/**
 * A speed target on a ratio candidate / baseline: at most a limit (a cost ratio such as {@code <=
 * 1.10}) or at least one (a throughput ratio such as {@code >= 0.95}).
 *
 * @param limit the ratio's limit, positive
 * @param atLeast {@code true} when the ratio must be at least the limit, {@code false} when at most
 */
public record Target(double limit, boolean atLeast) {
  /**
   * Checks the limit.
   *
   * @throws IllegalArgumentException if {@code limit} is not a positive number
   */
  public Target {
    if (!(limit > 0) || Double.isInfinite(limit)) {
      throw new IllegalArgumentException("limit must be a positive number: " + limit);
    }
  }

  /** {@return a target the ratio meets when it is at most {@code limit}} */
  public static Target atMost(double limit) {
    return new Target(limit, false);
  }

  /** {@return a target the ratio meets when it is at least {@code limit}} */
  public static Target atLeast(double limit) {
    return new Target(limit, true);
  }

  /**
   * Reads a target written as {@link #toString()} writes it: {@code <=1.10} or {@code >=0.95}
   * (spaces and a trailing {@code x} allowed).
   *
   * @throws IllegalArgumentException if the text is neither
   */
  public static Target parse(String text) {
    String t = text.replace(" ", "").replaceFirst("x$", "");
    if (t.startsWith("<=")) {
      return atMost(Double.parseDouble(t.substring(2)));
    }
    if (t.startsWith(">=")) {
      return atLeast(Double.parseDouble(t.substring(2)));
    }
    throw new IllegalArgumentException("a target is <=LIMIT or >=LIMIT: " + text);
  }

  /** {@return the target as {@code <= 1.10} or {@code >= 0.95}} */
  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%s %.2f", atLeast ? ">=" : "<=", limit);
  }
}
