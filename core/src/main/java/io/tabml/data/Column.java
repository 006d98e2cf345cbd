package io.tabml.data;

/**
 * One column of a {@link Table}, held without an object per cell, so that a table of ten million
 * rows fits a trainer's heap: a column of few distinct values as codes into its distinct texts
 * (4 bytes a cell), one of many distinct numbers as doubles (8 bytes a cell; see
 * {@link ColumnBuilder} for the rule). A cell reads back as the CSV held it, trimmed, except in a
 * column held as doubles, where a number reads back in its shortest form ({@code 500} for
 * {@code 500.0}) and a missing cell as empty: a column that is all numbers is only ever read as
 * numbers by the schema and the model.
 */
public sealed interface Column permits TextColumn, NumberColumn, Column.Rows {
    int size();

    /** Row {@code row}'s cell, trimmed. */
    String text(int row);

    /** Row {@code row}'s cell as a finite number ({@link Numbers#parse}); NaN when it is missing, infinite or not a number. */
    double number(int row);

    /** Whether row {@code row}'s cell is one of the spellings of no value ({@link Missing}). */
    boolean missing(int row);

    /** About what the column takes in memory: its cells and, for a view, its row numbers. */
    long bytes();

    /** A column of the given cells (trimmed as they are added). */
    static Column of(String... cells) {
        ColumnBuilder builder = new ColumnBuilder();
        for (String cell : cells) builder.add(cell);
        return builder.build();
    }

    /** The given rows of this column, in their order, as a view (no cell is copied). */
    default Column select(int[] rows) {
        return new Rows(this, rows);
    }

    /** Every cell's text: for a few rows only (an object per cell). */
    default String[] texts() {
        String[] texts = new String[size()];
        for (int i = 0; i < texts.length; i++) texts[i] = text(i);
        return texts;
    }

    /** Some rows of another column. */
    record Rows(Column source, int[] rows) implements Column {
        @Override
        public int size() {
            return rows.length;
        }

        @Override
        public String text(int row) {
            return source.text(rows[row]);
        }

        @Override
        public double number(int row) {
            return source.number(rows[row]);
        }

        @Override
        public boolean missing(int row) {
            return source.missing(rows[row]);
        }

        @Override
        public long bytes() {
            return 4L * rows.length;
        }

        @Override
        public Column select(int[] selected) {
            int[] composed = new int[selected.length];
            for (int i = 0; i < selected.length; i++) composed[i] = rows[selected[i]];
            return new Rows(source, composed);
        }
    }
}
