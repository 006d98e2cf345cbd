package io.tabml.orchestration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tabml.ingest.DatasetLayout;
import io.tabml.storage.BlobStore;
import io.tabml.testing.SampleData;
import io.tabml.training.MonitoringSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Feedback made into a new dataset once enough has come, on Azurite with a real model and the real prediction table. */
class FeedbackRetrainingTest {
    static final Instant START = Instant.parse("2026-11-10T00:00:00Z");
    static final MonitoringSettings RETRAIN = new MonitoringSettings(null, null, null, null, null, true, 100, null);

    @TempDir
    static Path dir;

    static MonitoredModel fixture;
    static BlobStore blobs;
    static String model;

    @BeforeAll
    static void trainAndRegister() throws Exception {
        fixture = new MonitoredModel("retrain", dir);
        blobs = fixture.blobs;
        model = fixture.model;
    }

    private static FeedbackRetraining retraining() {
        return fixture.retraining();
    }

    /** An hour of predictions, {@code labelled} of them with their true class, judged as the monitoring job judges it. */
    private static void labelledHour(Instant hour, long seed, int rows, int labelled) {
        fixture.logHour(hour, seed, rows, labelled, UnaryOperator.identity());
        fixture.monitoring(hour.plus(Duration.ofHours(1))).judge(model, hour, hour.plus(Duration.ofHours(1)), change -> {});
    }

    @Test
    void enoughFeedbackBecomesADatasetAfterTheChampionsTrainingRowsTaggedAsFeedbackAndCountsFromThere() throws Exception {
        Instant now = START.plus(Duration.ofHours(2));
        labelledHour(START, 7, 120, 60);
        assertTrue(retraining().consider(model, RETRAIN, now).isEmpty(), "60 labelled, fewer than the 100 asked for");
        assertTrue(retraining().consider(model, MonitoringSettings.DEFAULTS, now).isEmpty(), "not asked for");

        labelledHour(START.plus(Duration.ofHours(1)), 8, 120, 60);
        var made = retraining().consider(model, RETRAIN, now).orElseThrow();
        assertEquals(120, made.labelled());
        assertEquals(1500 + 120, made.rows(), "the champion's training rows, then the labelled predictions");
        String path = made.dataset().substring(DatasetLayout.CONTAINER.length() + 1);
        assertEquals(DatasetLayout.feedbackDatasetPath(model, now), path);
        var stored = blobs.properties(DatasetLayout.CONTAINER, path).orElseThrow();
        assertEquals(DatasetLayout.FEEDBACK_ORIGIN, stored.metadata().get(DatasetLayout.ORIGIN_METADATA));
        List<String> lines = List.of(new String(blobs.read(DatasetLayout.CONTAINER, path).orElseThrow().value()).split("\r?\n"));
        assertEquals(new String(SampleData.damageIncidence(1, 1)).split("\n")[0], lines.get(0), "the training file's header");
        assertEquals(1 + 1500 + 120, lines.size());
        String lastRow = lines.get(lines.size() - 1);
        assertTrue(lastRow.endsWith(",yes") || lastRow.endsWith(",no"), "the true class in the target column: " + lastRow);

        assertTrue(retraining().consider(model, RETRAIN, now).isEmpty(), "counting starts again after what it made");

        // the labelled predictions alone, in the model's columns
        labelledHour(START.plus(Duration.ofHours(2)), 9, 150, 110);
        var alone = retraining().consider(model, new MonitoringSettings(null, null, null, null, null, true, 100, MonitoringSettings.FEEDBACK_ONLY),
                START.plus(Duration.ofHours(3))).orElseThrow();
        assertEquals(110, alone.rows());
        String header = new String(blobs.read(DatasetLayout.CONTAINER, alone.dataset().substring(DatasetLayout.CONTAINER.length() + 1))
                .orElseThrow().value()).split("\r?\n")[0];
        assertTrue(header.endsWith(",target") && header.startsWith(fixture.pipeline.schema().features().get(0).name() + ","), header);
    }
}
