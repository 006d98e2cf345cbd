package io.tabml.data;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;

/**
 * A dataset in memory, column by column, each {@link Column} held compactly (no object per cell).
 * Training reads the file once into a Table and infers the schema from it.
 *
 * @param lines each row's line in the file (header = 1), for errors that name one
 */
public record Table(List<String> names, List<Column> columns, long[] lines) {

    public int rowCount() {
        return lines.length;
    }

    public Column column(String name) {
        int index = names.indexOf(name);
        if (index < 0) throw new IllegalArgumentException("no column " + name);
        return columns.get(index);
    }

    /** About what the table takes in memory: its columns and lines. */
    public long bytes() {
        return 8L * lines.length + columns.stream().mapToLong(Column::bytes).sum();
    }

    /** The given rows, in their order, as views of this table's columns. */
    public Table select(int[] rows) {
        long[] selected = new long[rows.length];
        for (int r = 0; r < rows.length; r++) selected[r] = lines[rows[r]];
        return new Table(names, columns.stream().map(c -> c.select(rows)).toList(), selected);
    }

    /** A table of the given cells, column-major ({@code columns.get(c)[r]} is row r's cell of column c), lines numbered from 2. */
    public static Table of(List<String> names, List<String[]> columns) {
        int rows = columns.isEmpty() ? 0 : columns.get(0).length;
        long[] lines = new long[rows];
        for (int r = 0; r < rows; r++) lines[r] = r + 2;
        return new Table(names, columns.stream().map(Column::of).toList(), lines);
    }

    /** The rows of {@code first} followed by those of {@code second}, which must have the same columns. */
    public static Table concat(Table first, Table second) {
        if (!first.names().equals(second.names())) {
            throw new DatasetRejectedException("columns_differ", "the test file's columns " + second.names()
                    + " differ from the training file's " + first.names());
        }
        List<Column> columns = new ArrayList<>();
        for (int c = 0; c < first.names().size(); c++) {
            ColumnBuilder joined = new ColumnBuilder();
            for (Column part : List.of(first.columns().get(c), second.columns().get(c))) {
                for (int r = 0; r < part.size(); r++) joined.add(part.text(r));
            }
            columns.add(joined.build());
        }
        long[] lines = Arrays.copyOf(first.lines(), first.lines().length + second.lines().length);
        System.arraycopy(second.lines(), 0, lines, first.lines().length, second.lines().length);
        return new Table(first.names(), columns, lines);
    }

    /** Reads a whole CSV; the same rules as ingestion apply (header, ragged rows, encoding). */
    public static Table read(InputStream in) {
        try (CsvSource csv = CsvSource.open(in)) {
            int width = csv.header().size();
            List<ColumnBuilder> builders = new ArrayList<>();
            for (int i = 0; i < width; i++) builders.add(new ColumnBuilder());
            LongStream.Builder lines = LongStream.builder();
            csv.forEachRow(row -> {
                for (int i = 0; i < width; i++) builders.get(i).add(row.get(i));
                lines.add(row.line());
            });
            return new Table(csv.header(), builders.stream().map(ColumnBuilder::build).toList(), lines.build().toArray());
        }
    }
}
