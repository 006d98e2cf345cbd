package io.tabml.training;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.tabml.data.Table;
import java.util.List;

/**
 * The rows a version was evaluated on (its holdout, or every row under repeated cross-validation),
 * every column as the table reads it back ({@link io.tabml.data.Column}), with the probabilities
 * the version gave each row (in {@code classes} order). The registry scores the champion on the same rows, so that a new version
 * and the champion are compared on the same rows ({@link PairedEvidence}). At most
 * {@link #MAX_ROWS} rows, a stratified sample of more, which keeps what the registry reads and
 * scores bounded whatever the data's size.
 *
 * <p>A regressor's rows carry its predicted values instead ({@code predictions}; no classes, no
 * probabilities), and the registry compares the two versions' errors on them.
 *
 * @param columns column-major, aligned with {@code names}
 * @param probabilities a classifier's probabilities of each row, null for a regressor
 * @param predictions a regressor's predicted value of each row, null for a classifier (and in files written before regression)
 */
public record EvaluatedRows(List<String> names, List<String[]> columns, String target, List<String> classes,
                            @JsonInclude(JsonInclude.Include.NON_NULL) double[][] probabilities,
                            @JsonInclude(JsonInclude.Include.NON_NULL) double[] predictions) {
    public static final int MAX_ROWS = 20_000;

    /** Rows {@code rows} of {@code table} and the probabilities given them ({@code probabilities[r]} is row {@code rows[r]}'s). */
    static EvaluatedRows of(Table table, int[] rows, double[][] probabilities, String target, List<String> classes) {
        return new EvaluatedRows(table.names(), texts(table, rows), target, classes, probabilities, null);
    }

    /** Rows {@code rows} of {@code table} and a regressor's predictions of them ({@code predictions[r]} is row {@code rows[r]}'s). */
    static EvaluatedRows ofRegression(Table table, int[] rows, double[] predictions, String target) {
        return new EvaluatedRows(table.names(), texts(table, rows), target, List.of(), null, predictions);
    }

    private static List<String[]> texts(Table table, int[] rows) {
        return table.columns().stream().map(column -> column.select(rows).texts()).toList();
    }

    public int rowCount() {
        return probabilities != null ? probabilities.length : predictions.length;
    }

    /** The rows as a table, for reading them the way a schema does. */
    public Table table() {
        return Table.of(names, columns);
    }

    /** Row i's true value, for a regressor's rows (validation made sure it is a finite number). */
    public double value(int i) {
        return Double.parseDouble(columns.get(names.indexOf(target))[i].trim());
    }

    /** Row i's true class, as an index into {@code classes}. */
    public int truth(int i) {
        return classes.indexOf(columns.get(names.indexOf(target))[i]);
    }
}
