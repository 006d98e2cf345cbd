package io.tabml.data;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A dataset in memory, column by column, as the strings the CSV held. Training reads the file
 * once into a Table and infers the schema from it.
 */
public record Table(List<String> names, List<String[]> columns, long[] lines) {

    public int rowCount() {
        return lines.length;
    }

    public String[] column(String name) {
        int index = names.indexOf(name);
        if (index < 0) throw new IllegalArgumentException("no column " + name);
        return columns.get(index);
    }

    /** The rows of {@code first} followed by those of {@code second}, which must have the same columns. */
    public static Table concat(Table first, Table second) {
        if (!first.names().equals(second.names())) {
            throw new DatasetRejectedException("columns_differ", "the test file's columns " + second.names()
                    + " differ from the training file's " + first.names());
        }
        List<String[]> columns = new ArrayList<>();
        for (int c = 0; c < first.names().size(); c++) {
            String[] a = first.columns().get(c), b = second.columns().get(c);
            String[] joined = java.util.Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, joined, a.length, b.length);
            columns.add(joined);
        }
        long[] lines = java.util.Arrays.copyOf(first.lines(), first.lines().length + second.lines().length);
        System.arraycopy(second.lines(), 0, lines, first.lines().length, second.lines().length);
        return new Table(first.names(), columns, lines);
    }

    /** Reads a whole CSV; the same rules as ingestion apply (header, ragged rows, encoding). */
    public static Table read(InputStream in) {
        try (CsvSource csv = CsvSource.open(in)) {
            int width = csv.header().size();
            List<List<String>> cells = new ArrayList<>();
            for (int i = 0; i < width; i++) cells.add(new ArrayList<>());
            List<Long> lines = new ArrayList<>();
            csv.forEachRow(row -> {
                for (int i = 0; i < width; i++) cells.get(i).add(row.get(i).trim());
                lines.add(row.line());
            });
            return new Table(csv.header(), cells.stream().map(c -> c.toArray(String[]::new)).toList(),
                    lines.stream().mapToLong(Long::longValue).toArray());
        }
    }
}
