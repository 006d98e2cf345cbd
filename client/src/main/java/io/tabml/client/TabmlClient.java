package io.tabml.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * The tabml HTTP API as Java calls, on the JDK's HTTP client and Jackson. Every call either returns
 * the API's answer as a record or throws {@link TabmlApiException} with the API's error code,
 * message and details; a server that cannot be reached is an {@link UncheckedIOException}. Calls
 * that change nothing (reads, predictions, cancel) are retried on 429 and 503 by the
 * {@link RetryPolicy}; uploads and promotions are not, since a retry could repeat them.
 *
 * <pre>
 * TabmlClient tabml = TabmlClient.fromEnvironment();          // TABML_URL, TABML_KEY or ~/.config/tabml/config
 * UploadReceipt receipt = tabml.upload("churn", Path.of("churn.csv"));
 * Job job = tabml.awaitJob(receipt.jobId(), Duration.ofMinutes(30), j -> {});
 * Prediction p = tabml.predict("churn", Map.of("age", 34, "plan", "basic"), PredictOptions.CHAMPION);
 * </pre>
 */
public final class TabmlClient {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final int ERROR_TEXT_LIMIT = 300;
    /**
     * The largest file {@link #upload} sends as a request body: the Functions host refuses larger
     * bodies ("The HTTP request length is limited to 100 MB", HTTP trigger reference), and not always
     * with a 413. Larger files go through {@link #uploadDirect}.
     */
    public static final long MAX_REQUEST_UPLOAD_BYTES = 100L << 20;
    /** The size of each block of {@link #uploadDirect}, and so the memory it holds. */
    static final int BLOCK_BYTES = 8 << 20;

    private final URI api;
    private final String key;
    private final HttpClient http;
    private final RetryPolicy retry;
    private final Duration requestTimeout;

    private TabmlClient(Builder builder) {
        this.api = apiBase(builder.url);
        this.key = builder.key;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NORMAL).build();
        this.retry = builder.retry;
        this.requestTimeout = builder.requestTimeout;
    }

    /** A client for the API at {@code url} (the app's address, e.g. {@code http://127.0.0.1:7071}; a trailing {@code /api} is fine too). */
    public static Builder builder(String url) {
        return new Builder(url);
    }

    public static TabmlClient of(ClientSettings settings) {
        return builder(settings.url()).key(settings.key()).build();
    }

    /** A client configured by {@code TABML_URL}, {@code TABML_KEY} and the user's config file ({@link ClientSettings}). */
    public static TabmlClient fromEnvironment() {
        return of(ClientSettings.fromEnvironment());
    }

    /** A copy of the JSON mapper the client reads answers with (ISO-8601 timestamps), e.g. to print records as JSON. */
    public static ObjectMapper objectMapper() {
        return JSON.copy();
    }

    /** The API's base address, ending in {@code /api/}. */
    public URI apiUrl() {
        return api;
    }

    public Health health() {
        return read(get("health"), Health.class);
    }

    public List<ModelSummary> models() {
        return read(get("models"), "models", new TypeReference<List<ModelSummary>>() {});
    }

    public ModelDetails model(String name) {
        return read(get("models/" + segment(name)), ModelDetails.class);
    }

    public ModelVersion version(String name, int version) {
        return read(get("models/" + segment(name) + "/versions/" + version), ModelVersion.class);
    }

    /**
     * Uploads a CSV file of any size as training data for {@code model}, stored as
     * {@code datasets/<model>/<fileName>}, straight to blob storage: the file's sha256 first (one pass over it), then a URL from the
     * API for that one blob, then the file in blocks of {@value #BLOCK_BYTES} bytes (a second pass),
     * committed last (Put Block, Put Block List); memory holds one block. Training starts as for any
     * upload. Data and config already trained are not sent again ({@code unchanged}).
     */
    public UploadReceipt uploadDirect(String model, String fileName, Path csv) {
        var request = request("datasets/" + segment(model) + "/uploads", query("name", fileName, "sha256", sha256(csv)))
                .POST(HttpRequest.BodyPublishers.noBody());
        UploadReceipt receipt = read(send(request, false), UploadReceipt.class);
        if (!receipt.unchanged()) putBlocks(URI.create(receipt.uploadUrl()), csv);
        return receipt;
    }

    /** Uploads a CSV file as training data for {@code model}, stored under the file's own name. */
    public UploadReceipt upload(String model, Path csv) {
        try {
            return upload(model, csv.getFileName().toString(), Files.readAllBytes(csv));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + csv, e);
        }
    }

    /** Uploads CSV bytes as training data for {@code model}, stored as {@code datasets/<model>/<fileName>}. */
    public UploadReceipt upload(String model, String fileName, byte[] csv) {
        var request = request("datasets/" + segment(model), query("name", fileName)).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofByteArray(csv));
        return read(send(request, false), UploadReceipt.class);
    }

    /** The training settings the model's next upload trains with ({@code datasets/<model>/config.json}, or the defaults). */
    public TrainingSettings trainingSettings(String model) {
        return read(get("datasets/" + segment(model) + "/config"), TrainingSettings.class);
    }

    /**
     * Stores the model's training settings, a JSON object such as {@code {"targetColumn": "churned"}}
     * (keys: README, "Per-model training config"); the API refuses settings the trainer would, naming
     * each problem. Storing the same settings twice changes nothing, so the call is retried like a read.
     */
    public TrainingSettings setTrainingSettings(String model, String json) {
        var request = request("datasets/" + segment(model) + "/config", "").header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        return read(send(request, true), TrainingSettings.class);
    }

    public Job job(String id) {
        return read(get("jobs/" + segment(id)), Job.class);
    }

    /** Jobs, newest first. */
    public List<Job> jobs(JobFilter filter) {
        var request = request("jobs", query("model", filter.model(), "state", filter.state() == null ? null : filter.state().name()));
        return read(send(request.GET(), true), "jobs", new TypeReference<List<Job>>() {});
    }

    /**
     * Follows a job until it ends or {@code timeout} passes, calling {@code onChange} whenever its
     * state, stage or progress moves. Returns the last job seen: ended, or not when the time ran out.
     * A job that does not exist yet is waited for: an upload answers before the blob trigger has
     * created its job.
     */
    public Job awaitJob(String id, Duration timeout, Consumer<Job> onChange) {
        return awaitJob(id, timeout, Duration.ofSeconds(1), onChange);
    }

    public Job awaitJob(String id, Duration timeout, Duration pollInterval, Consumer<Job> onChange) {
        Instant deadline = Instant.now().plus(timeout);
        Job last = null;
        TabmlApiException notYet = null;
        while (true) {
            try {
                Job job = job(id);
                if (last == null || job.state() != last.state() || !Objects.equals(job.stage(), last.stage())
                        || job.progress() != last.progress()) {
                    onChange.accept(job);
                }
                last = job;
                if (job.state().isFinal()) return job;
            } catch (TabmlApiException e) {
                if (e.status() != 404) throw e;
                notYet = e;
            }
            if (Instant.now().isAfter(deadline)) {
                if (last == null) throw notYet; // it never appeared: the 404 says so
                return last;
            }
            pause(pollInterval);
        }
    }

    /** Predicts one row: feature name to value (a number, a string, a boolean, or null for missing). */
    public Prediction predict(String model, Map<String, ?> row, PredictOptions options) {
        return predictJson(model, row, options);
    }

    /** Predicts several rows in one request; the answer has one {@link Prediction.Row} per row, in order. */
    public Prediction predict(String model, List<? extends Map<String, ?>> rows, PredictOptions options) {
        return predictJson(model, Map.of("rows", rows), options);
    }

    /** Scores a CSV file with a header; the answer is the CSV with {@code prediction} and {@code probability_<class>} columns appended. */
    public String predict(String model, Path csvFile, PredictOptions options) {
        HttpRequest.Builder request;
        try {
            request = predictRequest(model, options).header("Content-Type", "text/csv")
                    .POST(HttpRequest.BodyPublishers.ofFile(csvFile));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + csvFile, e);
        }
        return send(request, true).body();
    }

    /** Makes {@code version} the champion (admin key); the reason goes to the model's audit list. */
    public Champion promote(String model, int version, String reason) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", version);
        if (reason != null) body.put("reason", reason);
        var request = request("models/" + segment(model) + "/champion", "").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(write(body)));
        return read(send(request, false), Champion.class);
    }

    /**
     * Makes the champion before the current one the champion again (admin key): the {@code from} of
     * the change that made the current champion. Rolling back twice returns to where it started.
     *
     * @throws IllegalStateException when the model has no champion or no earlier one
     */
    public Champion rollback(String model, String reason) {
        ModelDetails details = model(model);
        if (details.champion() == null) throw new IllegalStateException("model '" + model + "' has no champion to roll back");
        int current = details.champion().version();
        List<ModelDetails.ChampionChange> history = details.championHistory();
        for (int i = history.size() - 1; i >= 0; i--) {
            var change = history.get(i);
            // a re-promotion of the same version is no step back
            if (change.to() != current || Objects.equals(change.from(), change.to())) continue;
            if (change.from() == null) break;
            return promote(model, change.from(), reason != null ? reason : "rolled back from version " + current);
        }
        throw new IllegalStateException("model '" + model + "' has no earlier champion than version " + current
                + " to roll back to; promote a version by number instead");
    }

    /**
     * Sends the true classes of earlier predictions, by prediction id. The API checks the whole list
     * first and stores none of it when any entry is wrong (an unknown id, another model's id, a class
     * the model does not have); sending the same classes again changes nothing, so it is retried like a read.
     *
     * @param actualById prediction id to the class it turned out to be
     */
    public FeedbackReceipt feedback(String model, Map<String, String> actualById) {
        List<Map<String, String>> entries = new ArrayList<>();
        actualById.forEach((id, actual) -> entries.add(Map.of("predictionId", id, "actual", actual)));
        var request = request("models/" + segment(model) + "/feedback", "").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(write(entries)));
        return read(send(request, true), FeedbackReceipt.class);
    }

    /**
     * Sends the true classes of earlier predictions as a CSV file with {@code predictionId} and
     * {@code actual} columns (other columns are ignored, so a scored CSV with an added {@code actual}
     * column will do); checked whole and retried as {@link #feedback(String, Map)} is.
     */
    public FeedbackReceipt feedback(String model, Path csv) {
        HttpRequest.Builder request;
        try {
            request = request("models/" + segment(model) + "/feedback", "").header("Content-Type", "text/csv")
                    .POST(HttpRequest.BodyPublishers.ofFile(csv));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + csv, e);
        }
        return read(send(request, true), FeedbackReceipt.class);
    }

    /**
     * The model's monitoring status and its hourly windows that start in {@code [from, to)}, as JSON
     * (the shape is in the README's HTTP API table); null bounds are the API's defaults (the last day).
     */
    public JsonNode monitoring(String model, Instant from, Instant to) {
        var request = request("models/" + segment(model) + "/monitoring",
                query("from", from == null ? null : from.toString(), "to", to == null ? null : to.toString()));
        return read(send(request.GET(), true), JsonNode.class);
    }

    /** Stops a job that has not ended (admin key); an ended job is returned as it is. */
    public Job cancel(String jobId) {
        var request = request("jobs/" + segment(jobId) + "/cancel", "").POST(HttpRequest.BodyPublishers.noBody());
        return read(send(request, true), Job.class);
    }

    private Prediction predictJson(String model, Object body, PredictOptions options) {
        var request = predictRequest(model, options).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(write(body)));
        return read(send(request, true), Prediction.class);
    }

    private HttpRequest.Builder predictRequest(String model, PredictOptions options) {
        return request("models/" + segment(model) + "/predict", query(
                "version", options.version() == null ? null : options.version().toString(),
                "lenient", options.lenient() ? "true" : null,
                "explain", options.explain() ? "true" : null));
    }

    private static String sha256(Path file) {
        try (var in = Files.newInputStream(file)) {
            var digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) digest.update(buffer, 0, n);
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /**
     * Writes the file to the blob the URL (with its SAS) names, with the Blob service's REST calls: a
     * Put Block per block, then the Put Block List that commits them in order.
     */
    private void putBlocks(URI blob, Path file) {
        List<String> ids = new ArrayList<>();
        try (var in = Files.newInputStream(file)) {
            for (byte[] block; (block = in.readNBytes(BLOCK_BYTES)).length > 0 || ids.isEmpty(); ) {
                // ids of one length, as the service requires, base64 of the block's number
                String id = Base64.getEncoder().encodeToString("%08d".formatted(ids.size()).getBytes(StandardCharsets.US_ASCII));
                storage(HttpRequest.newBuilder(URI.create(blob + "&comp=block&blockid=" + URLEncoder.encode(id, StandardCharsets.UTF_8)))
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(block)), blob);
                ids.add(id);
                if (block.length < BLOCK_BYTES) break;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        StringBuilder list = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList>");
        ids.forEach(id -> list.append("<Latest>").append(id).append("</Latest>"));
        storage(HttpRequest.newBuilder(URI.create(blob + "&comp=blocklist")).header("x-ms-blob-content-type", "text/csv")
                .PUT(HttpRequest.BodyPublishers.ofString(list.append("</BlockList>").toString())), blob);
    }

    /** A call to blob storage (no API key: the URL's SAS authorises it); anything but 2xx is thrown with the service's text. */
    private void storage(HttpRequest.Builder builder, URI blob) {
        HttpResponse<String> response;
        try {
            // the service version the SAS was signed for (its sv parameter) is the one to speak
            String version = Arrays.stream(blob.getRawQuery().split("&")).filter(p -> p.startsWith("sv="))
                    .map(p -> p.substring(3)).findFirst().orElseThrow(() -> new IllegalStateException("the upload URL carries no SAS: " + blob));
            response = http.send(builder.header("x-ms-version", version).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach blob storage at " + blob.getHost() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while uploading to blob storage", e);
        }
        if (response.statusCode() / 100 != 2) {
            String text = response.body() == null ? "" : response.body().strip();
            throw new TabmlApiException(response.statusCode(), "storage_" + response.statusCode(), "blob storage refused the upload: HTTP "
                    + response.statusCode() + (text.isEmpty() ? "" : ": " + (text.length() > ERROR_TEXT_LIMIT ? text.substring(0, ERROR_TEXT_LIMIT) + "..." : text)),
                    Map.of());
        }
    }

    private HttpResponse<String> get(String path) {
        return send(request(path, "").GET(), true);
    }

    private HttpRequest.Builder request(String path, String query) {
        var builder = HttpRequest.newBuilder(api.resolve(path + query)).timeout(requestTimeout).header("Accept", "application/json");
        if (key != null) builder.header("x-functions-key", key);
        return builder;
    }

    /**
     * Sends a request; a 2xx answer is returned, anything else thrown as a {@link TabmlApiException}.
     * With {@code idempotent}, 429 and 503 are retried as the policy says.
     */
    private HttpResponse<String> send(HttpRequest.Builder builder, boolean idempotent) {
        HttpRequest request = builder.build();
        int attempts = idempotent ? retry.maxAttempts() : 1;
        for (int attempt = 1; ; attempt++) {
            HttpResponse<String> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot reach the API at " + api + ": "
                        + (e.getMessage() != null ? e.getMessage() : "connection failed (" + e.getClass().getSimpleName() + ")")
                        + "; is it running, and is the URL right?", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while calling " + request.uri(), e);
            }
            int status = response.statusCode();
            if (status >= 200 && status < 300) return response;
            if ((status == 429 || status == 503) && attempt < attempts) {
                pause(retry.delay(attempt, retryAfter(response), ThreadLocalRandom.current().nextDouble()));
                continue;
            }
            throw error(response);
        }
    }

    /** The API's error document as an exception; a body of another shape keeps its status and the start of its text. */
    static TabmlApiException error(HttpResponse<String> response) {
        int status = response.statusCode();
        String body = response.body() == null ? "" : response.body();
        try {
            JsonNode error = JSON.readTree(body).path("error");
            if (error.hasNonNull("code")) {
                Map<String, List<String>> details = new LinkedHashMap<>();
                error.path("details").properties().forEach(field -> {
                    List<String> problems = new ArrayList<>();
                    if (field.getValue().isArray()) field.getValue().forEach(p -> problems.add(p.asText()));
                    else problems.add(field.getValue().asText());
                    details.put(field.getKey(), problems);
                });
                return new TabmlApiException(status, error.get("code").asText(), error.path("message").asText(""), details);
            }
        } catch (JsonProcessingException notJson) {
            // not the API's error document (a proxy's page, an empty body): described below
        }
        String text = body.strip();
        String message = "HTTP " + status + (text.isEmpty() ? "" : ": "
                + (text.length() > ERROR_TEXT_LIMIT ? text.substring(0, ERROR_TEXT_LIMIT) + "..." : text));
        return new TabmlApiException(status, "http_" + status, message, Map.of());
    }

    private static Duration retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").map(String::strip).filter(v -> v.matches("\\d{1,6}"))
                .map(v -> Duration.ofSeconds(Long.parseLong(v))).orElse(null);
    }

    private static <T> T read(HttpResponse<String> response, Class<T> type) {
        return read(response.body(), JSON.constructType(type));
    }

    private static <T> T read(HttpResponse<String> response, String field, TypeReference<T> type) {
        try {
            return JSON.readerFor(type).readValue(JSON.readTree(response.body()).path(field));
        } catch (IOException e) {
            throw unexpected(response.body(), e);
        }
    }

    private static <T> T read(String body, JavaType type) {
        try {
            return JSON.readValue(body, type);
        } catch (IOException e) {
            throw unexpected(body, e);
        }
    }

    private static IllegalStateException unexpected(String body, IOException e) {
        return new IllegalStateException("the API answered with a document this client cannot read: " + e.getMessage()
                + " (" + (body.length() > 200 ? body.substring(0, 200) + "..." : body) + ")", e);
    }

    private static byte[] write(Object body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write the request as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting", e);
        }
    }

    /** A path segment, percent-encoded (URLEncoder encodes for forms: a space would become '+'). */
    private static String segment(String value) {
        if (value == null || value.isBlank()) throw new IllegalArgumentException("a model name or job id is required");
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** {@code ?a=1&b=2} of the pairs whose value is not null; empty when all are. */
    private static String query(String... pairs) {
        StringBuilder query = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] == null) continue;
            query.append(query.isEmpty() ? '?' : '&').append(pairs[i]).append('=')
                    .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return query.toString();
    }

    private static URI apiBase(String url) {
        String base = url.strip().replaceAll("/+$", "");
        if (!base.endsWith("/api")) base += "/api";
        URI uri = URI.create(base + "/");
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw new IllegalArgumentException("the API URL must start with http:// or https://, got '" + url + "'");
        }
        return uri;
    }

    public static final class Builder {
        private final String url;
        private String key;
        private RetryPolicy retry = RetryPolicy.DEFAULT;
        private Duration requestTimeout = Duration.ofMinutes(5);

        private Builder(String url) {
            this.url = Objects.requireNonNull(url, "url");
        }

        /** The function or admin key, sent as {@code x-functions-key}; null when the API enforces none. */
        public Builder key(String key) {
            this.key = key;
            return this;
        }

        public Builder retry(RetryPolicy retry) {
            this.retry = Objects.requireNonNull(retry);
            return this;
        }

        /** How long one request may take; a CSV batch of many rows takes longest (default 5 minutes). */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        public TabmlClient build() {
            return new TabmlClient(this);
        }
    }
}
