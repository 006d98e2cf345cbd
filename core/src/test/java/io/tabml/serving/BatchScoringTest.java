package io.tabml.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tabml.data.CsvSource;
import io.tabml.registry.Lineage;
import io.tabml.registry.ModelRegistry;
import io.tabml.registry.QualityGate;
import io.tabml.storage.BlobStore;
import io.tabml.storage.Json;
import io.tabml.testing.Azurite;
import io.tabml.testing.SampleData;
import io.tabml.training.Pipeline;
import io.tabml.training.StagingArea;
import io.tabml.training.TrainerMain;
import io.tabml.training.TrainingConfig;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.StringReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Batch scoring of files dropped in {@code batch/}, on the shared Azurite, with a model trained for real. */
class BatchScoringTest {
    private static final String HEADER = "age,region,vehicle_type,vehicle_age_years,annual_mileage_km,prior_claims,credit_score,"
            + "policy_type,telematics,urban,deductible,note";
    private static final String GOOD = "30,north,sedan,5,12000,0,700,basic,no,true,500,";

    private static final BlobStore blobs = Azurite.shared().blobStore();
    private static final ModelRegistry registry = new ModelRegistry(blobs, new QualityGate(1.0), Clock.systemUTC());
    private static final String model = "batch-" + UUID.randomUUID().toString().substring(0, 8);
    private static final ModelCache cache = new ModelCache(registry, Clock.systemUTC(), Duration.ofSeconds(1));
    private final BatchScoring batches = new BatchScoring(blobs, cache, Clock.systemUTC());

    @BeforeAll
    static void trainAChampion(@TempDir Path dir) throws Exception {
        String jobId = model + "-1";
        Path data = Files.write(dir.resolve("train.csv"), SampleData.damageIncidence(300, 1));
        Path config = Files.write(dir.resolve("config.json"), SampleData.csv("{\"algorithms\": [\"logistic-regression\"], \"cvFolds\": 2}"));
        Path out = dir.resolve(jobId);
        assertEquals(TrainerMain.EXIT_OK, TrainerMain.run(new String[] {"--data", data.toString(), "--config", config.toString(),
                "--out", out.toString()}));
        for (String file : List.of(StagingArea.MODEL_FILE, StagingArea.REPORT_FILE)) {
            blobs.uploadFile(StagingArea.CONTAINER, jobId + "/" + file, out.resolve(file));
        }
        var version = registry.register(model, jobId, new Lineage(null, null, null, null, TrainingConfig.DEFAULTS, jobId, "local", null));
        if (!version.gate().promote()) registry.promote(model, version.version(), "the champion batches are scored by", null);
    }

    /** Drops a file and scores the version written, as its BlobCreated event would. */
    private BatchScoring.Result drop(String path, String csv) {
        blobs.write(BatchLayout.CONTAINER, path, SampleData.csv(csv));
        return batches.score(path, blobs.properties(BatchLayout.CONTAINER, path).orElseThrow().etag());
    }

    private static BatchReport report(String path) {
        return blobs.readJson(BatchLayout.RESULTS_CONTAINER, BatchLayout.reportPath(path), BatchReport.class).orElseThrow().value();
    }

    private static List<CSVRecord> output(String path) throws Exception {
        byte[] csv = blobs.read(BatchLayout.RESULTS_CONTAINER, BatchLayout.resultPath(path)).orElseThrow().value();
        return CSVFormat.RFC4180.parse(new StringReader(new String(csv, StandardCharsets.UTF_8))).getRecords();
    }

    @Test
    void scoresTheGoodRowsAndReportsTheBadOnesByLine() throws Exception {
        String path = model + "/mixed.csv";
        var result = drop(path, HEADER + "\n"
                + GOOD + "first\n"
                + "abc,north,sedan,5,12000,0,700,basic,no,true,500,bad age\n"       // line 3: not a number
                + GOOD + "=HYPERLINK(\"http://x\")\n"
                + "30,north,sedan\n"                                                 // line 5: ragged
                + GOOD + "last\n");

        assertEquals(BatchScoring.Outcome.COMPLETED, result.outcome());
        List<CSVRecord> rows = output(path);
        List<String> classes = cache.champion(model).pipeline().schema().classes();
        assertEquals(HEADER + ",prediction," + String.join(",", classes.stream().map(c -> "probability_" + c).toList()),
                String.join(",", rows.get(0).toList()), "the input columns, the prediction, a probability per class");
        assertEquals(List.of("first", "'=HYPERLINK(\"http://x\")", "last"), rows.subList(1, rows.size()).stream().map(r -> r.get(11)).toList(),
                "the good rows in order, the formula cell neutralised");
        for (CSVRecord row : rows.subList(1, rows.size())) {
            assertTrue(classes.contains(row.get(12)), row.toString());
            double sum = Double.parseDouble(row.get(13)) + Double.parseDouble(row.get(14));
            assertEquals(1.0, sum, 1e-9, "probabilities of the classes: " + row);
        }

        BatchReport report = report(path);
        assertEquals(BatchReport.COMPLETED, report.status());
        assertEquals(1, report.modelVersion());
        assertEquals(5, report.rows());
        assertEquals(3, report.rowsScored());
        assertEquals(2, report.rowsFailed());
        assertEquals(List.of(3L, 5L), report.errors().stream().map(BatchReport.RowError::line).toList());
        assertTrue(report.errors().get(0).problem().contains("age: must be a finite number, got 'abc'"), report.errors().toString());
        assertTrue(report.errors().get(1).problem().contains("3 fields but the header has 12"), report.errors().toString());
        assertEquals(BatchLayout.resultPath(path), report.output());
        assertTrue(!report.endedAt().isBefore(report.startedAt()) && report.seconds() >= 0, report.toString());
    }

    @Test
    void aFileForAModelWithNoChampionGetsAReportNamingTheProblem() {
        String path = "no-such-model-" + UUID.randomUUID().toString().substring(0, 8) + "/a.csv";
        var result = drop(path, HEADER + "\n" + GOOD + "x\n");

        assertEquals(BatchScoring.Outcome.FAILED, result.outcome());
        BatchReport report = report(path);
        assertEquals(BatchReport.FAILED, report.status());
        assertTrue(report.problem().contains("has no champion"), report.problem());
        assertNull(report.output());
        assertTrue(blobs.properties(BatchLayout.RESULTS_CONTAINER, BatchLayout.resultPath(path)).isEmpty(), "no output");
        assertEquals(BatchScoring.Outcome.ALREADY_DONE, batches.score(path, blobs.properties(BatchLayout.CONTAINER, path).orElseThrow().etag()).outcome(),
                "a redelivery does not try again: no loop");
    }

    @Test
    void aFileWithoutAHeaderOrWithoutTheModelsColumnsGetsAReport() {
        assertEquals(BatchScoring.Outcome.FAILED, drop(model + "/empty.csv", "").outcome());
        assertTrue(report(model + "/empty.csv").problem().contains("empty"), report(model + "/empty.csv").problem());

        assertEquals(BatchScoring.Outcome.FAILED, drop(model + "/columns.csv", "age,region\n30,north\n").outcome());
        assertTrue(report(model + "/columns.csv").problem().contains("vehicle_type"), report(model + "/columns.csv").problem());
    }

    @Test
    void theSameVersionIsScoredOnceAndANewVersionAgain() throws Exception {
        String path = model + "/twice.csv";
        var first = drop(path, HEADER + "\n" + GOOD + "v1\n");
        String etag = blobs.properties(BatchLayout.CONTAINER, path).orElseThrow().etag();
        String outputEtag = blobs.properties(BatchLayout.RESULTS_CONTAINER, path).orElseThrow().etag();

        var again = batches.score(path, etag.replace("\"", "")); // as Event Grid names it, unquoted

        assertEquals(BatchScoring.Outcome.COMPLETED, first.outcome());
        assertEquals(BatchScoring.Outcome.ALREADY_DONE, again.outcome());
        assertEquals(outputEtag, blobs.properties(BatchLayout.RESULTS_CONTAINER, path).orElseThrow().etag(), "the output was not rewritten");

        var newVersion = drop(path, HEADER + "\n" + GOOD + "v2\n" + GOOD + "v2\n");
        assertEquals(BatchScoring.Outcome.COMPLETED, newVersion.outcome());
        assertEquals(2, report(path).rowsScored());
        assertEquals(BatchScoring.Outcome.SUPERSEDED, batches.score(path, etag).outcome(), "a late event for the old version does nothing");
        assertEquals(2, output(path).size() - 1);
    }

    @Test
    void aClaimOfALiveRunIsLeftAloneAndADeadRunsIsTakenOver() {
        String path = model + "/claimed.csv";
        blobs.write(BatchLayout.CONTAINER, path, SampleData.csv(HEADER + "\n" + GOOD + "x\n"));
        String etag = blobs.properties(BatchLayout.CONTAINER, path).orElseThrow().etag().replace("\"", "");
        String reportPath = BatchLayout.reportPath(path);
        blobs.write(BatchLayout.RESULTS_CONTAINER, reportPath, Json.write(BatchReport.started(model, path, etag, Instant.now())));

        assertEquals(BatchScoring.Outcome.IN_PROGRESS, batches.score(path, etag).outcome());

        Instant longAgo = Instant.now().minus(BatchScoring.STALE_CLAIM).minusSeconds(1);
        blobs.write(BatchLayout.RESULTS_CONTAINER, reportPath, Json.write(BatchReport.started(model, path, etag, longAgo)));
        assertEquals(BatchScoring.Outcome.COMPLETED, batches.score(path, etag).outcome());
        assertEquals(1, report(path).rowsScored());
    }

    /**
     * The memory bound: rows are read only as fast as they are written, give or take one chunk and
     * the readers' buffers. Reading the file whole first would put every row between the two.
     */
    @Test
    void holdsAboutOneChunkOfRowsBetweenReadingAndWritingWhateverTheFileSize() throws Exception {
        Pipeline pipeline = cache.champion(model).pipeline();
        byte[] header = (HEADER + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] row = (GOOD + "x\n").getBytes(StandardCharsets.UTF_8);
        int rows = 200_000;
        var input = new GeneratedRows(header, row, rows);
        var output = new CountingWriter(input);
        var tally = new BatchScoring.Tally();
        try (CsvSource csv = CsvSource.open(input)) {
            BatchScoring.score(pipeline, csv, CsvScoring.columns(pipeline.schema(), csv.header()), output, tally, t -> {});
        }

        assertEquals(rows, tally.rowsScored());
        assertEquals(rows + 1, output.lines, "the header and every row");
        // one chunk, plus what the buffers read ahead: 64 KiB of sniffing buffer, 8 KiB of decoder (at most ~1,600 rows of this size)
        long bound = BatchScoring.CHUNK_ROWS + (72 << 10) / row.length + 100;
        assertTrue(output.maxAhead <= bound, "at most " + bound + " rows were read and not yet written, but " + output.maxAhead + " were");
    }

    /** A CSV of one header and the same row again and again, made as it is read. */
    private static final class GeneratedRows extends InputStream {
        private final byte[] header;
        private final byte[] row;
        private final long total;
        private long served;

        GeneratedRows(byte[] header, byte[] row, int rows) {
            this.header = header;
            this.row = row;
            this.total = header.length + (long) row.length * rows;
        }

        /** Rows handed to the reader, whole or in part. */
        long rowsServed() {
            return served <= header.length ? 0 : (served - header.length + row.length - 1) / row.length;
        }

        @Override
        public int read() {
            if (served >= total) return -1;
            long at = served++;
            return at < header.length ? header[(int) at] : row[(int) ((at - header.length) % row.length)];
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (served >= total) return -1;
            int n = (int) Math.min(length, total - served);
            for (int i = 0; i < n; i++) buffer[offset + i] = (byte) read();
            return n;
        }
    }

    /** Counts the lines written, and the most rows that were read but not yet written at any write. */
    private static final class CountingWriter extends Writer {
        private final GeneratedRows input;
        long lines;
        long maxAhead;

        CountingWriter(GeneratedRows input) {
            this.input = input;
        }

        @Override
        public void write(char[] chars, int offset, int length) {
            for (int i = offset; i < offset + length; i++) if (chars[i] == '\n') lines++;
            maxAhead = Math.max(maxAhead, input.rowsServed() - Math.max(0, lines - 1));
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }
}
