package io.tabml.orchestration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tabml.errors.InvalidInputException;
import io.tabml.ingest.DatasetLayout;
import io.tabml.jobs.JobStore;
import io.tabml.jobs.LocalProcessBackend;
import io.tabml.registry.ModelRegistry;
import io.tabml.registry.QualityGate;
import io.tabml.storage.BlobStore;
import io.tabml.storage.Sha256;
import io.tabml.testing.Azurite;
import io.tabml.testing.SampleData;
import io.tabml.training.TrainingConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model's training settings through the uploads service, on Azurite. */
class DatasetUploadsTest {
    @TempDir
    Path state;

    BlobStore blobs;
    DatasetIngestion ingestion;
    DatasetUploads uploads;
    String model;

    @BeforeEach
    void wire() {
        blobs = Azurite.shared().blobStore();
        JobStore jobs = new JobStore(blobs);
        var registry = new ModelRegistry(blobs, new QualityGate(0.01), Clock.systemUTC());
        var runner = new JobRunner(jobs, new LocalProcessBackend(blobs, state, "-Xmx512m"), registry, Clock.systemUTC(), Duration.ofMinutes(5));
        ingestion = new DatasetIngestion(blobs, jobs, runner, registry, 10_000_000, Clock.systemUTC());
        uploads = new DatasetUploads(blobs, jobs, ingestion, 10_000_000, Clock.systemUTC());
        model = "config-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void validSettingsAreStoredAsWrittenAndTheSameDataThenMakesANewJob() {
        byte[] csv = SampleData.damageIncidence(100, 1);
        String before = ingestion.expectedJobId(model, Sha256.of(csv));
        assertEquals(TrainingConfig.DEFAULTS, uploads.config(model), "no stored file: the defaults");

        byte[] json = "{\"metric\": \"f1\", \"cvFolds\": 3}".getBytes(StandardCharsets.UTF_8);
        TrainingConfig saved = uploads.saveConfig(model, json);

        assertEquals("f1", saved.metric());
        assertEquals(saved, uploads.config(model));
        assertEquals(new String(json, StandardCharsets.UTF_8),
                new String(blobs.read(DatasetLayout.CONTAINER, DatasetLayout.configPath(model)).orElseThrow().value(), StandardCharsets.UTF_8));
        assertNotEquals(before, ingestion.expectedJobId(model, Sha256.of(csv)), "other settings, another job");
    }

    @Test
    void aDirectUploadUrlLetsItsHolderWriteThatOneBlobForAnHour() throws Exception {
        byte[] csv = SampleData.damageIncidence(50, 2);
        var receipt = uploads.directUpload(model, "big.csv", Sha256.of(csv));
        assertEquals(DatasetLayout.CONTAINER + "/" + model + "/big.csv", receipt.dataset());
        assertEquals(ingestion.expectedJobId(model, Sha256.of(csv)), receipt.jobId(), "the job the upload will start");
        assertTrue(receipt.expiresAt().isAfter(Instant.now().plus(Duration.ofMinutes(59))), receipt.toString());

        HttpClient http = HttpClient.newHttpClient();
        var put = http.send(HttpRequest.newBuilder(URI.create(receipt.uploadUrl())).header("x-ms-blob-type", "BlockBlob")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(csv)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, put.statusCode(), put.body());
        assertArrayEquals(csv, blobs.read(DatasetLayout.CONTAINER, model + "/big.csv").orElseThrow().value());
        // what the SAS grants, as Azure reads it (Azurite does not enforce every field): that blob (sr=b), create and write only
        var sas = java.util.Arrays.stream(URI.create(receipt.uploadUrl()).getRawQuery().split("&"))
                .collect(java.util.stream.Collectors.toMap(p -> p.substring(0, p.indexOf('=')), p -> p.substring(p.indexOf('=') + 1)));
        assertEquals("b", sas.get("sr"));
        assertEquals("cw", sas.get("sp"));
        assertTrue(receipt.uploadUrl().startsWith(blobs.url(DatasetLayout.CONTAINER, model + "/big.csv") + "?"), receipt.uploadUrl());

        var notAHash = assertThrows(InvalidInputException.class, () -> uploads.directUpload(model, "big", "abc"));
        assertEquals("invalid_sha256", notAHash.code());
    }

    @Test
    void invalidSettingsAreRefusedNamingEveryProblemAndNothingIsStored() {
        var refused = assertThrows(InvalidInputException.class,
                () -> uploads.saveConfig(model, "{\"cvFolds\": 1, \"metric\": \"speed\"}".getBytes(StandardCharsets.UTF_8)));
        assertEquals("invalid_config", refused.code());
        assertTrue(refused.getMessage().contains("cvFolds: must be between 2 and 10, got 1")
                && refused.getMessage().contains("metric: unknown 'speed'"), refused.getMessage());
        assertThrows(InvalidInputException.class, () -> uploads.saveConfig(model, "{\"colour\": 1}".getBytes(StandardCharsets.UTF_8)),
                "an unknown key");
        assertTrue(blobs.read(DatasetLayout.CONTAINER, DatasetLayout.configPath(model)).isEmpty());
    }
}
