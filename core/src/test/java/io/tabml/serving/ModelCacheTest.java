package io.tabml.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tabml.errors.NotFoundException;
import io.tabml.registry.Lineage;
import io.tabml.registry.ModelRegistry;
import io.tabml.registry.QualityGate;
import io.tabml.storage.BlobStore;
import io.tabml.testing.Azurite;
import io.tabml.testing.SampleData;
import io.tabml.training.StagingArea;
import io.tabml.training.TrainerMain;
import io.tabml.training.TrainingConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCacheTest {
    @TempDir
    Path dir;

    private final BlobStore blobs = Azurite.shared().blobStore();
    private final ModelRegistry registry = new ModelRegistry(blobs, new QualityGate(1.0), Clock.systemUTC());
    private final String model = "cache-" + UUID.randomUUID().toString().substring(0, 8);

    private void registerVersion(long seed) throws Exception {
        String jobId = model + "-" + seed;
        Path data = Files.write(dir.resolve(jobId + ".csv"), SampleData.damageIncidence(300, seed));
        Path config = Files.write(dir.resolve("config.json"), SampleData.csv("{\"algorithms\": [\"logistic-regression\"], \"cvFolds\": 2}"));
        Path out = dir.resolve(jobId);
        assertEquals(TrainerMain.EXIT_OK, TrainerMain.run(new String[] {"--data", data.toString(), "--config", config.toString(),
                "--out", out.toString()}));
        for (String file : List.of(StagingArea.MODEL_FILE, StagingArea.REPORT_FILE)) {
            blobs.uploadFile(StagingArea.CONTAINER, jobId + "/" + file, out.resolve(file));
        }
        registry.register(model, jobId, new Lineage(null, null, null, null, TrainingConfig.DEFAULTS, jobId, "local", null));
    }

    @Test
    void servesAPromotionAfterTheRefreshIntervalAndKeepsTheModelInMemoryBetween() throws Exception {
        registerVersion(1);
        registerVersion(2);
        registry.promote(model, 1, "test", registry.champion(model).orElseThrow().value().version());
        ModelCache cache = new ModelCache(registry, Clock.systemUTC(), Duration.ofMillis(200));
        var first = cache.champion(model);
        assertEquals(1, first.metadata().version());
        assertSame(first, cache.champion(model), "loaded once, then served from memory");

        registry.promote(model, 2, "newer", 1);
        Thread.sleep(300);
        assertEquals(2, cache.champion(model).metadata().version(), "the promotion is served after one refresh interval");
        assertEquals(1, cache.version(model, 1).metadata().version(), "a pinned version is still there");
    }

    @Test
    void anUnknownModelOrVersionIsNotFound() throws Exception {
        ModelCache cache = new ModelCache(registry, Clock.systemUTC(), Duration.ofSeconds(1));
        assertThrows(NotFoundException.class, () -> cache.champion(model));
        registerVersion(3);
        assertThrows(NotFoundException.class, () -> cache.version(model, 7));
    }
}
