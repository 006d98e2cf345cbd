package io.tabml.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PredictionIdsTest {
    private static final Instant NOW = Instant.parse("2026-11-30T09:59:59.999Z");

    @Test
    void anIdCarriesTheTimeOfItsPredictionAndHenceItsPartition() {
        String id = new PredictionIds(Clock.fixed(NOW, ZoneOffset.UTC)).next();

        assertEquals(26, id.length());
        assertEquals(NOW, PredictionIds.time(id));
        assertEquals("iris~2026113009", PredictionTable.partitionKey("iris", PredictionIds.time(id)));
    }

    @Test
    void idsMadeInOneMillisecondAreDistinctAndIncrease() {
        PredictionIds ids = new PredictionIds(Clock.fixed(NOW, ZoneOffset.UTC));
        String previous = ids.next();
        Set<String> seen = new HashSet<>(Set.of(previous));
        for (int i = 0; i < 10_000; i++) {
            String next = ids.next();
            assertTrue(next.compareTo(previous) > 0, next + " after " + previous);
            assertTrue(seen.add(next));
            previous = next;
        }
    }

    @Test
    void anIdIsReadInAnyCaseAndAnythingElseIsNotAnId() {
        String id = new PredictionIds(Clock.systemUTC()).next();

        assertEquals(Optional.of(id), PredictionIds.canonical(id.toLowerCase()));
        for (String notAnId : new String[] {"", "42", "not-a-prediction-id-at-all", id + "0", "8" + id.substring(1), "U" + id.substring(1)}) {
            assertEquals(Optional.empty(), PredictionIds.canonical(notAnId), notAnId);
        }
        assertEquals(Optional.empty(), PredictionIds.canonical(null));
    }

    @Test
    void samplingKeepsTheShareOfTheRateEvenAmongIdsOfOneMillisecond() {
        // one millisecond: the ids differ only by counting up, which the sampling must not follow
        PredictionIds ids = new PredictionIds(Clock.fixed(NOW, ZoneOffset.UTC));
        int kept = 0;
        int n = 20_000;
        for (int i = 0; i < n; i++) if (PredictionIds.sampled(ids.next(), 0.25)) kept++;

        // binomial: mean 5,000, standard deviation 61; 6 deviations either side
        assertTrue(Math.abs(kept - 5_000) < 370, kept + " of " + n + " kept at 0.25");
    }

    @Test
    void theSamplingOfAnIdIsTheSameEveryTimeAndTheExtremesAreExact() {
        String id = new PredictionIds(Clock.systemUTC()).next();
        boolean first = PredictionIds.sampled(id, 0.5);
        for (int i = 0; i < 5; i++) assertEquals(first, PredictionIds.sampled(id, 0.5));
        assertTrue(PredictionIds.sampled(id, 1.0));
        assertFalse(PredictionIds.sampled(id, 0.0));
    }
}
