package io.tabml.serving;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import io.tabml.errors.InvalidInputException;
import io.tabml.monitoring.LoggedPrediction;
import io.tabml.monitoring.PageBlock;
import io.tabml.monitoring.PredictionLog;
import io.tabml.monitoring.PredictionTable;
import io.tabml.registry.Lineage;
import io.tabml.registry.ModelRegistry;
import io.tabml.registry.QualityGate;
import io.tabml.storage.BlobStore;
import io.tabml.storage.Json;
import io.tabml.testing.Azurite;
import io.tabml.testing.SampleData;
import io.tabml.training.StagingArea;
import io.tabml.training.TrainerMain;
import io.tabml.training.TrainingConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every answer of predict carries prediction ids, and the log holds each prediction as the model read it. */
class PredictionLoggingTest {
    @TempDir
    static Path dir;

    static final String MODEL = "logged-" + UUID.randomUUID().toString().substring(0, 8);
    static ModelCache cache;
    static final PredictionTable table = Azurite.shared().predictionTable();

    @BeforeAll
    static void trainOneModel() throws Exception {
        BlobStore blobs = Azurite.shared().blobStore();
        ModelRegistry registry = new ModelRegistry(blobs, new QualityGate(1.0), Clock.systemUTC());
        String jobId = MODEL + "-1";
        Path data = Files.write(dir.resolve("data.csv"), SampleData.damageIncidence(300, 5));
        Path config = Files.write(dir.resolve("config.json"), SampleData.csv("{\"algorithms\": [\"logistic-regression\"], \"cvFolds\": 2}"));
        Path out = dir.resolve(jobId);
        assertEquals(TrainerMain.EXIT_OK, TrainerMain.run(new String[] {"--data", data.toString(), "--config", config.toString(),
                "--out", out.toString()}));
        for (String file : List.of(StagingArea.MODEL_FILE, StagingArea.REPORT_FILE)) {
            blobs.uploadFile(StagingArea.CONTAINER, jobId + "/" + file, out.resolve(file));
        }
        registry.register(MODEL, jobId, new Lineage(null, null, null, null, TrainingConfig.DEFAULTS, jobId, "local", null));
        cache = new ModelCache(registry, Clock.systemUTC(), Duration.ofMinutes(1));
    }

    private static PredictionLog log(PredictionTable table, int capacity) {
        return new PredictionLog(table, Clock.systemUTC(), 1.0, capacity, Duration.ofHours(1));
    }

    private static JsonNode json(String text) {
        return Json.read(text.getBytes(StandardCharsets.UTF_8), JsonNode.class);
    }

    static String row(int priorClaims, String creditScore) {
        return """
                {"age": 34, "region": "north", "vehicle_type": "suv", "vehicle_age_years": 6, "annual_mileage_km": 15000,
                 "prior_claims": %d, "credit_score": %s, "policy_type": "basic", "telematics": "no", "urban": true, "deductible": 500}
                """.formatted(priorClaims, creditScore);
    }

    @Test
    void aSingleRowAnswerCarriesAnIdUnderWhichTheLogHoldsTheRowAsTheModelReadIt() {
        try (PredictionLog log = log(table, 100)) {
            PredictionService service = new PredictionService(cache, log);

            PredictionResponse answer = service.predictOne(MODEL, null, json(row(1, "null")), new PredictionService.Options(false, false));
            log.flush();

            LoggedPrediction logged = table.find(MODEL, answer.predictionId()).orElseThrow();
            assertEquals(MODEL, logged.prediction().model());
            assertEquals(answer.version(), logged.prediction().version());
            assertEquals(answer.label(), logged.prediction().label());
            assertEquals(answer.probabilities().keySet(), logged.prediction().probabilities().keySet());
            answer.probabilities().forEach((label, p) -> assertEquals(p, logged.prediction().probabilities().get(label), 1e-7,
                    "logged as a float: seven digits"));
            assertEquals(1.0, logged.prediction().input().get("prior_claims"), "a number as the model read it");
            assertEquals("true", logged.prediction().input().get("urban"), "a JSON boolean as the category the model knows");
            assertTrue(logged.prediction().input().containsKey("credit_score"));
            assertNull(logged.prediction().input().get("credit_score"), "a missing value as missing");
        }
    }

    @Test
    void eachRowOfABatchHasItsOwnIdAndIsLogged() {
        try (PredictionLog log = log(table, 100)) {
            PredictionService service = new PredictionService(cache, log);

            PredictionResponse answer = service.predictBatch(MODEL, null, json("[" + row(0, "700") + "," + row(4, "500") + "]"),
                    new PredictionService.Options(false, false));
            log.flush();

            List<String> ids = answer.predictions().stream().map(Prediction::predictionId).toList();
            assertEquals(2, ids.stream().distinct().count());
            for (int i = 0; i < 2; i++) {
                assertEquals(answer.predictions().get(i).label(), table.find(MODEL, ids.get(i)).orElseThrow().prediction().label());
            }
            assertEquals(4.0, table.find(MODEL, ids.get(1)).orElseThrow().prediction().input().get("prior_claims"));
        }
    }

    @Test
    void aCsvBatchGetsAPredictionIdColumnAndARefusedCsvLogsNothing() {
        try (PredictionLog log = log(table, 1000)) {
            PredictionService service = new PredictionService(cache, log);
            byte[] csv = SampleData.damageIncidence(20, 9);

            String[] lines = new String(service.predictCsv(MODEL, null, csv), StandardCharsets.UTF_8).split("\r\n");
            log.flush();

            List<String> header = List.of(lines[0].split(","));
            int id = header.indexOf("predictionId");
            assertEquals(header.indexOf("prediction") - 1, id, "the id comes just before the prediction: " + header);
            for (int i = 1; i < lines.length; i++) {
                String[] cells = lines[i].split(",");
                assertEquals(cells[id + 1], table.find(MODEL, cells[id]).orElseThrow().prediction().label(), lines[i]);
            }
            long written = log.stats().written();

            String bad = new String(csv, StandardCharsets.UTF_8).replaceFirst("\n[^,]*,", "\nold,"); // the first row's age is not a number
            assertThrows(InvalidInputException.class, () -> service.predictCsv(MODEL, null, bad.getBytes(StandardCharsets.UTF_8)));
            log.flush();
            assertEquals(written, log.stats().written(), "the rows scored before the bad one are not logged: they were never answered");
        }
    }

    @Test
    void aFullLogDoesNotDelayTheAnswer() throws Exception {
        PredictionTable stuck = mock(PredictionTable.class);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger writing = new AtomicInteger();
        when(stuck.writeBlocks(any())).thenAnswer(call -> {
            writing.addAndGet(PageBlock.predictions(call.getArgument(0)));
            release.await(); // storage that does not answer
            return new PredictionTable.Written(0, 0, null);
        });
        PredictionLog log = log(stuck, 3);
        try {
            PredictionService service = new PredictionService(cache, log);
            StringBuilder rows = new StringBuilder("[");
            for (int i = 0; i < 10; i++) rows.append(i == 0 ? "" : ",").append(row(i % 3, "650"));

            PredictionResponse answer = service.predictBatch(MODEL, null, json(rows + "]"), new PredictionService.Options(false, false));

            assertEquals(10, answer.predictions().size(), "answered while storage hangs");
            assertEquals(7, log.stats().dropped());
            // a small queue is flushed from its first prediction on: the flusher may have taken some into its hanging write
            await().atMost(Duration.ofSeconds(5)).until(() -> log.stats().queued() + writing.get() == 3);
        } finally {
            release.countDown();
            log.close();
        }
    }
}
