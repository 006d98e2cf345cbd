package io.tabml.training;

import io.tabml.data.Column;
import io.tabml.data.Table;
import io.tabml.ingest.FeatureSchema;
import io.tabml.ingest.FeatureType;
import io.tabml.ingest.InputSchema;
import java.util.HashMap;
import java.util.Map;

/**
 * A table's features as typed columns, in schema order: numbers as doubles ({@code NaN} when
 * missing), categories as codes into the schema's category list ({@code -1} when missing).
 * Compact enough to encode again for every cross-validation fold.
 */
public final class RawData {
    private final InputSchema schema;
    private final double[][] numbers;
    private final int[][] codes;
    private final int rows;

    private RawData(InputSchema schema, double[][] numbers, int[][] codes, int rows) {
        this.schema = schema;
        this.numbers = numbers;
        this.codes = codes;
        this.rows = rows;
    }

    public static RawData of(Table table, InputSchema schema) {
        int p = schema.features().size();
        double[][] numbers = new double[p][];
        int[][] codes = new int[p][];
        for (int j = 0; j < p; j++) {
            FeatureSchema feature = schema.features().get(j);
            Column column = table.column(feature.name());
            if (feature.type() == FeatureType.NUMERIC) {
                numbers[j] = new double[column.size()];
                for (int i = 0; i < column.size(); i++) numbers[j][i] = column.number(i);
            } else {
                Map<String, Integer> index = categoryIndex(feature);
                codes[j] = new int[column.size()];
                for (int i = 0; i < column.size(); i++) codes[j][i] = column.missing(i) ? -1 : index.getOrDefault(column.text(i), -1);
            }
        }
        return new RawData(schema, numbers, codes, table.rowCount());
    }

    static Map<String, Integer> categoryIndex(FeatureSchema feature) {
        Map<String, Integer> index = new HashMap<>();
        for (FeatureSchema.CategoryCount category : feature.categories()) index.put(category.value(), index.size());
        return index;
    }

    /** What the typed features take in memory. */
    long bytes() {
        long bytes = 0;
        for (int j = 0; j < numbers.length; j++) bytes += numbers[j] != null ? 8L * numbers[j].length : 4L * codes[j].length;
        return bytes;
    }

    public InputSchema schema() {
        return schema;
    }

    public int rows() {
        return rows;
    }

    /** Feature j of row i, if numeric: the value or NaN. */
    double number(int j, int i) {
        return numbers[j][i];
    }

    /** Feature j of row i, if categorical: the category's index or -1. */
    int code(int j, int i) {
        return codes[j][i];
    }

    /** Row i as the raw row a pipeline takes at predict time (see {@link FeatureEncoder}). */
    public Object[] row(int i) {
        Object[] row = new Object[schema.features().size()];
        for (int j = 0; j < row.length; j++) {
            FeatureSchema feature = schema.features().get(j);
            if (numbers[j] != null) row[j] = Double.isNaN(numbers[j][i]) ? null : numbers[j][i];
            else row[j] = codes[j][i] < 0 ? null : feature.categories().get(codes[j][i]).value();
        }
        return row;
    }
}
