package io.tabml.serving;

import io.tabml.data.CsvSource;
import io.tabml.data.DatasetRejectedException;
import io.tabml.data.Missing;
import io.tabml.data.Numbers;
import io.tabml.errors.InvalidInputException;
import io.tabml.ingest.FeatureSchema;
import io.tabml.ingest.FeatureType;
import io.tabml.ingest.InputSchema;
import io.tabml.training.ModelPipeline;
import io.tabml.training.Pipeline;
import io.tabml.training.RegressionPipeline;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Scores a CSV batch row by row: each input row is read, checked, scored and written out with its
 * prediction id and what the model answers appended ({@link Scorer}: the prediction and every
 * class's probability from a classifier, the value and its interval from a regressor), so memory holds one row
 * at a time besides the request and answer bytes (and what the prediction log keeps). Columns
 * that are not inputs of the model (ids, say) are passed through. A cell a spreadsheet would run as a formula ({@code = + - @}, tab, CR at the start, and
 * not a number) is written with a leading apostrophe. Problems are collected by line and field,
 * up to {@link #MAX_PROBLEMS}, and answered as one 400.
 */
final class CsvScoring {
    static final int MAX_PROBLEMS = 100;

    private CsvScoring() {}

    /**
     * What a scored row adds: the names of the columns after {@code predictionId}, and for a row as
     * the model read it, its prediction id followed by those columns' cells (the scorer logs the row).
     */
    record Scorer(List<String> columns, Function<Object[], List<String>> score) {}

    static byte[] score(InputSchema schema, byte[] body, Scorer scorer) {
        var out = new ByteArrayOutputStream(body.length + body.length / 2);
        Map<String, List<String>> problems = new LinkedHashMap<>();
        try (CsvSource csv = CsvSource.open(new ByteArrayInputStream(body));
             CSVPrinter printer = new CSVPrinter(new OutputStreamWriter(out, StandardCharsets.UTF_8), CSVFormat.RFC4180)) {
            int[] columnOf = columns(schema, csv.header());
            List<String> header = new ArrayList<>(csv.header());
            header.add("predictionId");
            header.addAll(scorer.columns());
            printer.printRecord(header.stream().map(CsvScoring::neutralise).toList());
            csv.forEachRow(row -> {
                if (problems.size() >= MAX_PROBLEMS) return;
                Object[] raw = raw(schema, row, columnOf, (field, problem) -> problems
                        .computeIfAbsent("line " + row.line() + ": " + field, k -> new ArrayList<>()).add(problem));
                if (!problems.isEmpty()) return;
                List<String> answer = scorer.score().apply(raw);
                List<String> cells = new ArrayList<>(row.record().size() + answer.size());
                row.record().forEach(cell -> cells.add(neutralise(cell)));
                cells.add(answer.get(0));
                answer.subList(1, answer.size()).forEach(cell -> cells.add(neutralise(cell)));
                try {
                    printer.printRecord(cells);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (DatasetRejectedException e) {
            throw new InvalidInputException("invalid_csv", e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!problems.isEmpty()) {
            throw InvalidInputException.invalid(problems.size() + (problems.size() >= MAX_PROBLEMS ? "+" : "")
                    + " problem(s) in the CSV; the first: " + problems.entrySet().iterator().next(), problems);
        }
        return out.toByteArray();
    }

    /** The columns a scored row gets after its own (and its prediction id, on /predict): by the kind of model. */
    static List<String> scoreColumns(Pipeline pipeline) {
        return switch (pipeline) {
            case ModelPipeline classifier -> Stream.concat(Stream.of("prediction"),
                    classifier.schema().classes().stream().map(c -> "probability_" + c)).toList();
            case RegressionPipeline regressor -> List.of("prediction", "interval_low", "interval_high");
        };
    }

    /** A classifier's cells for {@link #scoreColumns}: the class answered and each class's probability. */
    static List<String> classifierCells(String label, double[] probabilities) {
        List<String> cells = new ArrayList<>(probabilities.length + 1);
        cells.add(label);
        for (double p : probabilities) cells.add(Double.toString(p));
        return cells;
    }

    /** A regressor's cells for {@link #scoreColumns}: the value and its interval. */
    static List<String> regressorCells(double value, double[] interval) {
        return List.of(Double.toString(value), Double.toString(interval[0]), Double.toString(interval[1]));
    }

    /** A row's cells for {@link #scoreColumns}, for scoring that logs nothing (batch files). */
    static List<String> scoreCells(Pipeline pipeline, Object[] raw) {
        return switch (pipeline) {
            case ModelPipeline classifier -> {
                double[] probabilities = classifier.probabilities(raw);
                yield classifierCells(classifier.schema().classes().get(classifier.decide(probabilities)), probabilities);
            }
            case RegressionPipeline regressor -> {
                double value = regressor.predict(raw);
                yield regressorCells(value, regressor.interval(value));
            }
        };
    }

    /** For each model feature, its column in the CSV; a 400 listing every feature the header lacks. */
    static int[] columns(InputSchema schema, List<String> header) {
        int[] columnOf = new int[schema.features().size()];
        Map<String, List<String>> missing = new LinkedHashMap<>();
        for (int j = 0; j < columnOf.length; j++) {
            String name = schema.features().get(j).name();
            columnOf[j] = header.indexOf(name);
            if (columnOf[j] < 0) missing.put(name, List.of("column is missing from the CSV header"));
        }
        if (!missing.isEmpty()) throw InvalidInputException.invalid("the CSV lacks input column(s) " + missing.keySet(), missing);
        return columnOf;
    }

    /** The row as the model reads it; each field that cannot be read is handed to {@code problems} with what is wrong. */
    static Object[] raw(InputSchema schema, CsvSource.Row row, int[] columnOf, BiConsumer<String, String> problems) {
        Object[] raw = new Object[columnOf.length];
        for (int j = 0; j < columnOf.length; j++) {
            FeatureSchema feature = schema.features().get(j);
            String cell = row.get(columnOf[j]).trim();
            if (Missing.isMissing(cell)) continue;
            if (feature.type() == FeatureType.NUMERIC) {
                Double value = Numbers.parse(cell);
                if (value == null) {
                    problems.accept(feature.name(), "must be a finite number, got '" + abbreviate(cell) + "'");
                }
                raw[j] = value;
            } else {
                raw[j] = cell;
            }
        }
        return raw;
    }

    /** Text a spreadsheet would evaluate as a formula gets a leading apostrophe; numbers stay as they are. */
    static String neutralise(String cell) {
        if (cell.isEmpty() || "=+-@\t\r".indexOf(cell.charAt(0)) < 0) return cell;
        return Numbers.parse(cell) != null ? cell : "'" + cell;
    }

    private static String abbreviate(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }
}
