package io.tabml.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tabml.storage.Json;
import io.tabml.testing.SampleData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerMainTest {
    @TempDir
    Path dir;

    @Test
    void writesArtifactReportAndFinalProgress() throws IOException {
        Path data = Files.write(dir.resolve("data.csv"), SampleData.damageIncidence(800, 3));
        Path out = dir.resolve("out");
        Path config = Files.write(dir.resolve("config.json"), SampleData.csv("{\"algorithms\": [\"logistic-regression\"]}"));
        int code = TrainerMain.run(new String[] {"--data", data.toString(), "--config", config.toString(), "--out", out.toString()});
        assertEquals(TrainerMain.EXIT_OK, code);
        TrainingReport report = Json.read(out.resolve(StagingArea.REPORT_FILE), TrainingReport.class);
        assertEquals(800, report.rows());
        assertTrue(report.metrics().rocAuc() > 0.5);
        byte[] model = Files.readAllBytes(out.resolve(StagingArea.MODEL_FILE));
        assertEquals(report.schema(), ModelArtifact.deserialize(model, io.tabml.storage.Sha256.of(model)).schema());
        TrainingProgress progress = Json.read(out.resolve(StagingArea.PROGRESS_FILE), TrainingProgress.class);
        assertEquals(new TrainingProgress("done", 100, progress.updatedAt()), progress);
        assertFalse(Files.exists(out.resolve(StagingArea.FAILURE_FILE)));
    }

    @Test
    void exitsWithRejectedAndAReasonForAnUnusableDataset() throws IOException {
        Path data = Files.write(dir.resolve("data.csv"), SampleData.csv("x,target\n" + "1,a\n".repeat(30)));
        Path out = dir.resolve("out");
        assertEquals(TrainerMain.EXIT_REJECTED, TrainerMain.run(new String[] {"--data", data.toString(), "--out", out.toString()}));
        TrainingFailure failure = Json.read(out.resolve(StagingArea.FAILURE_FILE), TrainingFailure.class);
        assertTrue(failure.rejected());
        assertEquals("single_class", failure.code());
        assertFalse(Files.exists(out.resolve(StagingArea.MODEL_FILE)));
    }

    @Test
    void readsTheDatasetFromABlobUrl() throws IOException {
        var blobs = io.tabml.testing.Azurite.shared().blobStore();
        String path = "trainer-url/" + java.util.UUID.randomUUID() + ".csv";
        blobs.write("datasets", path, SampleData.damageIncidence(400, 8));
        // Azurite's container is private: a SAS URL, as a backend would hand the trainer
        var blob = new com.azure.storage.blob.BlobClientBuilder()
                .connectionString(io.tabml.testing.Azurite.shared().connectionString()).containerName("datasets").blobName(path)
                .httpClient(new com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder().build()).buildClient();
        String sas = blob.generateSas(new com.azure.storage.blob.sas.BlobServiceSasSignatureValues(
                java.time.OffsetDateTime.now().plusMinutes(5), new com.azure.storage.blob.sas.BlobSasPermission().setReadPermission(true)));
        Path out = dir.resolve("out");
        int code = TrainerMain.run(new String[] {"--data", blob.getBlobUrl() + "?" + sas, "--out", out.toString(),
                "--config", Files.write(dir.resolve("c.json"), SampleData.csv("{\"algorithms\": [\"logistic-regression\"]}")).toString()});
        assertEquals(TrainerMain.EXIT_OK, code);
        assertEquals(400, Json.read(out.resolve(StagingArea.REPORT_FILE), TrainingReport.class).rows());
    }

    @Test
    void exitsWithUsageForMissingArguments() {
        assertEquals(TrainerMain.EXIT_USAGE, TrainerMain.run(new String[] {"--data"}));
        assertEquals(TrainerMain.EXIT_USAGE, TrainerMain.run(new String[] {"--data", "x.csv"}));
    }
}
