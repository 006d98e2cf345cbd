package io.tabml.ingest;

import io.tabml.data.Column;
import io.tabml.data.CsvSource;
import io.tabml.data.DatasetRejectedException;
import io.tabml.data.Missing;
import io.tabml.data.Table;
import io.tabml.storage.Sha256;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Map;
import java.util.TreeMap;

/**
 * Decides whether an upload can be trained on, in one streaming pass that never holds the file in
 * memory, and fingerprints it (sha256) on the way. A refusal is a {@link DatasetRejectedException}.
 */
public final class DatasetValidator {
    /** Below this many rows of a class, a stratified holdout cannot hold it. */
    public static final int MIN_ROWS_PER_CLASS = 5;

    private final long maxBytes;

    public DatasetValidator(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    public DatasetSummary validate(InputStream raw, Target target) {
        MessageDigest sha256 = Sha256.digest();
        var counted = new LimitedInputStream(new DigestInputStream(raw, sha256), maxBytes);
        TargetProfile profile = new TargetProfile(target);
        long[] rows = {0};
        try (CsvSource csv = CsvSource.open(counted)) {
            int column = targetIndex(csv, target.column());
            csv.forEachRow(row -> {
                profile.add(row.get(column).trim(), row.line());
                rows[0]++;
            });
            counted.transferTo(OutputStream.nullOutputStream());
            TaskChoice task = profile.check();
            // a regression's values are not classes: the summary does not carry thousands of them
            Map<String, Long> classCounts = task.task() == Task.CLASSIFICATION ? new TreeMap<>(profile.counts()) : Map.of();
            return new DatasetSummary(Sha256.hex(sha256), counted.count, rows[0],
                    csv.header(), target.column(), classCounts, task);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int targetIndex(CsvSource csv, String targetColumn) {
        int target = csv.header().indexOf(targetColumn);
        if (target < 0) {
            throw new DatasetRejectedException("missing_target_column",
                    "the header has no '" + targetColumn + "' column; name the column to predict '" + targetColumn
                            + "' or set targetColumn in datasets/<model>/config.json (columns found: "
                            + String.join(", ", csv.header().stream().limit(20).toList()) + ")", 1L);
        }
        if (csv.header().size() < 2) {
            throw new DatasetRejectedException("no_features", "the file has only the target column: add at least one feature column", 1L);
        }
        return target;
    }

    /** The task of a table read whole (as training reads it), chosen and checked as an upload's is. */
    public static TaskChoice task(Table table, Target target) {
        return profile(table, target).check();
    }

    /** The rows of each class in a table read whole (as training reads it), checked as an upload is. */
    public static Map<String, Long> classCounts(Table table, Target target) {
        Column labels = table.column(target.column());
        Map<String, Long> classCounts = new TreeMap<>();
        for (int i = 0; i < labels.size(); i++) count(classCounts, labels.text(i), table.lines()[i], target);
        checkClasses(classCounts, target);
        return classCounts;
    }

    private static TargetProfile profile(Table table, Target target) {
        Column values = table.column(target.column());
        TargetProfile profile = new TargetProfile(target);
        for (int i = 0; i < values.size(); i++) profile.add(values.text(i), table.lines()[i]);
        return profile;
    }

    /** Counts one row's class; a row without one rejects the dataset. */
    private static void count(Map<String, Long> classCounts, String label, long line, Target target) {
        if (Missing.isMissing(label)) {
            throw new DatasetRejectedException("missing_target",
                    "line " + line + " has no value in the target column '" + target.column() + "'", line);
        }
        classCounts.merge(label, 1L, Long::sum);
    }

    static void checkClasses(Map<String, Long> classCounts, Target target) {
        if (classCounts.isEmpty()) {
            throw new DatasetRejectedException("no_rows", "the file has a header but no data rows");
        }
        if (classCounts.size() < 2) {
            throw new DatasetRejectedException("single_class", "the target column '" + target.column()
                    + "' has only one class ('" + classCounts.keySet().iterator().next() + "'): a classifier needs at least two");
        }
        classCounts.forEach((label, count) -> {
            if (count < MIN_ROWS_PER_CLASS) {
                throw new DatasetRejectedException("class_too_small", "class '" + label + "' has only " + count
                        + " row(s); each class needs at least " + MIN_ROWS_PER_CLASS);
            }
        });
        if (target.positiveClass() != null && !classCounts.containsKey(target.positiveClass())) {
            throw new DatasetRejectedException("unknown_positive_class", "positiveClass '" + target.positiveClass()
                    + "' from config.json is not a value of '" + target.column() + "' (values: " + classCounts.keySet() + ")");
        }
    }

    /** Counts bytes and refuses to read past the limit, so an oversized file is never read whole. */
    private static final class LimitedInputStream extends FilterInputStream {
        private final long limit;
        private long count;

        LimitedInputStream(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) add(1);
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) add(n);
            return n;
        }

        private void add(long n) {
            count += n;
            if (count > limit) {
                throw new DatasetRejectedException("too_large", "the file is larger than the limit of " + limit
                        + " bytes (MAX_UPLOAD_BYTES)");
            }
        }
    }
}
