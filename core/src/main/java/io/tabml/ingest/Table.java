package io.tabml.ingest;

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
