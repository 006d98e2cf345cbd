package io.tabml.data;

/**
 * A column of numbers as doubles: NaN for a missing cell, an infinity for a cell that spells one
 * ({@link Numbers#isInfinite}), which reads back as {@code Infinity} and stays infinite to every reader.
 */
final class NumberColumn implements Column {
    private final double[] values;
    private final int size;

    NumberColumn(double[] values, int size) {
        this.values = values;
        this.size = size;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public long bytes() {
        return 8L * values.length;
    }

    @Override
    public String text(int row) {
        return text(values[check(row)]);
    }

    @Override
    public double number(int row) {
        double value = values[check(row)];
        return Double.isInfinite(value) ? Double.NaN : value;
    }

    @Override
    public boolean missing(int row) {
        return Double.isNaN(values[check(row)]);
    }

    /** The shortest text that reads back as the value: a whole number without a fraction, missing as empty. */
    static String text(double value) {
        if (Double.isNaN(value)) return "";
        if (value == Math.rint(value) && Math.abs(value) < 1e15) return Long.toString((long) value);
        String shortest = Double.toString(value);
        return shortest.indexOf('E') < 0 || Double.isInfinite(value) ? shortest
                : new java.math.BigDecimal(shortest).stripTrailingZeros().toPlainString();
    }

    private int check(int row) {
        return java.util.Objects.checkIndex(row, size);
    }
}
