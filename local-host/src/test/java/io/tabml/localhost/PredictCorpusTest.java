package io.tabml.localhost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.tabml.client.Job;
import io.tabml.client.JobState;
import io.tabml.storage.BlobStore;
import io.tabml.storage.Json;
import io.tabml.testing.Azurite;
import io.tabml.testing.EndToEnd;
import io.tabml.testing.SampleData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 8 (items 2 and 5) through the running local host on loopback, against real Azurite: a
 * corpus of bad predict requests, each a 4xx JSON error naming what is wrong; a seeded, bounded
 * fuzz loop over mutated bodies that must never produce a 5xx or a dropped connection; and the
 * security checks (keys per auth level, keys never logged, model names against path traversal,
 * body limits, static files confined to static-web with the security headers).
 */
@EndToEnd
class PredictCorpusTest {
    static final String FUNCTION_KEY = "corpus-function-key-7f3a9c";
    static final String ADMIN_KEY = "corpus-admin-key-b81d2e";
    static final String WRONG_KEY = "corpus-wrong-key-4c6e0a";
    static final String MODEL = "corpus";
    static final String PREDICT = "/api/models/" + MODEL + "/predict";
    static final long MAX_PREDICT_BYTES = 2_000_000;
    static final long MAX_REQUEST_BYTES = 4_000_000;

    static LocalHost host;
    static BlobStore blobs;
    static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final ConcurrentLinkedQueue<LogRecord> logged = new ConcurrentLinkedQueue<>();
    static final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeAll
    static void startHostAndTrainOneModel() throws Exception {
        Logger.getLogger("").addHandler(capture);
        Azurite azurite = Azurite.shared();
        blobs = azurite.blobStore();
        Map<String, String> settings = TestHosts.settings(azurite, "predict-corpus-test", FUNCTION_KEY, ADMIN_KEY);
        settings.put("MAX_PREDICT_BYTES", Long.toString(MAX_PREDICT_BYTES));
        settings.put("MAX_REQUEST_BYTES", Long.toString(MAX_REQUEST_BYTES));
        host = TestHosts.start(settings);
        Job job = TestHosts.trainThroughApi(blobs, host.port(), FUNCTION_KEY, MODEL,
                "{\"algorithms\": [\"logistic-regression\"], \"timeBudgetSeconds\": 30}", SampleData.damageIncidence(1000, 5));
        assertEquals(JobState.Registered, job.state(), String.valueOf(job));
    }

    @AfterAll
    static void stop() {
        Logger.getLogger("").removeHandler(capture);
        if (host != null) host.close();
    }

    // ---------------------------------------------------------------- 1. the corpus

    /** A request expected to fail: status, error code (null: any), and text the message or details must contain. */
    record Case(String name, String path, String contentType, byte[] body, int status, String code, String mentions) {}

    static List<Case> corpus() {
        List<Case> c = new ArrayList<>();
        String row = validRow();
        // wrong types per feature
        c.add(json("string for a number", row.replace("\"age\": 34", "\"age\": \"thirty\""), 400, "invalid_request", "age"));
        c.add(json("numeric string for a number", row.replace("\"credit_score\": 640", "\"credit_score\": \"640\""), 400, "invalid_request", "credit_score"));
        c.add(json("boolean for a number", row.replace("\"age\": 34", "\"age\": true"), 400, "invalid_request", "age"));
        c.add(json("array for a number", row.replace("\"age\": 34", "\"age\": [34]"), 400, "invalid_request", "age"));
        c.add(json("object for a number", row.replace("\"age\": 34", "\"age\": {\"value\": 34}"), 400, "invalid_request", "age"));
        c.add(json("array for a category", row.replace("\"region\": \"north\"", "\"region\": [\"north\"]"), 400, "invalid_request", "region"));
        c.add(json("object for a category", row.replace("\"region\": \"north\"", "\"region\": {\"v\": 1}"), 400, "invalid_request", "region"));
        c.add(json("nested array for a boolean", row.replace("\"urban\": \"true\"", "\"urban\": [[true]]"), 400, "invalid_request", "urban"));
        c.add(json("every field wrong", "{\"age\": [], \"region\": {}, \"vehicle_type\": [1], \"vehicle_age_years\": \"x\","
                + " \"annual_mileage_km\": false, \"prior_claims\": {}, \"credit_score\": \"\", \"policy_type\": [],"
                + " \"telematics\": {}, \"urban\": [], \"deductible\": \"500\"}", 400, "invalid_request", "deductible"));
        c.add(json("a missing feature", row.replace(", \"deductible\": 500", ""),
                400, "invalid_request", "deductible"));
        c.add(json("empty object", "{}", 400, "invalid_request", "age"));
        // non-finite and out-of-range numbers
        c.add(json("NaN literal", row.replace("\"age\": 34", "\"age\": NaN"), 400, "invalid_json", "NaN"));
        c.add(json("Infinity literal", row.replace("\"age\": 34", "\"age\": Infinity"), 400, "invalid_json", "Infinity"));
        c.add(json("-Infinity literal", row.replace("\"age\": 34", "\"age\": -Infinity"), 400, "invalid_json", "Infinity"));
        c.add(json("1e400 overflows to infinity", row.replace("\"credit_score\": 640", "\"credit_score\": 1e400"), 400, "invalid_request", "credit_score"));
        c.add(json("-1e99999 overflows", row.replace("\"credit_score\": 640", "\"credit_score\": -1e99999"), 400, "invalid_request", "credit_score"));
        c.add(json("a 5,000-digit number", row.replace("\"credit_score\": 640", "\"credit_score\": " + "9".repeat(5000)), 400, "invalid_json", "number"));
        c.add(json("leading zeros", row.replace("\"age\": 34", "\"age\": 034"), 400, "invalid_json", "leading zero"));
        c.add(json("hex number", row.replace("\"age\": 34", "\"age\": 0x22"), 400, "invalid_json", null));
        // nesting
        c.add(json("10,000 nested arrays", "[".repeat(10_000) + "]".repeat(10_000), 400, "invalid_json", "nesting"));
        c.add(json("10,000 nested arrays as a value", row.replace("\"age\": 34", "\"age\": " + "[".repeat(10_000) + "]".repeat(10_000)),
                400, "invalid_json", "nesting"));
        c.add(json("10,000 nested objects", "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000), 400, "invalid_json", "nesting"));
        c.add(json("10,000 unclosed arrays", "[".repeat(10_000), 400, "invalid_json", null));
        // batches
        c.add(json("rows over the row limit", "{\"rows\": [" + "{},".repeat(10_000) + "{}]}", 413, "payload_too_large", "rows"));
        c.add(json("rows not an array", "{\"rows\": 5}", 400, "invalid_request", "rows"));
        c.add(json("rows empty", "{\"rows\": []}", 400, "invalid_request", "rows"));
        c.add(json("rows holding a number", "{\"rows\": [1]}", 400, "invalid_request", "rows[0]"));
        c.add(json("rows with one bad row", "{\"rows\": [" + row + "," + row.replace("\"age\": 34", "\"age\": \"x\"") + "]}",
                400, "invalid_request", "rows[1].age"));
        // big values
        c.add(json("a 1 MB string for a number", row.replace("\"age\": 34", "\"age\": \"" + "x".repeat(1 << 20) + "\""), 400, "invalid_request", "age"));
        c.add(json("a 10,000-character unknown field", row.replace("{", "{\"" + "f".repeat(10_000) + "\": 1,"), 400, "invalid_request", "fffff"));
        c.add(json("an empty field name", row.replace("{", "{\"\": 1,"), 400, "invalid_request", "not an input"));
        // the document itself
        c.add(bytes("invalid UTF-8 in a string", "application/json", utf8Broken(row), 400, "invalid_json", "UTF-8"));
        c.add(bytes("a lone 0xFF byte", "application/json", new byte[] {(byte) 0xFF}, 400, "invalid_json", null));
        c.add(json("top-level array", "[" + row + "]", 400, "invalid_request", "body"));
        c.add(json("JSON null", "null", 400, "invalid_request", "body"));
        c.add(json("a number", "42", 400, "invalid_request", "body"));
        c.add(json("a string", "\"age\"", 400, "invalid_request", "body"));
        c.add(json("a boolean", "true", 400, "invalid_request", "body"));
        c.add(json("truncated JSON", row.substring(0, row.length() / 2), 400, "invalid_json", null));
        c.add(json("trailing garbage", row.strip() + " xyz", 400, "invalid_json", "xyz"));
        c.add(json("a trailing brace", row.strip() + "}", 400, "invalid_json", "close marker"));
        c.add(json("two documents", row + row, 400, "invalid_json", "trailing"));
        c.add(json("duplicate keys", row.replace("{", "{\"age\": 50,"), 400, "invalid_json", "age"));
        c.add(json("comments", row.replace("{", "{/* hi */"), 400, "invalid_json", null));
        c.add(json("single quotes", row.replace('"', '\''), 400, "invalid_json", null));
        c.add(json("unquoted keys", row.replace("\"age\"", "age"), 400, "invalid_json", null));
        c.add(bytes("empty body", "application/json", new byte[0], 400, "empty_body", "empty"));
        c.add(json("whitespace body", " \n\t \r\n ", 400, "empty_body", "empty"));
        // content types
        c.add(bytes("application/xml", "application/xml", "<row><age>34</age></row>".getBytes(StandardCharsets.UTF_8), 400, "invalid_json", null));
        c.add(bytes("multipart", "multipart/form-data; boundary=xyz",
                "--xyz\r\nContent-Disposition: form-data; name=\"age\"\r\n\r\n34\r\n--xyz--\r\n".getBytes(StandardCharsets.UTF_8), 400, "invalid_json", null));
        c.add(bytes("text/csv carrying JSON", "text/csv", row.getBytes(StandardCharsets.UTF_8), 400, null, null));
        c.add(csv("CSV missing columns", "age,region\n30,north\n", 400, "invalid_request", "credit_score"));
        c.add(csv("CSV bad number", csvHeader() + "\n" + csvRow().replaceFirst("^34,", "old,") + "\n", 400, "invalid_request", "line 2: age"));
        c.add(csv("CSV ragged row", csvHeader() + "\n" + csvRow() + ",extra\n", 400, "invalid_csv", null));
        c.add(csv("CSV short row", csvHeader() + "\n34,north\n", 400, "invalid_csv", null));
        c.add(csv("CSV empty", "", 400, "empty_body", null));
        c.add(bytes("CSV binary garbage", "text/csv", new byte[] {0, 1, 2, (byte) 0xFF, (byte) 0xFE, 10, 13}, 400, null, null));
        // query parameters
        c.add(query("version=0", "?version=0", 404, "not_found", "version 0"));
        c.add(query("version=-1", "?version=-1", 404, "not_found", "version -1"));
        c.add(query("version=abc", "?version=abc", 400, "invalid_request", "version"));
        c.add(query("version=99999999999", "?version=99999999999", 400, "invalid_request", "version"));
        c.add(query("version=1.5", "?version=1.5", 400, "invalid_request", "version"));
        c.add(query("version=99", "?version=99", 404, "not_found", "version 99"));
        c.add(query("explain=maybe", "?explain=maybe", 400, "invalid_request", "explain"));
        c.add(query("lenient=yes", "?lenient=yes", 400, "invalid_request", "lenient"));
        // model names
        c.add(model("unknown model", "no-such-model", 404, "not_found", "no-such-model"));
        c.add(model("'..' as the model", "..", 400, "invalid_model_name", null));
        c.add(model("..%2F..%2Fjobs", "..%2F..%2Fjobs", 400, "invalid_model_name", null));
        c.add(model("%2e%2e", "%2e%2e", 400, "invalid_model_name", null));
        c.add(model("uppercase", "Corpus", 400, "invalid_model_name", "Corpus"));
        c.add(model("64 characters", "a".repeat(64), 400, "invalid_model_name", null));
        c.add(model("%2F in the name", "corpus%2Fx", 400, "invalid_model_name", null));
        c.add(model("a space", "cor%20pus", 400, "invalid_model_name", null));
        c.add(model("a NUL", "corpus%00", 400, "invalid_model_name", null));
        c.add(model("a leading dash", "-corpus", 400, "invalid_model_name", null));
        return c;
    }

    @Test
    void everyBodyOfTheCorpusIsAFourHundredJsonErrorThatSaysWhat() throws Exception {
        List<Case> corpus = corpus();
        assertTrue(corpus.size() >= 50, "corpus size " + corpus.size());
        Map<Integer, Integer> byStatus = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        for (Case c : corpus) {
            HttpResponse<String> response = send("POST", c.path(), c.contentType(), c.body(), FUNCTION_KEY);
            byStatus.merge(response.statusCode(), 1, Integer::sum);
            String problem = checkError(c, response);
            if (problem != null) failures.add(c.name() + ": " + problem);
        }
        System.out.println("predict corpus: " + corpus.size() + " bodies -> " + byStatus);
        summary.put("corpus", corpus.size() + " bodies -> " + byStatus);
        writeSummary();
        assertTrue(failures.isEmpty(), failures.size() + " case(s) failed:\n" + String.join("\n", failures));
    }

    @Test
    void acceptedEdgesOfTheContractAnswer200() throws Exception {
        String row = validRow();
        Map<String, byte[]> accepted = new java.util.LinkedHashMap<>();
        accepted.put("-0.0", utf8(row.replace("\"age\": 34", "\"age\": -0.0")));
        accepted.put("1e308", utf8(row.replace("\"credit_score\": 640", "\"credit_score\": 1e308")));
        accepted.put("null is a missing value", utf8(row.replace("\"age\": 34", "\"age\": null")));
        accepted.put("a number for a category (unseen, warned)", utf8(row.replace("\"region\": \"north\"", "\"region\": 7")));
        accepted.put("the target column is ignored", utf8(row.replace("{", "{\"target\": \"yes\",")));
        byte[] bom = utf8(row);
        byte[] withBom = new byte[bom.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(bom, 0, withBom, 3, bom.length);
        accepted.put("BOM-prefixed JSON", withBom);
        for (var e : accepted.entrySet()) {
            HttpResponse<String> r = send("POST", PREDICT, "application/json", e.getValue(), FUNCTION_KEY);
            assertEquals(200, r.statusCode(), e.getKey() + ": " + r.body());
        }
        assertEquals(200, send("POST", PREDICT, "text/plain", utf8(row), FUNCTION_KEY).statusCode(), "JSON sent as text/plain");
        assertEquals(200, send("POST", PREDICT, null, utf8(row), FUNCTION_KEY).statusCode(), "JSON without a content type");
        assertEquals(200, send("POST", PREDICT + "?explain=false&lenient=TRUE", "application/json",
                utf8(row.replace("{", "{\"" + "f".repeat(10_000) + "\": 1,")), FUNCTION_KEY).statusCode(), "lenient ignores unknown fields");
        HttpResponse<String> header = send("POST", PREDICT, "text/csv", utf8(csvHeader() + "\n"), FUNCTION_KEY);
        assertEquals(200, header.statusCode(), "a CSV of only a header is scored as no rows: " + header.body());
        assertTrue(header.body().strip().endsWith("prediction,probability_no,probability_yes"), header.body());
    }

    private static String checkError(Case c, HttpResponse<String> response) {
        int status = response.statusCode();
        if (status != c.status()) return "status " + status + " (expected " + c.status() + "): " + abbreviate(response.body());
        if (!response.headers().firstValue("content-type").orElse("").startsWith("application/json")) return "not JSON";
        JsonNode error;
        try {
            error = json(response).get("error");
        } catch (RuntimeException e) {
            return "unparseable error body " + abbreviate(response.body());
        }
        if (error == null || !error.path("code").isTextual() || !error.path("message").isTextual() || !error.path("details").isObject()) {
            return "not an {error: {code, message, details}}: " + abbreviate(response.body());
        }
        if (c.code() != null && !c.code().equals(error.get("code").asText())) return "code " + error.get("code") + " (expected " + c.code() + ")";
        if (c.mentions() != null) {
            String text = (error.get("message").asText() + " " + error.get("details")).toLowerCase(Locale.ROOT);
            if (!text.contains(c.mentions().toLowerCase(Locale.ROOT))) return "does not mention '" + c.mentions() + "': " + abbreviate(error.toString());
        }
        return null;
    }

    // ---------------------------------------------------------------- 2. the fuzz loop

    static final Map<String, String> summary = new java.util.concurrent.ConcurrentSkipListMap<>();
    /** As many as docs/reliability.md reports; the loop must send them all within its time bound. */
    static final int FUZZ_REQUESTS = 2000;

    @Test
    void aSeededFuzzLoopNeverGetsAFiveHundredOrADroppedConnection() throws Exception {
        Random random = new Random(20261123L);
        byte[][] seeds = {utf8(validRow()), utf8("{\"rows\": [" + validRow() + "," + validRow() + "]}"),
                utf8(csvHeader() + "\n" + csvRow() + "\n" + csvRow() + "\n")};
        Map<Integer, Integer> byStatus = new TreeMap<>();
        List<String> serverErrors = new ArrayList<>();
        int sent = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (sent < FUZZ_REQUESTS && System.nanoTime() < deadline) {
            int which = random.nextInt(10) < 7 ? random.nextInt(2) : 2;
            byte[] body = seeds[which];
            int mutations = random.nextBoolean() ? 1 : 1 + random.nextInt(3);
            for (int m = 0; m < mutations; m++) body = mutate(body, random);
            String query = switch (random.nextInt(8)) {
                case 0 -> "?explain=true";
                case 1 -> "?lenient=true";
                case 2 -> "?version=1";
                default -> "";
            };
            HttpResponse<String> response;
            try {
                response = send("POST", PREDICT + query, which == 2 ? "text/csv" : "application/json", body, FUNCTION_KEY);
            } catch (IOException e) {
                fail("request " + sent + " lost its connection: " + e + " body: " + abbreviate(new String(body, StandardCharsets.UTF_8)));
                return;
            }
            sent++;
            int status = response.statusCode();
            byStatus.merge(status, 1, Integer::sum);
            if (status >= 500) serverErrors.add(status + " for " + abbreviate(new String(body, StandardCharsets.UTF_8)) + " -> " + abbreviate(response.body()));
            else if (status != 200) {
                assertTrue(status >= 400 && status < 500, "status " + status);
                JsonNode error = json(response).get("error");
                assertTrue(error != null && error.has("code") && error.has("message") && error.has("details"), response.body());
            }
        }
        int ok = byStatus.getOrDefault(200, 0);
        int fiveHundreds = serverErrors.size();
        String line = "sent " + sent + ", 200: " + ok + ", 4xx by status: " + byStatus.entrySet().stream()
                .filter(e -> e.getKey() >= 400 && e.getKey() < 500).toList() + ", 5xx: " + fiveHundreds;
        System.out.println("predict fuzz (seed 20261123): " + line);
        summary.put("fuzz", "seed 20261123: " + line);
        writeSummary();
        assertEquals(200, send("GET", "/api/health", null, null, null).statusCode(), "the host is still up");
        assertEquals(FUZZ_REQUESTS, sent, "the loop sent " + sent + " requests before its time ran out");
        assertTrue(serverErrors.isEmpty(), String.join("\n", serverErrors.subList(0, Math.min(10, serverErrors.size()))));
    }

    private static byte[] mutate(byte[] body, Random random) {
        if (body.length == 0) return utf8("{");
        int at = random.nextInt(body.length);
        var out = new ByteArrayOutputStream(body.length + 16);
        int kind = random.nextInt(10);
        switch (kind >= 8 ? 3 : kind) { // changing a value's type, which keeps the JSON valid, is the most frequent
            case 0 -> { // delete a range
                int len = 1 + random.nextInt(Math.min(16, body.length - at));
                out.write(body, 0, at);
                out.write(body, at + len, body.length - at - len);
            }
            case 1 -> { // duplicate a range
                int len = 1 + random.nextInt(Math.min(32, body.length - at));
                out.write(body, 0, at + len);
                out.write(body, at, body.length - at);
            }
            case 2 -> { // replace bytes with random ones
                byte[] copy = body.clone();
                for (int i = 0; i < 1 + random.nextInt(4); i++) copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
                return copy;
            }
            case 3 -> { // change a value's type
                String[] values = {"\"x\"", "true", "null", "[]", "{}", "[1,[2]]", "-0.0", "1e999", "\"\"", "{\"a\":{}}", "12345678901234567890"};
                String text = new String(body, StandardCharsets.UTF_8);
                String replaced = text.replaceFirst("(?<=: ?)(\"[^\"]*\"|-?[0-9.eE+]+|true|false)", java.util.regex.Matcher.quoteReplacement(
                        values[random.nextInt(values.length)]));
                if (random.nextBoolean()) replaced = replaced.replaceFirst("(?<=, ?\")[a-z_]+(?=\":)", "n" + random.nextInt(99));
                return utf8(replaced);
            }
            case 4 -> { // insert unicode (valid and not)
                String[] inserts = {"é", "\u0000", "\uD83D\uDE00", "\u202E", "\\u0000", "\\uD800", "\uFEFF", "\u2028"};
                out.write(body, 0, at);
                if (random.nextInt(4) == 0) {
                    out.write(0xC0 + random.nextInt(64));
                } else {
                    out.writeBytes(utf8(inserts[random.nextInt(inserts.length)]));
                }
                out.write(body, at, body.length - at);
            }
            case 5 -> out.write(body, 0, at); // truncate
            case 6 -> { // structural characters
                String[] tokens = {"{", "}", "[", "]", ",", ":", "\"", "\\", " ", "NaN", "/*"};
                out.write(body, 0, at);
                out.writeBytes(utf8(tokens[random.nextInt(tokens.length)]));
                out.write(body, at, body.length - at);
            }
            default -> { // deep nesting or a long run
                out.write(body, 0, at);
                out.writeBytes(utf8(random.nextBoolean() ? "[".repeat(2000 + random.nextInt(3000)) : "9".repeat(1 + random.nextInt(3000))));
                out.write(body, at, body.length - at);
            }
        }
        return out.toByteArray();
    }

    // ---------------------------------------------------------------- 3. security

    @Test
    void keysAreEnforcedPerAuthLevelAndNeverLogged() throws Exception {
        byte[] row = utf8(validRow());
        // function level: no key, a wrong key -> 401; the function key as header or ?code= -> allowed
        for (String[] route : new String[][] {{"GET", "/api/models"}, {"GET", "/api/models/" + MODEL}, {"GET", "/api/jobs"},
                {"POST", PREDICT}, {"POST", "/api/datasets/" + MODEL}, {"GET", "/api/models/" + MODEL + "/versions/1"}}) {
            assertEquals(401, send(route[0], route[1], "application/json", row, null).statusCode(), route[1] + " without a key");
            assertEquals(401, send(route[0], route[1], "application/json", row, WRONG_KEY).statusCode(), route[1] + " with a wrong key");
            HttpResponse<String> r = send(route[0], route[1], "application/json", row, null);
            assertEquals("unauthorized", json(r).get("error").get("code").asText());
        }
        assertEquals(200, send("POST", PREDICT, "application/json", row, FUNCTION_KEY).statusCode());
        assertEquals(200, send("POST", PREDICT + "?code=" + FUNCTION_KEY, "application/json", row, null).statusCode(), "?code=");
        assertEquals(200, send("POST", PREDICT + "?code=" + ADMIN_KEY, "application/json", row, null).statusCode(), "admin opens all");
        assertEquals(401, send("POST", PREDICT + "?code=" + WRONG_KEY, "application/json", row, null).statusCode());
        assertEquals(401, send("POST", PREDICT + "?code=", "application/json", row, null).statusCode(), "an empty ?code=");
        assertEquals(401, send("POST", PREDICT + "?code=" + FUNCTION_KEY.toUpperCase(Locale.ROOT), "application/json", row, null).statusCode(),
                "keys are case-sensitive");
        // admin level: the function key is not enough
        byte[] promote = utf8("{\"version\": 1, \"reason\": \"corpus\"}");
        assertEquals(401, send("POST", "/api/models/" + MODEL + "/champion", "application/json", promote, null).statusCode());
        assertEquals(401, send("POST", "/api/models/" + MODEL + "/champion", "application/json", promote, FUNCTION_KEY).statusCode());
        assertEquals(401, send("POST", "/api/models/" + MODEL + "/champion?code=" + FUNCTION_KEY, "application/json", promote, null).statusCode());
        assertEquals(401, send("POST", "/api/jobs/no-such-job/cancel", null, null, FUNCTION_KEY).statusCode());
        assertEquals(200, send("POST", "/api/models/" + MODEL + "/champion?code=" + ADMIN_KEY, "application/json", promote, null).statusCode());
        assertEquals(404, send("POST", "/api/jobs/no-such-job/cancel", null, null, ADMIN_KEY).statusCode());
        assertEquals(200, send("GET", "/api/health", null, null, null).statusCode(), "health is anonymous");

        // requests carrying keys that fail in every way: bad bodies, unknown routes, broken paths, static files
        for (String key : new String[] {FUNCTION_KEY, ADMIN_KEY, WRONG_KEY}) {
            send("POST", PREDICT + "?code=" + key, "application/json", utf8("{\"age\": "), null);
            send("POST", PREDICT + "?code=" + key, "text/csv", utf8("a\n1,2\n"), null);
            send("POST", PREDICT, "application/json", utf8("[".repeat(5000)), key);
            send("GET", "/api/nothing?code=" + key, null, null, null);
            send("GET", "/api/models/Bad..Name?code=" + key, null, null, key);
            send("POST", "/api/models/" + MODEL + "/champion?code=" + key, "application/json", utf8("{\"version\": \"x\"}"), key);
            send("GET", "/%00?code=" + key, null, null, key);
            send("GET", "/..%2f..%2fpom.xml?code=" + key, null, null, key);
            send("POST", "/api/datasets/" + MODEL + "?code=" + key + "&name=..%2F..%2Fx", "text/csv", utf8("a,target\n1,x\n"), key);
        }
        assertEquals(200, send("GET", "/api/health", null, null, null).statusCode());
        List<String> leaks = new ArrayList<>();
        for (LogRecord record : logged) {
            String text = describe(record);
            for (String key : new String[] {FUNCTION_KEY, ADMIN_KEY, WRONG_KEY}) {
                if (text.contains(key)) leaks.add(record.getLevel() + " " + record.getLoggerName() + ": " + abbreviate(text));
            }
        }
        assertFalse(logged.isEmpty(), "the handler captured the host's logging");
        assertTrue(leaks.isEmpty(), "keys in the log:\n" + String.join("\n", leaks));
    }

    @Test
    void modelNamesCannotTraverseOnAnyRoute() throws Exception {
        List<String> before = blobNames();
        String[] names = {"..%2F..%2Fjobs", "..%2Fx", "%2e%2e", "..", "x%2F..%2F..%2Fjobs", "..%5C..%5Cjobs", "%2F", "corpus%2F..%2Fcorpus"};
        List<String> failures = new ArrayList<>();
        for (String name : names) {
            String[][] routes = {{"GET", "/api/models/" + name}, {"GET", "/api/models/" + name + "/versions/1"},
                    {"POST", "/api/models/" + name + "/predict"}, {"POST", "/api/models/" + name + "/champion"},
                    {"POST", "/api/datasets/" + name + "?name=x"}, {"GET", "/api/jobs/" + name}, {"POST", "/api/jobs/" + name + "/cancel"}};
            for (String[] route : routes) {
                byte[] body = route[1].contains("datasets") ? SampleData.damageIncidence(50, 1)
                        : route[1].contains("champion") ? utf8("{\"version\": 1}") : utf8(validRow());
                String type = route[1].contains("datasets") ? "text/csv" : "application/json";
                HttpResponse<String> r = send(route[0], route[1], type, body, ADMIN_KEY);
                if (r.statusCode() != 400 && r.statusCode() != 404) failures.add(route[0] + " " + route[1] + " -> " + r.statusCode() + " " + abbreviate(r.body()));
                else if (!r.body().contains("\"error\"")) failures.add(route[0] + " " + route[1] + " -> no JSON error");
            }
        }
        HttpResponse<String> upload = send("POST", "/api/datasets/" + MODEL + "?name=..%2F..%2Fjobs%2Fx", "text/csv",
                SampleData.damageIncidence(50, 2), FUNCTION_KEY);
        assertTrue(upload.statusCode() == 400, "a file name with '../' is refused: " + upload.statusCode() + " " + upload.body());
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        List<String> after = blobNames();
        after.removeAll(before);
        assertTrue(after.stream().allMatch(n -> n.startsWith("azure-webjobs-hosts/")), "no blob was written: " + after);
    }

    @Test
    void bodyLimitsAreEnforcedWithA413() throws Exception {
        String row = validRow().strip();
        StringBuilder big = new StringBuilder("{\"rows\": [").append(row);
        while (big.length() < MAX_PREDICT_BYTES + 1000) big.append(',').append(row);
        big.append("]}");
        HttpResponse<String> overPredict = send("POST", PREDICT, "application/json", utf8(big.toString()), FUNCTION_KEY);
        assertEquals(413, overPredict.statusCode(), abbreviate(overPredict.body()));
        assertEquals("payload_too_large", json(overPredict).get("error").get("code").asText());
        assertTrue(json(overPredict).get("error").get("message").asText().contains("MAX_PREDICT_BYTES"));
        HttpResponse<String> overCsv = send("POST", PREDICT, "text/csv", new byte[(int) MAX_PREDICT_BYTES + 1], FUNCTION_KEY);
        assertEquals(413, overCsv.statusCode());

        HttpResponse<String> overHost = send("POST", PREDICT, "application/json", new byte[(int) MAX_REQUEST_BYTES + 1], FUNCTION_KEY);
        assertEquals(413, overHost.statusCode());
        assertEquals("payload_too_large", json(overHost).get("error").get("code").asText());
        assertEquals(200, send("GET", "/api/health", null, null, null).statusCode());
    }

    @Test
    void staticFilesStayInsideStaticWebAndCarryTheSecurityHeaders() throws Exception {
        for (String path : new String[] {"/", "/index.html"}) {
            HttpResponse<String> page = send("GET", path, null, null, null);
            assertEquals(200, page.statusCode(), path);
            assertTrue(page.headers().firstValue("content-security-policy").orElse("").contains("default-src 'none'"), path);
            assertTrue(page.headers().firstValue("content-security-policy").orElse("").contains("frame-ancestors 'none'"), path);
            assertEquals("nosniff", page.headers().firstValue("x-content-type-options").orElse(""), path);
            assertEquals("DENY", page.headers().firstValue("x-frame-options").orElse(""), path);
        }
        String[] outside = {"/..%2f..%2fpom.xml", "/..%2fpom.xml", "/%2e%2e/pom.xml", "/%2e%2e%2fpom.xml", "/%2e%2e%2f%2e%2e%2fpom.xml",
                "/..%5cpom.xml", "//etc/passwd", "/%2fetc%2fpasswd", "/%2Fetc/hostname", "/%00", "/index.html%00.js",
                "/static-web/index.html", "/../functions/pom.xml", "/%252e%252e/pom.xml", "/.%2e/pom.xml"};
        for (String path : outside) {
            HttpResponse<String> r = send("GET", path, null, null, null);
            assertEquals(404, r.statusCode(), path + " -> " + abbreviate(r.body()));
            assertFalse(r.body().contains("<project"), path);
            assertEquals("DENY", r.headers().firstValue("x-frame-options").orElse(""), "headers on a 404 too: " + path);
        }
        assertEquals(405, send("POST", "/index.html", "text/plain", utf8("x"), null).statusCode());
    }

    // ---------------------------------------------------------------- helpers

    static List<String> blobNames() {
        List<String> names = new ArrayList<>();
        for (String container : new String[] {"datasets", "jobs", "models", "rejected", "staging"}) {
            try {
                blobs.list(container, "").forEach(b -> names.add(container + "/" + b.path()));
            } catch (RuntimeException e) {
                // a container that does not exist holds nothing
            }
        }
        return names;
    }

    static String describe(LogRecord record) {
        StringBuilder text = new StringBuilder(String.valueOf(record.getMessage()));
        if (record.getParameters() != null) for (Object p : record.getParameters()) text.append(' ').append(p);
        for (Throwable t = record.getThrown(); t != null; t = t.getCause()) text.append(' ').append(t);
        return text.toString();
    }

    static synchronized void writeSummary() {
        try {
            StringBuilder text = new StringBuilder("PredictCorpusTest " + Instant.now() + "\n");
            summary.forEach((k, v) -> text.append(k).append(": ").append(v).append('\n'));
            Files.writeString(Path.of("/tmp/predict-corpus-summary.txt"), text);
        } catch (IOException | RuntimeException e) {
            System.out.println("could not write /tmp/predict-corpus-summary.txt: " + e);
        }
    }

    static Case json(String name, String body, int status, String code, String mentions) {
        return new Case(name, PREDICT, "application/json", utf8(body), status, code, mentions);
    }

    static Case bytes(String name, String type, byte[] body, int status, String code, String mentions) {
        return new Case(name, PREDICT, type, body, status, code, mentions);
    }

    static Case csv(String name, String body, int status, String code, String mentions) {
        return new Case(name, PREDICT, "text/csv", utf8(body), status, code, mentions);
    }

    static Case query(String name, String query, int status, String code, String mentions) {
        return new Case(name, PREDICT + query, "application/json", utf8(validRow()), status, code, mentions);
    }

    static Case model(String name, String rawModel, int status, String code, String mentions) {
        return new Case(name, "/api/models/" + rawModel + "/predict", "application/json", utf8(validRow()), status, code, mentions);
    }

    static byte[] utf8Broken(String row) {
        byte[] text = utf8(row.replace("\"north\"", "\"no#th\""));
        for (int i = 0; i < text.length; i++) if (text[i] == '#') text[i] = (byte) 0xC3;
        byte[] out = new byte[text.length + 1];
        int j = 0;
        for (byte b : text) {
            out[j++] = b;
            if (b == (byte) 0xC3) out[j++] = 0x28; // 0xC3 0x28: a lead byte followed by a non-continuation byte
        }
        return out;
    }

    static String validRow() {
        return LocalHostTest.validRow();
    }

    static String csvHeader() {
        return "age,region,vehicle_type,vehicle_age_years,annual_mileage_km,prior_claims,credit_score,policy_type,telematics,urban,deductible";
    }

    static String csvRow() {
        return "34,north,suv,6,15000,1,640,basic,no,true,500";
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String abbreviate(String text) {
        return text == null ? "null" : text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }

    static HttpResponse<String> send(String method, String path, String contentType, byte[] body, String key)
            throws IOException, InterruptedException {
        var builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + host.port() + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) builder.header("Content-Type", contentType);
        if (key != null) builder.header("x-functions-key", key);
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> response) {
        return Json.read(response.body().getBytes(StandardCharsets.UTF_8), JsonNode.class);
    }
}
