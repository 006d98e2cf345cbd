import io.tabml.config.AppConfig;
import io.tabml.serving.BatchLayout;
import io.tabml.serving.BatchReport;
import io.tabml.storage.BlobStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * bench/batch.sh's hands on storage: drops a CSV at batch/<model>/<name>.csv (streamed from the
 * file in blocks) and waits, at most the given seconds, for its report to leave "running"; prints
 * the report as JSON. Storage is what the environment names (AzureWebJobsStorage, AZURITE_*_PORT).
 * Usage: java -cp <host classpath> bench/BatchBench.java <model/name.csv> <file> <timeout seconds>
 */
public class BatchBench {
    public static void main(String[] args) throws Exception {
        String path = args[0];
        BlobStore blobs = BlobStore.from(AppConfig.fromEnvironment());
        blobs.uploadFile(BatchLayout.CONTAINER, path, Path.of(args[1]));
        String etag = blobs.properties(BatchLayout.CONTAINER, path).orElseThrow().etag().replace("\"", "");
        Instant deadline = Instant.now().plus(Duration.ofSeconds(Long.parseLong(args[2])));
        while (Instant.now().isBefore(deadline)) {
            var report = blobs.readJson(BatchLayout.RESULTS_CONTAINER, BatchLayout.reportPath(path), BatchReport.class)
                    .map(BlobStore.Versioned::value).filter(r -> r.sourceEtag().equals(etag) && !r.status().equals(BatchReport.RUNNING));
            if (report.isPresent()) {
                System.out.println(new String(io.tabml.storage.Json.compact(report.get())));
                return;
            }
            Thread.sleep(1000);
        }
        System.err.println("no finished report for batch/" + path + " within " + args[2] + " s");
        System.exit(1);
    }
}
