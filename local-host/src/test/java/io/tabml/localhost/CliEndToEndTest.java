package io.tabml.localhost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tabml.cli.Main;
import io.tabml.ingest.DatasetLayout;
import io.tabml.storage.BlobStore;
import io.tabml.storage.Json;
import io.tabml.testing.Azurite;
import io.tabml.testing.EndToEnd;
import io.tabml.testing.SampleData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code tabml} CLI against the real local host and Azurite, as a script runs it: the URL and
 * key from the environment, results on standard output, and the documented exit codes.
 */
@EndToEnd
class CliEndToEndTest {
    static final String FUNCTION_KEY = "cli-function-key";
    static final String ADMIN_KEY = "cli-admin-key";
    static final String MODEL = "cli-e2e";

    static LocalHost host;
    static BlobStore blobs;
    static Map<String, String> env;
    static Map<String, String> adminEnv;
    static Run firstUpload;

    @TempDir
    static Path dir;

    record Run(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    @BeforeAll
    static void startHostAndTrainWithTheCli() throws Exception {
        Azurite azurite = Azurite.shared();
        blobs = azurite.blobStore();
        host = TestHosts.start(TestHosts.settings(azurite, "cli-e2e-test", FUNCTION_KEY, ADMIN_KEY));
        String url = "http://127.0.0.1:" + host.port();
        env = Map.of("TABML_URL", url, "TABML_KEY", FUNCTION_KEY, "HOME", dir.toString());
        adminEnv = Map.of("TABML_URL", url, "TABML_KEY", ADMIN_KEY, "HOME", dir.toString());
        // the settings go through the CLI: the version trained with logistic regression alone shows they were used
        Path settings = Files.writeString(dir.resolve("settings.json"), "{\"algorithms\": [\"logistic-regression\"], \"timeBudgetSeconds\": 30}");
        Path csv = Files.write(dir.resolve("incidents.csv"), SampleData.damageIncidence(1500, 31));
        firstUpload = tabml(env, "upload", csv.toString(), "--model", MODEL, "--config", settings.toString(), "--wait");
    }

    @AfterAll
    static void stop() {
        if (host != null) host.close();
    }

    @Test
    void aRegressorIsUploadedAndShownWithItsErrors() throws Exception {
        Path costs = Files.write(dir.resolve("costs.csv"), SampleData.repairCost(600, 32));
        Path ridge = Files.writeString(dir.resolve("ridge.json"), "{\"algorithms\": [\"ridge\"], \"timeBudgetSeconds\": 30}");
        Run upload = tabml(env, "upload", costs.toString(), "--model", "cli-costs", "--config", ridge.toString(), "--wait");
        assertEquals(0, upload.exitCode(), upload.toString());
        assertTrue(upload.out().startsWith("cli-costs: version 1 registered (ridge, RMSE "), upload.out());
        assertTrue(upload.out().contains("\n  trained on local: TRAINING_BACKEND is local"), upload.out());
        Run models = tabml(env, "models");
        assertTrue(models.out().lines().anyMatch(line -> line.startsWith("cli-costs") && line.contains("RMSE ")), models.out());
        Run version = tabml(env, "model", "cli-costs", "--version", "1");
        assertEquals(0, version.exitCode(), version.toString());
        assertTrue(version.out().contains("held ") && version.out().contains("% of the holdout"), version.out());
    }

    @Test
    void uploadWithWaitFollowsTheJobAndEndsWithTheVersionAndTheGatesDecision() {
        assertEquals(0, firstUpload.exitCode(), firstUpload.toString());
        assertTrue(firstUpload.out().startsWith(MODEL + ": version 1 registered (logistic-regression, ROC AUC 0."), firstUpload.out());
        assertTrue(firstUpload.out().contains("\n  promoted to champion: "), firstUpload.out());
        // not a terminal: one progress line per stage, ending registered
        assertTrue(firstUpload.err().contains("Running: "), firstUpload.err());
        assertTrue(firstUpload.err().strip().endsWith("100%  Registered"), firstUpload.err());
    }

    @Test
    void predictsACsvFileIntoAnOutputFile() throws Exception {
        Path in = Files.write(dir.resolve("score-me.csv"), SampleData.damageIncidence(40, 5));
        Path out = dir.resolve("scored.csv");
        Run run = tabml(env, "predict", MODEL, "--csv", in.toString(), "--out", out.toString());
        assertEquals(0, run.exitCode(), run.toString());
        assertEquals("scored 40 rows into " + out, run.err().strip());
        var lines = Files.readAllLines(out);
        assertEquals(41, lines.size());
        assertTrue(lines.get(0).endsWith(",target,predictionId,prediction,probability_no,probability_yes"), lines.get(0));
        assertTrue(lines.get(1).matches(".*,[0-9A-Z]{26},(yes|no),0\\.\\d+,0\\.\\d+"), lines.get(1));
    }

    @Test
    void sendsTheTrueClassesOfAScoredCsvAsFeedbackAndShowsMonitoring() throws Exception {
        Path in = Files.write(dir.resolve("to-label.csv"), SampleData.damageIncidence(20, 9));
        Path scored = dir.resolve("to-label-scored.csv");
        assertEquals(0, tabml(env, "predict", MODEL, "--csv", in.toString(), "--out", scored.toString()).exitCode());
        // the scored CSV with an 'actual' column: its target, as a user would add once the outcome is known
        var lines = Files.readAllLines(scored);
        List<String> withActual = new java.util.ArrayList<>();
        int target = List.of(lines.get(0).split(",")).indexOf("target");
        withActual.add(lines.get(0) + ",actual");
        for (String line : lines.subList(1, lines.size())) withActual.add(line + "," + line.split(",", -1)[target]);
        Path outcomes = Files.write(dir.resolve("outcomes.csv"), withActual);

        // the log writes asynchronously: the ids are known once it has flushed (TestHosts: every 200 ms)
        Run sent = tabml(env, "feedback", MODEL, outcomes.toString());
        for (int tries = 0; sent.exitCode() != 0 && tries < 25; tries++) {
            Thread.sleep(200);
            sent = tabml(env, "feedback", MODEL, outcomes.toString());
        }
        assertEquals(0, sent.exitCode(), sent.toString());
        assertEquals(MODEL + ": 20 received, 20 recorded, 0 already recorded", sent.out().strip());
        Run again = tabml(env, "feedback", MODEL, outcomes.toString());
        assertEquals(MODEL + ": 20 received, 0 recorded, 20 already recorded", again.out().strip(), again.toString());

        Run monitoring = tabml(env, "monitoring", MODEL);
        assertEquals(0, monitoring.exitCode(), monitoring.toString());
        assertTrue(monitoring.out().startsWith(MODEL + ": not monitored yet") || monitoring.out().startsWith(MODEL + ": ok"), monitoring.out());
        assertTrue(monitoring.out().contains("WINDOW"), monitoring.out());
    }

    @Test
    void predictsOneRowAndExplainsIt() {
        Run run = tabml(env, "predict", MODEL, "--json", LocalHostTest.validRow(), "--explain");
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().matches("(?s)" + MODEL + " v\\d+: (yes|no)\nCLASS +PROBABILITY\n.*FEATURE +VALUE +CONTRIBUTION\n.*"), run.out());
    }

    @Test
    void promotesAndRollsBackWithTheAdminKey() throws Exception {
        Path second = Files.write(dir.resolve("incidents-2.csv"), SampleData.damageIncidence(1500, 32));
        Run upload = tabml(env, "upload", second.toString(), "--model", MODEL, "--wait", "--json");
        assertEquals(0, upload.exitCode(), upload.toString());
        assertEquals(2, json(upload.out()).get("job").get("version").asInt(), upload.out());
        int before = champion();
        int other = before == 1 ? 2 : 1;

        Run refused = tabml(env, "promote", MODEL, Integer.toString(other), "--reason", "by hand");
        assertEquals(4, refused.exitCode(), "promotion needs the admin key: " + refused);
        assertEquals(before, champion());

        Run promote = tabml(adminEnv, "promote", MODEL, Integer.toString(other), "--reason", "by hand");
        assertEquals(0, promote.exitCode(), promote.toString());
        assertEquals(MODEL + ": version " + other + " is the champion (by hand)", promote.out().strip());
        assertEquals(other, champion());

        Run rollback = tabml(adminEnv, "rollback", MODEL);
        assertEquals(0, rollback.exitCode(), rollback.toString());
        assertEquals(before, champion());
        JsonNode history = json(tabml(env, "model", MODEL, "--json").out()).get("championHistory");
        assertEquals("rolled back from version " + other, history.get(history.size() - 1).get("reason").asText());
    }

    @Test
    void settingsTheTrainerWouldRefuseExitWith3AndUploadNothing() throws Exception {
        String model = "cli-bad-settings";
        Path settings = Files.writeString(dir.resolve("bad-settings.json"), "{\"cvFolds\": 1}");
        Run run = tabml(env, "upload", dir.resolve("incidents.csv").toString(), "--model", model, "--config", settings.toString());
        assertEquals(3, run.exitCode(), run.toString());
        assertTrue(run.err().contains("cvFolds: must be between 2 and 10, got 1"), run.toString());
        assertTrue(blobs.list(DatasetLayout.CONTAINER, model + "/").isEmpty(), "neither settings nor data stored");
    }

    @Test
    void aWrongKeyExitsWith4() {
        Run run = tabml(Map.of("TABML_URL", env.get("TABML_URL"), "TABML_KEY", "not-the-key", "HOME", dir.toString()), "models");
        assertEquals(4, run.exitCode(), run.toString());
        assertTrue(run.err().contains("(unauthorized, HTTP 401)"), run.err());
        assertEquals("", run.out());
    }

    @Test
    void anUnknownModelExitsWith5() {
        Run run = tabml(env, "model", "no-such-model");
        assertEquals(5, run.exitCode(), run.toString());
        assertTrue(run.err().startsWith("error: model 'no-such-model' does not exist"), run.err());
    }

    /** Twelve good rows, then line 14 with a field too many. */
    private static Path raggedCsv(String name) throws Exception {
        StringBuilder csv = new StringBuilder("x,target\n");
        for (int i = 0; i < 12; i++) csv.append(i).append(i % 2 == 0 ? ",yes\n" : ",no\n");
        csv.append("12,yes,extra\n");
        return Files.writeString(dir.resolve(name), csv);
    }

    @Test
    void aRejectedUploadExitsWith6WithTheReasonAndTheLine() throws Exception {
        Path file = raggedCsv("ragged.csv");
        Run run = tabml(env, "upload", file.toString(), "--model", "cli-rejected", "--wait");
        assertEquals(6, run.exitCode(), run.toString());
        assertEquals("cli-rejected: rejected - ragged_row (line 14): line 14 has 3 fields but the header has 2", run.out().strip());
    }

    @Test
    void aDirectUploadGoesStraightToStorageAndIsFollowedLikeAnyOther() throws Exception {
        Path file = raggedCsv("ragged-direct.csv");
        Run run = tabml(env, "upload", file.toString(), "--model", "cli-direct", "--direct", "--wait");
        assertEquals(6, run.exitCode(), run.toString());
        assertEquals("cli-direct: rejected - ragged_row (line 14): line 14 has 3 fields but the header has 2", run.out().strip(),
                "the job the API named before the upload is the one the dataset trigger made");
        assertEquals(Files.readString(file), new String(blobs.read(DatasetLayout.CONTAINER, "cli-direct/ragged-direct.csv").orElseThrow().value(),
                java.nio.charset.StandardCharsets.UTF_8), "written by the CLI to Azurite with the URL's SAS");
    }

    @Test
    void listsModelsAndJobsAsTablesOrJson() throws Exception {
        Run models = tabml(env, "models");
        assertEquals(0, models.exitCode(), models.toString());
        assertTrue(models.out().lines().anyMatch(line -> line.startsWith(MODEL + " ")), models.out());

        Run jobs = tabml(env, "jobs", "--model", MODEL, "--state", "registered", "--json");
        assertEquals(0, jobs.exitCode(), jobs.toString());
        JsonNode list = json(jobs.out());
        assertTrue(list.size() >= 1, jobs.out());
        for (JsonNode job : list) assertEquals("Registered", job.get("state").asText());
        Run table = tabml(env, "jobs", "--model", MODEL);
        assertTrue(table.out().startsWith("JOB "), table.out());
        assertTrue(table.out().contains(" Registered "), table.out());

        Run watch = tabml(env, "jobs", "--model", MODEL, "--state", "registered", "--watch");
        assertEquals(0, watch.exitCode(), "every listed job has ended, so watching stops: " + watch);
    }

    @Test
    void cancelNeedsTheAdminKeyAndLeavesAnEndedJobAsItIs() {
        String jobId = json(tabml(env, "jobs", "--model", MODEL, "--state", "registered", "--json").out()).get(0).get("id").asText();
        assertEquals(4, tabml(env, "cancel", jobId).exitCode(), "cancel is admin level");
        Run ended = tabml(adminEnv, "cancel", jobId);
        assertEquals(0, ended.exitCode(), ended.toString());
        assertTrue(ended.out().strip().matches("job " + jobId + ": Registered \\(it had already ended\\)"), ended.out());
        assertEquals(5, tabml(adminEnv, "cancel", "no-such-job").exitCode());
    }

    private static int champion() {
        Run model = tabml(env, "model", MODEL, "--json");
        assertEquals(0, model.exitCode(), model.toString());
        return json(model.out()).get("champion").get("version").asInt();
    }

    private static JsonNode json(String text) {
        return Json.read(text.getBytes(StandardCharsets.UTF_8), JsonNode.class);
    }

    static Run tabml(Map<String, String> environment, String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code;
        try (var outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
             var errStream = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = Main.run(args, outStream, errStream, environment);
        }
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
