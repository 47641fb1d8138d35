package io.github.sharedstate.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.sharedstate.GuardedValue;
import io.github.sharedstate.LockTimeoutException;
import java.time.Duration;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;
import org.openjdk.jcstress.infra.results.I_Result;

/**
 * Races on {@link GuardedValue}'s reader-biased read path. CI runs these three times: with the
 * default reader table, with {@code -Dio.github.sharedstate.readerCells=1} (every reader shares
 * one cell) and with {@code =0} (the fast path off).
 */
public final class ReadBiasStress {
  private ReadBiasStress() {}

  /** Two fields a writer always changes together. */
  public static final class Pair {
    int left;
    int right;
  }

  /** The pair's common value, or -1 if the read saw half a write. */
  static int whole(Pair p) {
    return p.left == p.right ? p.left : -1;
  }

  static void increment(GuardedValue<Pair> value) {
    value.modify(
        p -> {
          p.left++;
          p.right++;
        });
  }

  /**
   * After a write has turned the bias off, a reader reads twice: its first (slow) read may turn
   * the bias back on, so its second may be fast. Neither sees half a write, and the second never
   * sees an older value than the first.
   */
  @JCStressTest
  @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "both reads before the write")
  @Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "the write landed between the reads")
  @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "both reads after the write")
  @Outcome(id = "1, 0", expect = FORBIDDEN, desc = "the second read went back in time")
  @Outcome(expect = FORBIDDEN, desc = "a read saw half a write")
  @State
  public static class NoStaleReadAfterRebias {
    final GuardedValue<Pair> value = GuardedValue.of(new Pair());

    public NoStaleReadAfterRebias() {
      value.modify(p -> {}); // revokes the bias of the new value
    }

    @Actor
    public void writer() {
      increment(value);
    }

    @Actor
    public void reader(II_Result r) {
      r.r1 = value.read(ReadBiasStress::whole);
      r.r2 = value.read(ReadBiasStress::whole);
    }
  }

  /**
   * A writer reads its own value half-way through the write (a downgrade): that read must not
   * turn the bias back on, or the other reader could read fast in the middle of the write.
   */
  @JCStressTest
  @Outcome(id = "0", expect = ACCEPTABLE, desc = "read before the write")
  @Outcome(id = "1", expect = ACCEPTABLE, desc = "read after the write")
  @Outcome(expect = FORBIDDEN, desc = "read in the middle of the write")
  @State
  public static class DowngradedWriterExcludesReaders {
    final GuardedValue<Pair> value = GuardedValue.of(new Pair());

    @Actor
    public void writer() {
      value.modify(
          p -> {
            p.left = 1;
            value.read(q -> q.left);
            p.right = 1;
          });
    }

    @Actor
    public void reader(I_Result r) {
      r.r1 = value.read(ReadBiasStress::whole);
    }
  }

  /**
   * Two readers, the second of which then writes. With one reader cell they share it, and
   * neither may take the other's hold for its own re-entry: the first read still excludes the
   * write (a mistaken re-entry would let the write in, or fail the release).
   */
  @JCStressTest
  @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "the first read came before the write")
  @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "the first read came after the write")
  @Outcome(expect = FORBIDDEN, desc = "a read saw half a write")
  @State
  public static class ReadersSharingACellExcludeTheWriter {
    final GuardedValue<Pair> value = GuardedValue.of(new Pair());

    @Actor
    public void reader(II_Result r) {
      r.r1 = value.read(ReadBiasStress::whole);
    }

    @Actor
    public void readerThenWriter(II_Result r) {
      r.r2 = value.read(ReadBiasStress::whole);
      increment(value);
    }
  }

  /**
   * A reader re-enters its read while a writer may be revoking the bias and waiting for it: the
   * re-entry must not queue behind that writer (a deadlock would hang the test).
   */
  @JCStressTest
  @Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "the read came first")
  @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "the write came first")
  @Outcome(expect = FORBIDDEN, desc = "a read saw half a write, or the write was lost")
  @State
  public static class ReentrantReadDuringRevocationFinishes {
    final GuardedValue<Pair> value = GuardedValue.of(new Pair());

    @Actor
    public void reader(II_Result r) {
      r.r1 = value.read(p -> value.read(ReadBiasStress::whole));
    }

    @Actor
    public void writer() {
      increment(value);
    }

    @Arbiter
    public void arbiter(II_Result r) {
      r.r2 = value.read(ReadBiasStress::whole);
    }
  }

  /**
   * A writer with a zero timeout may find a fast reader inside and give up during the
   * revocation; it must then leave nothing held: a later write gets through.
   */
  @JCStressTest
  @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "the timed write got through")
  @Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "the timed write timed out, leaving nothing held")
  @Outcome(expect = FORBIDDEN, desc = "the lock stayed held, or a write was half seen")
  @State
  public static class TimedWriterExpiringDuringRevocationReleasesAll {
    final GuardedValue<Pair> value = GuardedValue.of(new Pair());

    @Actor
    public void reader() {
      value.read(ReadBiasStress::whole);
    }

    @Actor
    public void timedWriter(II_Result r) {
      try {
        value.tryWrite(
            Duration.ZERO,
            p -> {
              p.left++;
              p.right++;
              return p;
            });
        r.r1 = 1;
      } catch (LockTimeoutException e) {
        r.r1 = 0;
      } catch (InterruptedException e) {
        r.r1 = -2;
      }
    }

    @Arbiter
    public void arbiter(II_Result r) {
      try {
        value.tryWrite(Duration.ofSeconds(10), p -> p);
        r.r2 = whole(value.read(p -> p)) == r.r1 ? 1 : -1;
      } catch (LockTimeoutException | InterruptedException e) {
        r.r2 = 0;
      }
    }
  }
}
