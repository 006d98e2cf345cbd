package io.tabml.serving;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a batch run says about one input file, at {@code batch-results/<model>/<name>.json}: while it
 * runs (its claim on that version of the file, renewed as it goes) and once it has ended.
 *
 * @param input        the input's path in {@code batch/}
 * @param sourceEtag   the version of the input this run scored (a new version is a new run)
 * @param status       {@code running}, {@code completed} (rows with problems are listed, the rest
 *                     scored), or {@code failed} (the file as a whole could not be scored: see {@code problem})
 * @param modelVersion the version that scored every row, pinned when the run started
 * @param rows         data rows read
 * @param rowsFailed   rows not scored because of a problem; the first {@value BatchScoring#MAX_ERRORS} are in {@code errors}
 * @param problem      why the file failed as a whole; null otherwise
 * @param output       the scored rows' path in {@code batch-results/}, once written
 * @param seconds      from start to end (or to now, while running)
 */
public record BatchReport(String model, String input, String sourceEtag, String status, Integer modelVersion, long rows,
                          long rowsScored, long rowsFailed, List<RowError> errors, String problem, String output,
                          Instant startedAt, Instant updatedAt, Instant endedAt, double seconds) {
    public static final String RUNNING = "running";
    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";

    /** A row that was not scored: its line in the file (header = 1) and what is wrong with it. */
    public record RowError(long line, String problem) {}

    static BatchReport started(String model, String input, String sourceEtag, Instant now) {
        return new BatchReport(model, input, sourceEtag, RUNNING, null, 0, 0, 0, List.of(), null, null, now, now, null, 0);
    }

    BatchReport progress(int modelVersion, BatchScoring.Tally tally, Instant now) {
        return new BatchReport(model, input, sourceEtag, RUNNING, modelVersion, tally.rows(), tally.rowsScored(), tally.rowsFailed(),
                tally.errors(), null, null, startedAt, now, null, seconds(now));
    }

    BatchReport completed(int modelVersion, BatchScoring.Tally tally, String output, Instant now) {
        return new BatchReport(model, input, sourceEtag, COMPLETED, modelVersion, tally.rows(), tally.rowsScored(), tally.rowsFailed(),
                tally.errors(), null, output, startedAt, now, now, seconds(now));
    }

    /** @param tally what was done before the problem, or null when nothing was read */
    BatchReport failed(Integer modelVersion, BatchScoring.Tally tally, String problem, String output, Instant now) {
        return new BatchReport(model, input, sourceEtag, FAILED, modelVersion, tally == null ? 0 : tally.rows(),
                tally == null ? 0 : tally.rowsScored(), tally == null ? 0 : tally.rowsFailed(), tally == null ? List.of() : tally.errors(),
                problem, output, startedAt, now, now, seconds(now));
    }

    private double seconds(Instant now) {
        return Duration.between(startedAt, now).toMillis() / 1000.0;
    }
}
