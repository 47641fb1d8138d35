package io.github.sharedstate.benchmarks.paired;

/**
 * What an interval says about a target: decided only when the whole interval is on one side of the
 * limit.
 */
public enum Verdict {
  /** The whole interval is on the target's side of the limit (the limit itself included). */
  MET,
  /** The whole interval is on the wrong side of the limit. */
  NOT_MET,
  /** The interval straddles the limit: these rounds cannot tell. */
  UNDECIDED;

  /**
   * {@return the verdict of {@code interval} on {@code target}}
   *
   * @param interval the ratio's interval
   * @param target the target on the ratio
   */
  public static Verdict of(MedianInterval interval, Target target) {
    return of(interval.low(), interval.high(), target);
  }

  /**
   * {@return the verdict of the interval {@code [low, high]} on {@code target}; an interval with
   * a NaN end decides nothing}
   *
   * @param low the interval's lower end
   * @param high the interval's upper end
   * @param target the target on the ratio
   */
  public static Verdict of(double low, double high, Target target) {
    if (Double.isNaN(low) || Double.isNaN(high)) {
      return UNDECIDED;
    }
    double limit = target.limit();
    boolean met = target.atLeast() ? low >= limit : high <= limit;
    boolean missed = target.atLeast() ? high < limit : low > limit;
    return met ? MET : missed ? NOT_MET : UNDECIDED;
  }

  /** {@return the verdict as the report prints it: met, NOT MET, undecided} */
  public String label() {
    switch (this) {
      case MET:
        return "met";
      case NOT_MET:
        return "NOT MET";
      default:
        return "undecided";
    }
  }
}
