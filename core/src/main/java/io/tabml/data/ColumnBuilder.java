package io.tabml.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link Column} cell by cell as a CSV is read. A column starts as codes into its distinct
 * texts; once it has more than {@link #DICTIONARY_LIMIT} distinct texts and every one is a number,
 * an infinity or missing, it is held as doubles instead (a measurement: a price, a distance), since
 * a distinct text per row would cost an object per row. A text that is not a number, met later in
 * such a column, turns it back into codes (its numbers then read in their shortest form).
 */
final class ColumnBuilder {
    /** More distinct texts than this, all numbers, and the column is held as doubles. */
    static final int DICTIONARY_LIMIT = 1 << 16;

    private final Map<String, Integer> index = new HashMap<>();
    private final List<String> values = new ArrayList<>();
    private boolean onlyNumbers = true;
    private int[] codes = new int[1024];
    private double[] numbers; // non-null while the column is held as doubles
    private int size;

    void add(String cell) {
        String text = cell.trim();
        if (numbers != null) {
            // an empty cell first: parsing one would throw, and a tenth of a large file's cells may be empty
            double value = text.isEmpty() ? Double.NaN : valueOf(text);
            if (!Double.isNaN(value) || Missing.isMissing(text)) {
                numbers = grow(numbers, size);
                numbers[size++] = value;
                return;
            }
            backToCodes();
        }
        Integer code = index.get(text);
        if (code == null) {
            code = values.size();
            values.add(text);
            index.put(text, code);
            onlyNumbers &= Missing.isMissing(text) || !Double.isNaN(valueOf(text));
        }
        if (size == codes.length) codes = Arrays.copyOf(codes, size * 2);
        codes[size++] = code;
        if (onlyNumbers && values.size() > DICTIONARY_LIMIT) toNumbers();
    }

    /**
     * The column, its arrays cut to its rows (they grow by doubling: up to half of one would be
     * spare). Once: the builder lets go of its own arrays, so that a table's columns are not held twice.
     */
    Column build() {
        Column column = numbers != null ? new NumberColumn(Arrays.copyOf(numbers, size), size)
                : new TextColumn(Arrays.copyOf(codes, size), size, values.toArray(String[]::new));
        numbers = null;
        codes = null;
        return column;
    }

    /** The number a text holds: NaN when missing or not a number, an infinity when it spells one. */
    private static double valueOf(String text) {
        Double number = Numbers.parse(text);
        if (number != null) return number;
        int infinity = Numbers.infinity(text);
        return infinity == 0 ? Double.NaN : infinity * Double.POSITIVE_INFINITY;
    }

    private void toNumbers() {
        double[] byCode = new double[values.size()];
        for (int v = 0; v < byCode.length; v++) byCode[v] = valueOf(values.get(v));
        numbers = new double[codes.length];
        for (int i = 0; i < size; i++) numbers[i] = byCode[codes[i]];
        codes = null;
        index.clear();
        values.clear();
    }

    private void backToCodes() {
        double[] held = numbers;
        int rows = size;
        numbers = null;
        onlyNumbers = false;
        codes = new int[Math.max(1024, held.length)];
        size = 0;
        for (int i = 0; i < rows; i++) add(NumberColumn.text(held[i]));
    }

    private static double[] grow(double[] array, int size) {
        return size < array.length ? array : Arrays.copyOf(array, array.length * 2);
    }
}
