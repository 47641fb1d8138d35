package io.github.sharedstate;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A snapshot of the contention profile (see {@link LockDiagnostics#contentionProfile()}): per
 * lock, the holders' code sites whose holds kept other threads waiting, and the waiting charged to
 * each. Immutable.
 */
public final class ContentionProfile {
  private final List<Entry> entries;
  private final int sampling;

  /**
   * A site's share of one lock's contention.
   *
   * @param lock the lock's (or value's) name
   * @param site the first frame outside the library in the releasing holder's stack
   * @param charged the waiting charged to the site in the sampled releases
   * @param releases the sampled contended releases at the site
   */
  public record Entry(String lock, String site, Duration charged, long releases) {
    /**
     * Checks the components.
     *
     * @param lock the lock's (or value's) name
     * @param site the first frame outside the library in the releasing holder's stack
     * @param charged the waiting charged to the site in the sampled releases
     * @param releases the sampled contended releases at the site
     * @throws NullPointerException if {@code lock}, {@code site} or {@code charged} is null
     */
    public Entry {
      Objects.requireNonNull(lock, "lock");
      Objects.requireNonNull(site, "site");
      Objects.requireNonNull(charged, "charged");
    }
  }

  /**
   * Creates a snapshot.
   *
   * @param entries the entries, sorted by lock and then by charged time, most first
   * @param sampling the sampling in force: one contended release in this many was charged
   */
  public ContentionProfile(List<Entry> entries, int sampling) {
    this.entries = List.copyOf(entries);
    this.sampling = sampling;
  }

  /** {@return the entries, by lock and then by charged time, most first} */
  public List<Entry> entries() {
    return entries;
  }

  /** {@return the sampling in force when the snapshot was taken: one release in this many} */
  public int sampling() {
    return sampling;
  }

  /**
   * Returns the profile as a text table, one row per lock and site, most charged first within a
   * lock: lock, charged time, sampled releases, site.
   *
   * @return the table, lines separated by {@code \n}
   */
  public String table() {
    String format = "%-20s %12s %9s  %s\n";
    StringBuilder table =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "contention charged to holders (sampled 1 in %d contended releases)\n",
                sampling));
    table.append(String.format(Locale.ROOT, format, "lock", "charged", "releases", "holder site"));
    for (Entry entry : entries) {
      table.append(
          String.format(
              Locale.ROOT,
              format,
              entry.lock(),
              formatTime(entry.charged()),
              entry.releases(),
              entry.site()));
    }
    return table.toString();
  }

  private static String formatTime(Duration time) {
    long micros = time.toNanos() / 1_000;
    return micros < 10_000 ? micros + " us" : (micros / 1_000) + " ms";
  }

  @Override
  public String toString() {
    return table();
  }
}
