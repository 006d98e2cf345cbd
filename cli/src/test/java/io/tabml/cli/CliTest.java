package io.tabml.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tabml.client.StubApi;
import io.tabml.client.TabmlClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The CLI against a scripted API on loopback: what it prints, and the exit code of each kind of outcome. */
class CliTest {
    StubApi api;
    Map<String, String> env;

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws Exception {
        api = new StubApi();
        env = Map.of("TABML_URL", api.url(), "TABML_KEY", "k-1", "HOME", dir.toString());
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void everyCommandsHelpSaysWhatItDoesWithAnExample() {
        CommandLine cli = Main.commandLine(new Console(System.out, System.err, Map.of(), false));
        for (var command : cli.getSubcommands().entrySet()) {
            if (command.getKey().equals("generate-completion")) continue;
            CliRun help = CliRun.of(env, command.getKey(), "--help");
            assertEquals(0, help.exitCode(), help.toString());
            assertTrue(help.out().startsWith("Usage: tabml " + command.getKey()), help.toString());
            assertTrue(help.out().contains("Examples:\n  tabml " + command.getKey()), help.toString());
            assertTrue(command.getValue().getCommandSpec().usageMessage().description().length > 0, command.getKey());
        }
        assertTrue(api.received.isEmpty(), "help calls nothing");
    }

    @Test
    void theHelpListsTheExitCodes() {
        CliRun run = CliRun.of(env, "--help");
        assertEquals(0, run.exitCode());
        assertTrue(run.out().contains("Exit codes:"), run.out());
        assertTrue(run.out().contains("4   unauthorized"), run.out());
    }

    @Test
    void listsModelsAsATableOrAsJson() throws Exception {
        api.answer(200, """
                {"models": [{"model": "churn", "championVersion": 2, "latestVersion": 3, "versionCount": 3,
                  "algorithm": "random-forest", "rocAuc": 0.8123, "accuracy": 0.9, "f1": 0.5, "updatedAt": "2026-11-30T10:00:00Z"},
                 {"model": "cost", "championVersion": 1, "latestVersion": 1, "versionCount": 1,
                  "algorithm": "ridge", "rmse": 120.25, "r2": 0.81, "updatedAt": "2026-11-30T11:00:00Z"}]}""");
        CliRun table = CliRun.of(env, "models");
        assertEquals(0, table.exitCode(), table.toString());
        assertTrue(table.out().lines().findFirst().orElseThrow().startsWith("MODEL  CHAMPION  LATEST"), table.out());
        assertTrue(table.out().contains("churn  v2        v3      3         random-forest  ROC AUC 0.812, accuracy 0.900"), table.out());
        assertTrue(table.out().contains("cost   v1        v1      1         ridge          RMSE 120.250, R² 0.810"), "a regressor's errors, "
                + "not a classifier's zeros: " + table.out());
        assertEquals("k-1", api.received.get(0).header("x-functions-key"));

        CliRun json = CliRun.of(env, "models", "--json");
        JsonNode models = TabmlClient.objectMapper().readTree(json.out());
        assertEquals("churn", models.get(0).get("model").asText());
        assertEquals("2026-11-30T10:00:00Z", models.get(0).get("updatedAt").asText());
    }

    @Test
    void aWrongKeyExitsWith4AndSaysWhereTheKeyGoes() {
        api.answer(401, "{\"error\": {\"code\": \"unauthorized\", \"message\": \"this route needs the function key\", \"details\": {}}}");
        CliRun run = CliRun.of(env, "models");
        assertEquals(4, run.exitCode(), run.toString());
        assertTrue(run.err().contains("error: this route needs the function key (unauthorized, HTTP 401)"), run.err());
        assertTrue(run.err().contains("--key"), run.err());
    }

    @Test
    void anUnknownModelExitsWith5() {
        api.answer(404, "{\"error\": {\"code\": \"not_found\", \"message\": \"model 'nope' does not exist\", \"details\": {}}}");
        CliRun run = CliRun.of(env, "model", "nope");
        assertEquals(5, run.exitCode(), run.toString());
        assertTrue(run.err().contains("model 'nope' does not exist"), run.err());
        assertEquals("/api/models/nope", api.received.get(0).path());
    }

    @Test
    void aRefusedPredictExitsWith3AndListsTheProblemsByField() {
        api.answer(400, "{\"error\": {\"code\": \"invalid_request\", \"message\": \"1 problem\", \"details\": {\"age\": [\"must be a number, got a string\"]}}}");
        CliRun run = CliRun.of(env, "predict", "churn", "--json", "{\"age\": \"thirty\"}");
        assertEquals(3, run.exitCode(), run.toString());
        assertTrue(run.err().contains("  age: must be a number, got a string"), run.err());
        assertEquals("{\"age\":\"thirty\"}", api.received.get(0).body());
    }

    @Test
    void predictsOneRowAsALabelAndProbabilities() {
        api.answer(200, """
                {"model": "churn", "version": 2, "label": "yes", "probabilities": {"yes": 0.75, "no": 0.25},
                 "contributions": [{"feature": "age", "value": 34, "contribution": 0.2}], "warnings": ["'x' was not seen in training"]}""");
        CliRun run = CliRun.of(env, "predict", "churn", "--json", "{\"age\": 34}", "--explain");
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().startsWith("churn v2: yes\nCLASS  PROBABILITY\nyes    0.750\nno     0.250\n"), run.out());
        assertTrue(run.out().contains("age      34     +0.200"), run.out());
        assertTrue(run.out().contains("warning: 'x' was not seen in training"), run.out());
        assertEquals("explain=true", api.received.get(0).query());
    }

    @Test
    void predictsARegressorsValueWithItsInterval() throws Exception {
        api.answer(200, """
                {"model": "cost", "version": 3, "prediction": 1234.5, "interval": [1000.25, 1500.75],
                 "contributions": [{"feature": "age", "value": 34, "contribution": -120.5}]}""");
        CliRun one = CliRun.of(env, "predict", "cost", "--json", "{\"age\": 34}", "--explain");
        assertEquals(0, one.exitCode(), one.toString());
        assertTrue(one.out().startsWith("cost v3: 1234.500 (interval 1000.250 to 1500.750)\n"), one.out());
        assertTrue(one.out().contains("age      34     -120.500"), one.out());
    }

    @Test
    void predictsARegressorsRowsAsATableOfValuesAndIntervals() throws Exception {
        api.answer(200, """
                {"model": "cost", "version": 3, "predictions": [{"predictionId": "a", "prediction": 10.0, "interval": [8.0, 12.0]},
                  {"predictionId": "b", "prediction": 20.0, "interval": [18.0, 22.0]}]}""");
        Path rows = Files.writeString(dir.resolve("costs.json"), "[{\"age\": 34}, {\"age\": 70}]");
        CliRun many = CliRun.of(env, "predict", "cost", "--file", rows.toString());
        assertEquals(0, many.exitCode(), many.toString());
        assertTrue(many.out().contains("ROW  PREDICTION  LOW     HIGH\n0    10.000      8.000   12.000\n1    20.000      18.000  22.000"), many.out());
    }

    @Test
    void showsAClassifiersLiveAccuracyAndARegressorsLiveRmseBesideTheHoldouts() {
        // the stub answers in order: the classifier's report, then the regressor's
        api.answer(200, """
                {"model": "churn", "status": {"status": "ok", "reasons": [], "since": "2026-11-30T10:05:00Z"}, "windows": [
                  {"from": "2026-11-30T09:00:00Z", "predictions": 150, "status": {"status": "ok"}, "versions": [{"version": 1,
                   "summary": {"features": [{"feature": "age", "psi": 0.02}], "live": {"labelled": 60, "accuracy": 0.9,
                   "holdout": {"accuracy": 0.88}}}}]}]}""");
        api.answer(200, """
                {"model": "cost", "windows": [
                  {"from": "2026-11-30T09:00:00Z", "predictions": 150, "status": {"status": "degraded"}, "versions": [{"version": 2,
                   "summary": {"features": [{"feature": "age", "psi": 0.02}], "liveRegression": {"labelled": 120, "rmse": 140.5,
                   "holdout": {"rmse": 120.25}}}}]}]}""");
        CliRun classifier = CliRun.of(env, "monitoring", "churn");
        assertEquals(0, classifier.exitCode(), classifier.toString());
        assertTrue(classifier.out().contains("60        accuracy 0.900  accuracy 0.880"), classifier.out());
        CliRun regressor = CliRun.of(env, "monitoring", "cost");
        assertEquals(0, regressor.exitCode(), regressor.toString());
        assertTrue(regressor.out().contains("120       RMSE 140.500  RMSE 120.250"), regressor.out());
    }

    @Test
    void showsARegressorsVersionWithItsErrorsAndInterval() {
        api.answer(200, """
                {"model": "cost", "version": 2, "algorithm": "gradient-boosting", "rows": 1000, "trainRows": 800,
                 "evaluation": {"method": "holdout", "rows": 200, "reason": "20% of the rows"},
                 "gate": {"promote": true, "reason": "better than predicting the training mean"},
                 "regression": {"metrics": {"rows": 200, "rmse": 140.5, "mae": 110.25, "r2": 0.8, "mape": null, "baselineRmse": 400,
                   "interval": {"lowQuantile": 0.05, "highQuantile": 0.95, "low": -220.5, "high": 240.25, "coverage": 0.9}}}}""");
        CliRun run = CliRun.of(env, "model", "cost", "--version", "2");
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().contains("RMSE     MAE      R²     MAPE  BASELINE RMSE\n140.500  110.250  0.800  -     400.000"), run.out());
        assertTrue(run.out().contains("interval   prediction -220.500 to +240.250 (residual quantiles 0.05 and 0.95): held 90.0% of the holdout"),
                run.out());
    }

    @Test
    void predictsTheRowsOfAJsonFileInOneRequest() throws Exception {
        api.answer(200, """
                {"model": "churn", "version": 2, "predictions": [{"label": "yes", "probabilities": {"no": 0.4, "yes": 0.6}},
                  {"label": "no", "probabilities": {"no": 0.9, "yes": 0.1}}]}""");
        Path rows = Files.writeString(dir.resolve("rows.json"), "[{\"age\": 34}, {\"age\": 70}]");
        CliRun run = CliRun.of(env, "predict", "churn", "--file", rows.toString());
        assertEquals(0, run.exitCode(), run.toString());
        assertEquals("{\"rows\":[{\"age\":34},{\"age\":70}]}", api.received.get(0).body());
        assertTrue(run.out().contains("ROW  LABEL  P(no)  P(yes)\n0    yes    0.400  0.600\n1    no     0.900  0.100"), run.out());
    }

    @Test
    void usageErrorsExitWith2BeforeAnythingIsSent() {
        assertEquals(2, CliRun.of(env, "predict", "churn").exitCode(), "one input is required");
        assertEquals(2, CliRun.of(env, "predict", "churn", "--json", "{}", "--csv", "a.csv").exitCode(), "inputs exclude each other");
        assertEquals(2, CliRun.of(env, "predict", "churn", "--json", "{not json").exitCode());
        assertEquals(2, CliRun.of(env, "predict", "churn", "--json", "{}", "--out", "x.csv").exitCode());
        assertEquals(2, CliRun.of(env, "upload", dir.resolve("missing.csv").toString(), "--model", "m").exitCode());
        assertEquals(2, CliRun.of(env, "jobs", "--state", "sleeping").exitCode());
        assertEquals(2, CliRun.of(Map.of("HOME", dir.toString()), "models").exitCode(), "no URL anywhere");
        assertTrue(api.received.isEmpty());
    }

    @Test
    void theUrlAndKeyComeFromAProfileWhenNotGiven() throws Exception {
        Files.createDirectories(dir.resolve(".config/tabml"));
        Files.writeString(dir.resolve(".config/tabml/config"), "[lab]\nurl = " + api.url() + "\nkey = lab-key\n");
        api.answer(200, "{\"models\": []}");
        CliRun run = CliRun.of(Map.of("HOME", dir.toString()), "models", "--profile", "lab");
        assertEquals(0, run.exitCode(), run.toString());
        assertEquals("lab-key", api.received.get(0).header("x-functions-key"));
        assertTrue(run.out().startsWith("no models yet"), run.out());
    }

    @Test
    void anUnreachableApiExitsWith7() throws Exception {
        api.close();
        CliRun run = CliRun.of(env, "jobs");
        assertEquals(7, run.exitCode(), run.toString());
        assertTrue(run.err().startsWith("error: cannot reach the API at " + api.url()), run.err());
    }

    @Test
    void aBusyApiIsRetriedThenExitsWith7() {
        api.answer(503, "{\"error\": {\"code\": \"unavailable\", \"message\": \"busy\", \"details\": {}}}");
        CliRun run = CliRun.of(env, "models");
        assertEquals(7, run.exitCode(), run.toString());
        assertTrue(api.received.size() > 1, "the read was retried");
    }

    @Test
    void anUploadThatIsRejectedExitsWith6WithTheReasonAndLine() throws Exception {
        api.answer(202, "{\"dataset\": \"datasets/m/bad.csv\", \"jobId\": \"m-1\", \"status\": \"/api/jobs/m-1\", \"unchanged\": false}")
                .answer(200, """
                {"id": "m-1", "model": "m", "state": "Rejected", "stage": "rejected", "progress": 0,
                 "error": {"code": "ragged_row", "message": "row has 3 fields, the header 2", "line": 7}}""");
        Path csv = Files.writeString(dir.resolve("bad.csv"), "a,target\n1,yes\n");
        CliRun run = CliRun.of(env, "upload", csv.toString(), "--model", "m", "--wait");
        assertEquals(6, run.exitCode(), run.toString());
        assertTrue(run.out().contains("m: rejected - ragged_row (line 7): row has 3 fields, the header 2"), run.out());
        assertEquals("name=bad.csv", api.received.get(0).query());
        assertEquals("a,target\n1,yes\n", api.received.get(0).body());
    }

    @Test
    void rollingBackWithoutAnEarlierChampionExitsWith3() {
        api.answer(200, """
                {"model": "m", "champion": {"version": 1, "promotedAt": "2026-11-30T10:00:00Z", "reason": "gate"}, "schemaVersion": 1,
                 "championHistory": [{"at": "2026-11-30T10:00:00Z", "from": null, "to": 1, "reason": "gate"}]}""");
        CliRun run = CliRun.of(env, "rollback", "m");
        assertEquals(3, run.exitCode(), run.toString());
        assertTrue(run.err().contains("no earlier champion"), run.err());
    }

    @Test
    void generatesShellCompletion() {
        CliRun run = CliRun.of(env, "generate-completion");
        assertEquals(0, run.exitCode());
        assertTrue(run.out().contains("complete -F _complete_tabml"), run.out());
    }
}
