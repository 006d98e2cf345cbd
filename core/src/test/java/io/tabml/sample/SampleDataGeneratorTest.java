package io.tabml.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tabml.ingest.DatasetSummary;
import io.tabml.ingest.DatasetValidator;
import io.tabml.testing.SampleData;
import io.tabml.training.TrainingConfig;
import java.io.ByteArrayInputStream;
import org.junit.jupiter.api.Test;

class SampleDataGeneratorTest {
    @Test
    void isTheSameForTheSameSeed() {
        assertArrayEquals(SampleData.damageIncidence(500, 9), SampleData.damageIncidence(500, 9));
    }

    @Test
    void hasAboutTenPercentPositivesAndSomeMissingValues() {
        byte[] csv = SampleData.damageIncidence(5000, 7);
        DatasetSummary summary = new DatasetValidator(Long.MAX_VALUE).validate(new ByteArrayInputStream(csv), TrainingConfig.DEFAULTS.target());
        double positives = summary.classCounts().get("yes") / (double) summary.rows();
        assertTrue(positives > 0.06 && positives < 0.14, "positive rate " + positives);
        assertEquals(12, summary.columns().size());
        String text = new String(csv, java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(text.contains(",,") || text.contains(",NA,"), "some values are missing");
    }
}
