package io.tabml.orchestration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tabml.ingest.DatasetLayout;
import io.tabml.jobs.JobStore;
import io.tabml.jobs.TrainingJob;
import io.tabml.storage.BlobStore;
import io.tabml.storage.Sha256;
import io.tabml.testing.Azurite;
import io.tabml.testing.EndToEnd;
import java.io.BufferedWriter;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The memory bound of ingestion: a dataset more than twice the size of the heap is validated and
 * fingerprinted in a child JVM with {@value #HEAP}, which only works if the file is read as a
 * stream. (Reading it whole, as the blob trigger's byte[] did, runs out of memory.)
 */
@EndToEnd
class LargeDatasetIngestionTest {
    private static final String HEAP = "-Xmx64m";
    private static final long FILE_BYTES = 150L << 20;

    @TempDir
    Path dir;

    @Test
    void aDatasetLargerThanTheHeapIsValidatedAndFingerprintedByStreaming() throws Exception {
        Azurite azurite = Azurite.shared();
        BlobStore blobs = azurite.blobStore();
        String model = "large-" + UUID.randomUUID().toString().substring(0, 8);
        String path = model + "/big.csv";
        Path file = dir.resolve("big.csv");
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("id,note,target\n");
            // every row the same class: refused as single_class, but only once the last row has been read
            for (long i = 0; Files.size(file) < FILE_BYTES || i % 100_000 != 0; i++) {
                out.write(i + ",a row of a dataset larger than the heap that reads it,yes\n");
                if (i % 100_000 == 0) out.flush();
            }
        }
        blobs.uploadFile(DatasetLayout.CONTAINER, path, file);

        Process child = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), HEAP,
                "-cp", System.getProperty("java.class.path"), IngestInSmallHeap.class.getName(), azurite.connectionString(), model, path))
                .redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(5, TimeUnit.MINUTES), "the child ended");

        assertEquals(0, child.exitValue(), output);
        assertTrue(output.contains("REJECTED " + model + "-"), output);
        TrainingJob job = new JobStore(blobs).list(model, null).get(0);
        assertEquals("single_class", job.error().code(), job.toString());
        assertEquals(Files.size(file), job.dataset().bytes());
        try (InputStream in = Files.newInputStream(file)) {
            assertEquals(Sha256.of(in), job.dataset().sha256(), "the fingerprint of the whole file");
        }
        assertTrue(Files.size(file) > 2 * (64L << 20), "the file is more than twice the child's heap");
    }
}
