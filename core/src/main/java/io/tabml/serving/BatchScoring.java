package io.tabml.serving;

import io.tabml.data.CsvSource;
import io.tabml.data.DatasetRejectedException;
import io.tabml.data.ModelName;
import io.tabml.errors.DomainException;
import io.tabml.ingest.InputSchema;
import io.tabml.registry.ModelRegistry.LoadedModel;
import io.tabml.storage.BlobStore;
import io.tabml.storage.ConcurrentUpdateException;
import io.tabml.storage.Json;
import io.tabml.training.Pipeline;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * Scores a CSV dropped at {@code batch/<model>/<name>.csv} with the model's champion, by streaming:
 * rows are read from the blob as they come, scored {@value #CHUNK_ROWS} at a time and written to
 * {@code batch-results/<model>/<name>.csv} as staged blocks, so memory holds one chunk whatever the
 * file's size. Each output row is the input row (formula cells neutralised, as on {@code /predict})
 * with the prediction and each class's probability. A row that cannot be read is reported by line
 * and the others are still scored; a file that cannot be scored at all (no header, unknown model,
 * no champion, missing input columns) gets a report naming the problem, never an exception.
 *
 * <p>One version of a file is scored once: the report at {@code batch-results/<model>/<name>.json}
 * is the claim, written conditionally and naming the input's ETag, so a second delivery of the same
 * event (Event Grid delivers at least once) finds it and does nothing. A run renews its claim as it
 * goes; a claim not renewed for {@link #STALE_CLAIM} is from a run that died, and the next delivery
 * of that version takes it over. A newer version of the file takes the claim over at once: the newer file wins.
 */
public final class BatchScoring {
    public static final int CHUNK_ROWS = 1_000;
    public static final int MAX_ERRORS = 100;
    static final Duration RENEW_EVERY = Duration.ofSeconds(30);
    static final Duration STALE_CLAIM = Duration.ofMinutes(5);
    private static final int WRITE_BUFFER_BYTES = 64 << 10;

    private final BlobStore blobs;
    private final ModelCache cache;
    private final Clock clock;

    public BatchScoring(BlobStore blobs, ModelCache cache, Clock clock) {
        this.blobs = blobs;
        this.cache = cache;
        this.clock = clock;
    }

    public enum Outcome {
        /** scored; rows with problems are listed in the report */
        COMPLETED,
        /** the file could not be scored; the report says why */
        FAILED,
        /** this version of the file was scored (or failed) before: nothing done */
        ALREADY_DONE,
        /** another run holds this version of the file and is alive: nothing done */
        IN_PROGRESS,
        /** the file was replaced or deleted: its newer version is scored on its own */
        SUPERSEDED
    }

    /** @param report the report as written, or as found (null when superseded before a claim) */
    public record Result(Outcome outcome, BatchReport report) {}

    /**
     * Scores one version of an input file.
     *
     * @param inputPath the file's path in {@code batch/}, {@code <model>/<name>.csv}
     * @param etag      the version announced (the ETag of the BlobCreated event)
     */
    public Result score(String inputPath, String etag) {
        Optional<BlobStore.StoredBlob> blob = blobs.properties(BatchLayout.CONTAINER, inputPath);
        if (blob.isEmpty() || !bare(blob.get().etag()).equals(bare(etag))) return new Result(Outcome.SUPERSEDED, null);
        String reportPath = BatchLayout.reportPath(inputPath);
        var current = blobs.readJson(BatchLayout.RESULTS_CONTAINER, reportPath, BatchReport.class);
        if (current.isPresent() && current.get().value().sourceEtag().equals(bare(etag))) {
            BatchReport seen = current.get().value();
            if (!seen.status().equals(BatchReport.RUNNING)) return new Result(Outcome.ALREADY_DONE, seen);
            if (clock.instant().isBefore(seen.updatedAt().plus(STALE_CLAIM))) return new Result(Outcome.IN_PROGRESS, seen);
        }
        Claim claim = new Claim(reportPath, BatchReport.started(BatchLayout.model(inputPath), inputPath, bare(etag), clock.instant()));
        if (!claim.take(current.map(BlobStore.Versioned::etag))) return new Result(Outcome.IN_PROGRESS, null);
        try {
            return run(inputPath, blob.get().etag(), claim);
        } catch (Superseded e) {
            return new Result(Outcome.SUPERSEDED, null);
        }
    }

    private Result run(String inputPath, String blobEtag, Claim claim) {
        String model = claim.report.model();
        String output = BatchLayout.resultPath(inputPath);
        LoadedModel loaded;
        try {
            loaded = cache.champion(ModelName.require(model)); // pinned: every row of the file is scored by this version
        } catch (DomainException e) {
            return claim.fail(null, null, e.getMessage(), output);
        }
        int version = loaded.metadata().version();
        Optional<InputStream> opened = blobs.openRead(BatchLayout.CONTAINER, inputPath, blobEtag);
        if (opened.isEmpty()) throw new Superseded();
        Tally tally = new Tally();
        try (InputStream in = opened.get(); CsvSource csv = CsvSource.open(in)) {
            int[] columnOf = CsvScoring.columns(loaded.pipeline().schema(), csv.header());
            try (Writer out = new OutputStreamWriter(new BufferedOutputStream(
                    blobs.openWrite(BatchLayout.RESULTS_CONTAINER, output, "text/csv"), WRITE_BUFFER_BYTES), StandardCharsets.UTF_8)) {
                score(loaded.pipeline(), csv, columnOf, out, tally, progress -> claim.renew(version, progress));
            }
        } catch (DatasetRejectedException | DomainException e) {
            String problem = tally.rows() == 0 ? e.getMessage()
                    : e.getMessage() + "; the " + tally.rowsScored() + " row(s) scored before it are in the output";
            return claim.fail(version, tally, problem, tally.rows() == 0 ? null : output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return claim.save(claim.report.completed(version, tally, output, clock.instant()), Outcome.COMPLETED);
    }

    /**
     * The streaming loop: reads every row of {@code csv}, scores the readable ones a chunk at a time
     * (the chunk's rows in parallel: a pipeline is safe to share, as {@code /predict} does) and
     * writes them to {@code out}; {@code afterChunk} hears of each chunk written.
     */
    static void score(Pipeline pipeline, CsvSource csv, int[] columnOf, Writer out, Tally tally, Consumer<Tally> afterChunk)
            throws IOException {
        InputSchema schema = pipeline.schema();
        CSVPrinter printer = new CSVPrinter(out, CSVFormat.RFC4180); // not closed here: the caller owns the stream
        List<String> header = new ArrayList<>(csv.header());
        header.addAll(CsvScoring.scoreColumns(pipeline));
        printer.printRecord(header.stream().map(CsvScoring::neutralise).toList());
        List<CSVRecord> records = new ArrayList<>(CHUNK_ROWS);
        List<Object[]> raws = new ArrayList<>(CHUNK_ROWS);
        StringBuilder problems = new StringBuilder();
        csv.forEachRow(row -> {
            tally.rows++;
            Object[] raw = CsvScoring.raw(schema, row, columnOf,
                    (field, problem) -> problems.append(problems.isEmpty() ? "" : "; ").append(field).append(": ").append(problem));
            if (!problems.isEmpty()) {
                tally.fail(row.line(), problems.toString());
                problems.setLength(0);
                return;
            }
            records.add(row.record());
            raws.add(raw);
            if (records.size() == CHUNK_ROWS) {
                write(pipeline, records, raws, printer, tally);
                afterChunk.accept(tally);
            }
        }, ragged -> {
            tally.rows++;
            tally.fail(ragged.line(), ragged.getMessage());
        });
        write(pipeline, records, raws, printer, tally);
        printer.flush();
    }

    private static void write(Pipeline pipeline, List<CSVRecord> records, List<Object[]> raws, CSVPrinter printer, Tally tally) {
        int n = records.size();
        List<List<String>> scores = IntStream.range(0, n).parallel().mapToObj(i -> CsvScoring.scoreCells(pipeline, raws.get(i))).toList();
        try {
            for (int i = 0; i < n; i++) {
                List<String> cells = new ArrayList<>(records.get(i).size() + scores.get(i).size());
                records.get(i).forEach(cell -> cells.add(CsvScoring.neutralise(cell)));
                scores.get(i).forEach(cell -> cells.add(CsvScoring.neutralise(cell)));
                printer.printRecord(cells);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        tally.rowsScored += n;
        records.clear();
        raws.clear();
    }

    /** The SDK quotes ETags and Event Grid does not. */
    private static String bare(String etag) {
        return etag.replace("\"", "");
    }

    /** Counts of a run so far, and its first {@value #MAX_ERRORS} row errors. */
    static final class Tally {
        private long rows;
        private long rowsScored;
        private long rowsFailed;
        private final List<BatchReport.RowError> errors = new ArrayList<>();

        long rows() {
            return rows;
        }

        long rowsScored() {
            return rowsScored;
        }

        long rowsFailed() {
            return rowsFailed;
        }

        List<BatchReport.RowError> errors() {
            return List.copyOf(errors);
        }

        private void fail(long line, String problem) {
            rowsFailed++;
            if (errors.size() < MAX_ERRORS) errors.add(new BatchReport.RowError(line, problem));
        }
    }

    /** This run's hold on one version of a file: the report blob, written only while its ETag is still ours. */
    private final class Claim {
        private final String path;
        private BatchReport report;
        private String etag;
        private Instant renewed;

        Claim(String path, BatchReport report) {
            this.path = path;
            this.report = report;
            this.renewed = report.startedAt();
        }

        /** @param previous the ETag of the report found (another version's, or a stale claim), or empty when there was none */
        boolean take(Optional<String> previous) {
            byte[] json = Json.write(report);
            if (previous.isEmpty()) {
                Optional<String> created = blobs.create(BatchLayout.RESULTS_CONTAINER, path, json, Map.of());
                created.ifPresent(e -> etag = e);
                return created.isPresent();
            }
            try {
                etag = blobs.replaceIfMatch(BatchLayout.RESULTS_CONTAINER, path, json, previous.get());
                return true;
            } catch (ConcurrentUpdateException raced) {
                return false;
            }
        }

        /** Writes the progress now and then, which also tells a redelivery that this run is alive. */
        void renew(int version, Tally tally) {
            Instant now = clock.instant();
            if (now.isBefore(renewed.plus(RENEW_EVERY))) return;
            write(report.progress(version, tally, now));
            renewed = now;
        }

        Result fail(Integer version, Tally tally, String problem, String output) {
            if (output != null && (tally == null || tally.rows() == 0)) {
                blobs.delete(BatchLayout.RESULTS_CONTAINER, output); // an earlier version's results would read as this one's
            }
            return save(report.failed(version, tally, problem, tally == null || tally.rows() == 0 ? null : output, clock.instant()),
                    Outcome.FAILED);
        }

        Result save(BatchReport next, Outcome outcome) {
            write(next);
            return new Result(outcome, next);
        }

        private void write(BatchReport next) {
            try {
                etag = blobs.replaceIfMatch(BatchLayout.RESULTS_CONTAINER, path, Json.write(next), etag);
                report = next;
            } catch (ConcurrentUpdateException e) {
                throw new Superseded(); // a newer version of the file (or a run that found ours stale) holds the report now
            }
        }
    }

    /** This run lost its claim: it stops, and the holder of the claim reports. */
    private static final class Superseded extends RuntimeException {
        Superseded() {
            super(null, null, false, false);
        }
    }
}
