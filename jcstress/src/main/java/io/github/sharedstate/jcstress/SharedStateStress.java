package io.github.sharedstate.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.sharedstate.GuardedValue;
import io.github.sharedstate.SharedState;
import io.github.sharedstate.StateKey;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/** Publication of a {@link SharedState}, and the minimal model it relies on. */
public final class SharedStateStress {
  private SharedStateStress() {}

  static final StateKey<int[]> SERVICE = StateKey.service("service");
  static final StateKey<GuardedValue<int[]>> VALUE = StateKey.guarded("value");

  /**
   * A state built on one thread and handed to another through a plain (racy) field is seen
   * whole: its entries and their initial contents, never a default.
   */
  @JCStressTest
  @Outcome(id = "-1, -1, -1", expect = ACCEPTABLE, desc = "the reference was not seen yet")
  @Outcome(id = "7, 42, 1", expect = ACCEPTABLE, desc = "the state was seen whole")
  @Outcome(expect = FORBIDDEN, desc = "saw a partly constructed state")
  @State
  public static class PublishedThroughPlainField {
    SharedState published; // deliberately neither volatile nor final

    @Actor
    public void builder() {
      published =
          SharedState.builder()
              .service(SERVICE, new int[] {7})
              .guarded(VALUE, new int[] {42})
              .build();
    }

    @Actor
    public void user(III_Result r) {
      SharedState state = published;
      if (state == null) {
        r.r1 = -1;
        r.r2 = -1;
        r.r3 = -1;
        return;
      }
      r.r1 = state.get(SERVICE)[0];
      r.r2 = state.get(VALUE).read(v -> v[0]);
      r.r3 = state.lockOrder().ranks().size();
    }
  }

  /** The model: an object whose state hangs off a final field is seen whole through a race. */
  @JCStressTest
  @Outcome(id = "-1, -1, -1", expect = ACCEPTABLE, desc = "the reference was not seen yet")
  @Outcome(id = "7, 42, 1", expect = ACCEPTABLE, desc = "seen whole")
  @Outcome(expect = FORBIDDEN, desc = "final-field semantics broken")
  @State
  public static class FinalFieldModel {
    static final class Holder {
      final int[] fields;

      Holder() {
        int[] f = new int[3];
        f[0] = 7;
        f[1] = 42;
        f[2] = 1;
        this.fields = f;
      }
    }

    Holder published;

    @Actor
    public void builder() {
      published = new Holder();
    }

    @Actor
    public void user(III_Result r) {
      Holder h = published;
      if (h == null) {
        r.r1 = -1;
        r.r2 = -1;
        r.r3 = -1;
        return;
      }
      r.r1 = h.fields[0];
      r.r2 = h.fields[1];
      r.r3 = h.fields[2];
    }
  }
}
