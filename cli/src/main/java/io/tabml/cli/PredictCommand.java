package io.tabml.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tabml.client.Prediction;
import io.tabml.client.PredictOptions;
import io.tabml.client.TabmlClient;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "predict",
        description = {"Predict with a model: a JSON row, a JSON file of rows, or a CSV file.",
            "The champion answers, or the version given with --version. A JSON answer shows the label and each class's "
            + "probability, or a regressor's value and its interval (--explain: what moved it). A CSV comes back with "
            + "'predictionId', 'prediction' and 'probability_<class>' (or 'interval_low' and 'interval_high') columns "
            + "appended, to --out or standard output (the id is what feedback names).",
            "Here --json is the input row; --raw prints the answer as JSON, which other commands call --json."},
        footerHeading = "%nExamples:%n", footer = {"  tabml predict churn --json '{\"age\": 34, \"plan\": \"basic\", \"tenure\": 12}'",
            "  tabml predict churn --file rows.json --explain",
            "  tabml predict churn --csv customers.csv --out scored.csv"})
final class PredictCommand extends ApiCommand {
    private static final ObjectMapper JSON = TabmlClient.objectMapper();
    private static final TypeReference<Map<String, Object>> ROW = new TypeReference<>() {};

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "The model.")
    String model;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    static final class Input {
        @Option(names = "--json", paramLabel = "ROW", description = "One row as a JSON object of feature values.")
        String json;

        @Option(names = "--file", paramLabel = "FILE", description = "A JSON file: one row (an object), or rows (an array, or {\"rows\": [...]}).")
        Path file;

        @Option(names = "--csv", paramLabel = "FILE", description = "A CSV file with a header; every row is scored.")
        Path csv;
    }

    @Option(names = "--out", paramLabel = "FILE", description = "With --csv: write the scored CSV here instead of standard output.")
    Path out;

    @Option(names = "--version", paramLabel = "N", description = "Predict with this version instead of the champion.")
    Integer version;

    @Option(names = "--explain", description = "With --json or --file: each row's top feature contributions.")
    boolean explain;

    @Option(names = "--lenient", description = "With --json or --file: ignore fields the model does not know instead of refusing them.")
    boolean lenient;

    @Option(names = "--raw", description = "With --json or --file: print the API's JSON answer (for scripts).")
    boolean raw;

    @Override
    public Integer call() throws IOException {
        var options = new PredictOptions(version, lenient, explain);
        if (input.csv != null) return predictCsv(options);
        if (out != null) throw new ParameterException(spec.commandLine(), "--out goes with --csv; redirect the output of --json or --file instead");
        String text = input.json != null ? input.json : new String(Inputs.read(spec.commandLine(), input.file), StandardCharsets.UTF_8);
        JsonNode body = parse(text);
        TabmlClient client = client();
        Prediction answer;
        if (body.isArray() || (body.isObject() && body.size() == 1 && body.has("rows"))) {
            answer = client.predict(model, rows(body.isArray() ? body : body.get("rows")), options);
        } else if (body.isObject()) {
            answer = client.predict(model, JSON.convertValue(body, ROW), options);
        } else {
            throw new ParameterException(spec.commandLine(), "the input must be a JSON object (one row) or an array of objects");
        }
        print(console().out(), answer);
        return ExitCodes.OK;
    }

    private Integer predictCsv(PredictOptions options) throws IOException {
        if (explain || lenient || raw) {
            throw new ParameterException(spec.commandLine(), "--explain, --lenient and --raw go with --json or --file; the CSV answer has none");
        }
        String scored = client().predict(model, Inputs.readable(spec.commandLine(), input.csv), options);
        if (out == null) {
            console().out().print(scored);
        } else {
            Files.writeString(out, scored, StandardCharsets.UTF_8);
            long rows = scored.lines().count() - 1;
            console().err().println("scored " + rows + " rows into " + out);
        }
        return ExitCodes.OK;
    }

    private void print(PrintStream out, Prediction answer) {
        if (raw) {
            JsonOption.print(out, answer);
            return;
        }
        if (answer.regression()) {
            printValues(out, answer);
        } else if (answer.predictions().isEmpty()) {
            out.println(answer.model() + " v" + answer.version() + ": " + answer.label());
            var probabilities = new Table("CLASS", "PROBABILITY");
            answer.probabilities().forEach((label, p) -> probabilities.row(label, Table.number(p)));
            probabilities.print(out);
            printContributions(out, answer.contributions());
        } else {
            out.println(answer.model() + " v" + answer.version() + ": " + answer.predictions().size() + " rows");
            List<String> classes = List.copyOf(answer.predictions().get(0).probabilities().keySet());
            List<String> header = new ArrayList<>(List.of("ROW", "LABEL"));
            classes.forEach(c -> header.add("P(" + c + ")"));
            var table = new Table(header.toArray(String[]::new));
            for (int i = 0; i < answer.predictions().size(); i++) {
                var row = answer.predictions().get(i);
                List<Object> cells = new ArrayList<>(List.of(i, row.label()));
                classes.forEach(c -> cells.add(Table.number(row.probabilities().getOrDefault(c, Double.NaN))));
                table.row(cells.toArray());
            }
            table.print(out);
            for (int i = 0; i < answer.predictions().size(); i++) {
                if (answer.predictions().get(i).contributions().isEmpty()) continue;
                out.println("row " + i + ":");
                printContributions(out, answer.predictions().get(i).contributions());
            }
        }
        answer.warnings().forEach(warning -> out.println("warning: " + warning));
    }

    /** A regressor's answer: the value with its interval, for one row or a table of rows. */
    private static void printValues(PrintStream out, Prediction answer) {
        if (answer.predictions().isEmpty()) {
            out.println(answer.model() + " v" + answer.version() + ": " + Table.number(answer.prediction()) + " (interval "
                    + Table.number(answer.interval().get(0)) + " to " + Table.number(answer.interval().get(1)) + ")");
            printContributions(out, answer.contributions());
            return;
        }
        out.println(answer.model() + " v" + answer.version() + ": " + answer.predictions().size() + " rows");
        var table = new Table("ROW", "PREDICTION", "LOW", "HIGH");
        for (int i = 0; i < answer.predictions().size(); i++) {
            var row = answer.predictions().get(i);
            table.row(i, Table.number(row.prediction()), Table.number(row.interval().get(0)), Table.number(row.interval().get(1)));
        }
        table.print(out);
        for (int i = 0; i < answer.predictions().size(); i++) {
            if (answer.predictions().get(i).contributions().isEmpty()) continue;
            out.println("row " + i + ":");
            printContributions(out, answer.predictions().get(i).contributions());
        }
    }

    private static void printContributions(PrintStream out, List<Prediction.Contribution> contributions) {
        if (contributions.isEmpty()) return;
        var table = new Table("FEATURE", "VALUE", "CONTRIBUTION");
        contributions.forEach(c -> table.row(c.feature(), c.value(), String.format(java.util.Locale.ROOT, "%+.3f", c.contribution())));
        table.print(out);
    }

    private JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ParameterException(spec.commandLine(), "the input is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private List<Map<String, Object>> rows(JsonNode array) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (JsonNode row : array) {
            if (!row.isObject()) throw new ParameterException(spec.commandLine(), "every row must be a JSON object of feature values");
            rows.add(JSON.convertValue(row, ROW));
        }
        return rows;
    }
}
