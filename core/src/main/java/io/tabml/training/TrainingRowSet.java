package io.tabml.training;

import io.tabml.data.Column;
import io.tabml.data.Table;
import io.tabml.ingest.FeatureSchema;
import io.tabml.ingest.InputSchema;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.commons.codec.digest.MurmurHash3;

/**
 * Which rows a version may have learned from, kept so that a later version's evaluation rows can
 * leave them out before the two are compared (a model scored on rows it trained on looks better
 * than it is). A row is known by a 64-bit hash of its model-relevant cells: the schema's features
 * in schema order, then the target, as the table reads them back (a missing cell as empty; a
 * number of a column held as doubles in its shortest form, {@link io.tabml.data.Column}). Two records with
 * the same such cells are the same row to the model, so both count as seen.
 *
 * <p>Eight bytes a row, sorted, looked up by binary search. Two different rows share a hash with a
 * chance of about {@code n²/2⁶⁵} (under 10⁻⁷ for a million rows); a shared hash only leaves one
 * more row out of a comparison.
 */
public final class TrainingRowSet {
    private static final char SEPARATOR = '\u001f';
    private final long[] sortedHashes;

    private TrainingRowSet(long[] sortedHashes) {
        this.sortedHashes = sortedHashes;
    }

    /** The given rows of a table, known by the cells {@code schema} reads. */
    static TrainingRowSet of(Table table, InputSchema schema, int[] rows) {
        Cells cells = new Cells(table, schema);
        long[] hashes = new long[rows.length];
        for (int r = 0; r < rows.length; r++) hashes[r] = cells.hash(rows[r]);
        Arrays.sort(hashes);
        return new TrainingRowSet(hashes);
    }

    /** Whether row {@code row} of {@code table}, read as {@code schema} reads it, is in the set. */
    public boolean contains(Cells cells, int row) {
        return Arrays.binarySearch(sortedHashes, cells.hash(row)) >= 0;
    }

    public int size() {
        return sortedHashes.length;
    }

    public byte[] toBytes() {
        ByteBuffer buffer = ByteBuffer.allocate(Long.BYTES * sortedHashes.length);
        buffer.asLongBuffer().put(sortedHashes);
        return buffer.array();
    }

    public static TrainingRowSet fromBytes(byte[] bytes) {
        if (bytes.length % Long.BYTES != 0) throw new IllegalArgumentException("a row set is whole 8-byte hashes, got " + bytes.length + " bytes");
        long[] hashes = new long[bytes.length / Long.BYTES];
        ByteBuffer.wrap(bytes).asLongBuffer().get(hashes);
        return new TrainingRowSet(hashes);
    }

    /** A table's columns in the order a schema hashes them; the table must hold each of them. */
    public static final class Cells {
        private final Column[] columns;

        public Cells(Table table, InputSchema schema) {
            columns = new Column[schema.features().size() + 1];
            int j = 0;
            for (FeatureSchema feature : schema.features()) columns[j++] = table.column(feature.name());
            columns[j] = table.column(schema.target());
        }

        long hash(int row) {
            StringBuilder text = new StringBuilder();
            for (Column column : columns) {
                text.append(column.missing(row) ? "" : column.text(row)).append(SEPARATOR);
            }
            return MurmurHash3.hash128x64(text.toString().getBytes(StandardCharsets.UTF_8))[0];
        }
    }
}
