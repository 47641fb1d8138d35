package io.github.sharedstate;

import io.github.sharedstate.internal.LockEngine;
import io.github.sharedstate.internal.LockOptions;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The options every value and lock builder shares (name, rank or order, fairness, and for
 * values poisoning), filled by the public builders so that each of them stays one line per option. Not thread-safe, like the
 * builders.
 */
final class ValueOptions {
  private @Nullable String name;
  private LockOrder.@Nullable Rank rank;
  private @Nullable LockOrder order;
  private boolean fair;
  private boolean poisonOnFailure = true;
  private @Nullable Duration longWait;

  void name(String name) {
    this.name = Objects.requireNonNull(name, "name");
  }

  void rank(LockOrder.Rank rank) {
    this.rank = Objects.requireNonNull(rank, "rank");
  }

  void order(LockOrder order) {
    this.order = Objects.requireNonNull(order, "order");
  }

  void fair(boolean fair) {
    this.fair = fair;
  }

  void longWaitThreshold(Duration threshold) {
    this.longWait = LockEngine.checkTimeout(threshold);
  }

  void poisonOnFailure(boolean poison) {
    this.poisonOnFailure = poison;
  }

  @Nullable String name() {
    return name;
  }

  LockOrder.@Nullable Rank rank() {
    return rank;
  }

  boolean fair() {
    return fair;
  }

  boolean poisonOnFailure() {
    return poisonOnFailure;
  }

  @Nullable LockOrder order() {
    return order;
  }

  /**
   * These options under another name and rank, the order kept: the options of one shard of a
   * sharded value. Without a rank the shard is a learned member of the order.
   */
  ValueOptions shard(String shardName, LockOrder.@Nullable Rank shardRank) {
    ValueOptions shard = new ValueOptions();
    shard.name(shardName);
    shard.rank = shardRank;
    shard.order = order;
    shard.fair(fair);
    shard.poisonOnFailure(poisonOnFailure);
    shard.longWait = longWait;
    return shard;
  }

  /**
   * The options of the value's lock.
   *
   * @param kind the value type's simple name, for generated names of unranked values
   * @throws IllegalArgumentException if the rank belongs to another order than the one given
   */
  LockOptions lock(String kind) {
    return LockOrder.options(rank, order, name, kind, fair, longWait);
  }
}
