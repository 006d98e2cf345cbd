package io.tabml.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
    void idsMadeInOneMillisecondAreDistinct() {
        PredictionIds ids = new PredictionIds(Clock.fixed(NOW, ZoneOffset.UTC));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) assertTrue(seen.add(ids.next()));
    }

    @Test
    void theIdsOfAPageShareItsTimeAndPartAndNumberTheirSlot() {
        String page = new PredictionIds(Clock.systemUTC()).newPage(NOW).toString();

        assertEquals(page, PredictionIds.page(page));
        assertEquals(0, PredictionIds.slot(page));
        for (int slot : new int[] {1, 99, (1 << PredictionIds.SLOT_BITS) - 1}) {
            String id = PredictionIds.inPage(page, slot);
            assertEquals(26, id.length());
            assertEquals(Optional.of(id), PredictionIds.canonical(id));
            assertEquals(page, PredictionIds.page(id));
            assertEquals(slot, PredictionIds.slot(id));
            assertEquals(NOW, PredictionIds.time(id));
        }
        assertNotEquals(PredictionIds.page(page), new PredictionIds(Clock.systemUTC()).newPage(NOW).toString(), "pages of one millisecond differ");
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
}
