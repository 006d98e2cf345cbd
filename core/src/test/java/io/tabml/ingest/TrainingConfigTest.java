package io.tabml.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tabml.testing.SampleData;
import org.junit.jupiter.api.Test;

class TrainingConfigTest {
    @Test
    void fillsDefaultsForMissingKeys() {
        TrainingConfig config = TrainingConfig.parse(SampleData.csv("{\"positiveClass\": \"yes\"}"));
        assertEquals("target", config.targetColumn());
        assertEquals("yes", config.positiveClass());
        assertEquals(42L, config.seed());
    }

    @Test
    void rejectsUnknownKeysAndBadJsonWithAMessage() {
        var unknown = assertThrows(DatasetRejectedException.class, () -> TrainingConfig.parse(SampleData.csv("{\"tagret\": \"y\"}")));
        assertEquals("invalid_config", unknown.code());
        assertTrue(unknown.getMessage().contains("tagret"), unknown.getMessage());
        assertEquals("invalid_config", assertThrows(DatasetRejectedException.class,
                () -> TrainingConfig.parse(SampleData.csv("{not json"))).code());
    }

    @Test
    void fingerprintChangesWithTheSettings() {
        assertEquals(TrainingConfig.DEFAULTS.fingerprint(), new TrainingConfig(null, null, null).fingerprint());
        assertNotEquals(TrainingConfig.DEFAULTS.fingerprint(), new TrainingConfig("target", null, 7L).fingerprint());
    }
}
