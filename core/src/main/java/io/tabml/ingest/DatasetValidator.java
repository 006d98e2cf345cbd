package io.tabml.ingest;

import io.tabml.training.TrainingConfig;
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

    public DatasetSummary validate(InputStream raw, TrainingConfig config) {
        MessageDigest sha256 = Sha256.digest();
        var counted = new LimitedInputStream(new DigestInputStream(raw, sha256), maxBytes);
        Map<String, Long> classCounts = new TreeMap<>();
        long[] rows = {0};
        try (CsvSource csv = CsvSource.open(counted)) {
            int target = targetIndex(csv, config.targetColumn());
            csv.forEachRow(row -> {
                String label = row.get(target).trim();
                if (Missing.isMissing(label)) {
                    throw new DatasetRejectedException("missing_target",
                            "line " + row.line() + " has no value in the target column '" + config.targetColumn() + "'", row.line());
                }
                classCounts.merge(label, 1L, Long::sum);
                rows[0]++;
            });
            counted.transferTo(OutputStream.nullOutputStream());
            checkClasses(classCounts, config);
            return new DatasetSummary(Sha256.hex(sha256), counted.count, rows[0],
                    csv.header(), config.targetColumn(), classCounts);
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

    public static void checkClasses(Map<String, Long> classCounts, TrainingConfig config) {
        if (classCounts.isEmpty()) {
            throw new DatasetRejectedException("no_rows", "the file has a header but no data rows");
        }
        if (classCounts.size() < 2) {
            throw new DatasetRejectedException("single_class", "the target column '" + config.targetColumn()
                    + "' has only one class ('" + classCounts.keySet().iterator().next() + "'): a classifier needs at least two");
        }
        classCounts.forEach((label, count) -> {
            if (count < MIN_ROWS_PER_CLASS) {
                throw new DatasetRejectedException("class_too_small", "class '" + label + "' has only " + count
                        + " row(s); each class needs at least " + MIN_ROWS_PER_CLASS);
            }
        });
        if (config.positiveClass() != null && !classCounts.containsKey(config.positiveClass())) {
            throw new DatasetRejectedException("unknown_positive_class", "positiveClass '" + config.positiveClass()
                    + "' from config.json is not a value of '" + config.targetColumn() + "' (values: " + classCounts.keySet() + ")");
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
