package io.github.sharedstate.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The exclusive holder's wait record belongs to one write acquisition, the one that waited. */
final class StatsTest {

  @Test
  void aHolderThatTookTheLockAtOnce_waitedNothing() {
    Stats stats = new Stats();
    stats.write();
    assertEquals(0, stats.holderWait());
  }

  @Test
  void theRecordIsTheHoldersOwn_andStaleOnceTheNextAcquisitionIsCounted() {
    Stats stats = new Stats();
    stats.write();
    stats.holderWaited(500);
    stats.write();
    assertEquals(500, stats.holderWait(), "the holder that waited");
    assertEquals(500, stats.holderWait(), "reading the record does not consume it");

    stats.write(); // the next holder took the lock at once: no release cleared the record
    assertEquals(0, stats.holderWait(), "the next holder, which did not wait");

    stats.holderWaited(70);
    stats.write();
    assertEquals(70, stats.holderWait(), "a later holder that waited");
    assertEquals(4, stats.snapshot(0).writeAcquisitions(), "the record counts nothing itself");
  }
}
