package io.tabml.data;

/** A column as codes into its distinct texts; each text's number and missingness are read once. */
final class TextColumn implements Column {
    private final int[] codes;
    private final int size;
    private final String[] values;
    private final double[] numbers;
    private final boolean[] missing;

    TextColumn(int[] codes, int size, String[] values) {
        this.codes = codes;
        this.size = size;
        this.values = values;
        this.numbers = new double[values.length];
        this.missing = new boolean[values.length];
        for (int v = 0; v < values.length; v++) {
            Double number = Numbers.parse(values[v]);
            numbers[v] = number == null ? Double.NaN : number;
            missing[v] = Missing.isMissing(values[v]);
        }
    }

    @Override
    public int size() {
        return size;
    }

    /** Four bytes a cell, and each distinct text once (about 48 bytes and its characters). */
    @Override
    public long bytes() {
        long bytes = 4L * codes.length;
        for (String value : values) bytes += 48 + value.length() + 9; // the text, its number and missingness
        return bytes;
    }

    @Override
    public String text(int row) {
        return values[codes[check(row)]];
    }

    @Override
    public double number(int row) {
        return numbers[codes[check(row)]];
    }

    @Override
    public boolean missing(int row) {
        return missing[codes[check(row)]];
    }

    private int check(int row) {
        return java.util.Objects.checkIndex(row, size);
    }
}
