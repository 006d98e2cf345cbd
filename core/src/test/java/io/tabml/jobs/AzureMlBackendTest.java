package io.tabml.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.tabml.config.AppConfig;
import io.tabml.ingest.DatasetLayout;
import io.tabml.orchestration.JobRunner;
import io.tabml.registry.ModelRegistry;
import io.tabml.registry.QualityGate;
import io.tabml.storage.BlobStore;
import io.tabml.storage.Json;
import io.tabml.testing.Azurite;
import io.tabml.testing.LoopbackTls;
import io.tabml.testing.SampleData;
import io.tabml.training.StagingArea;
import io.tabml.training.TrainerMain;
import io.tabml.training.TrainingConfig;
import io.tabml.training.TrainingFailure;
import io.tabml.training.TrainingProgress;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

/**
 * The Azure ML backend against a stand-in for Azure Resource Manager on 127.0.0.1 (HTTPS, as ARM)
 * that checks every request against the documented "Jobs" contract (api-version 2024-10-01) and
 * answers 400 with an ARM error when one is off, and against real Azurite for the containers behind
 * the workspace's datastores.
 */
@Timeout(30)
class AzureMlBackendTest {
    private static final String TOKEN = "fake-arm-token";
    private static final String SUBSCRIPTION = "00000000-1111-2222-3333-444444444444";
    private static final String WORKSPACE_ID = "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/rg-tabml-test"
            + "/providers/Microsoft.MachineLearningServices/workspaces/mlw-tabml-test";
    private static final String TRAINER_JAR = "azureml://datastores/tabml_trainer/paths/tabml-trainer.jar";

    private final BlobStore blobs = Azurite.shared().blobStore();
    private final List<String> scopes = new CopyOnWriteArrayList<>();
    /** A credential with a fixed token: the documented TokenCredential contract, never Azure AD. */
    private final TokenCredential credential = request -> {
        scopes.addAll(request.getScopes());
        return Mono.just(new AccessToken(TOKEN, OffsetDateTime.now().plusHours(1)));
    };
    private FakeArm arm;
    private AzureMlBackend backend;

    @BeforeEach
    void start() throws IOException {
        arm = new FakeArm();
        backend = new AzureMlBackend(blobs, new AzureMlBackend.Settings(SUBSCRIPTION, "rg-tabml-test", "mlw-tabml-test",
                "cpu-cluster", "azureml:tabml-trainer:1", TRAINER_JAR), armClient());
        blobs.write("trainer", "tabml-trainer.jar", new byte[] {'P', 'K'}); // what the deployment publishes
    }

    /** An ARM client whose transport trusts the stand-in's loopback certificate. */
    private ArmClient armClient() {
        var transport = new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder().sslContext(LoopbackTls.client())).build();
        return new ArmClient(credential, arm.endpoint(), transport);
    }

    @AfterEach
    void stop() {
        arm.server.stop(0);
    }

    @Test
    void submitsTheDocumentedCommandJobAndFollowsItToCompletion() {
        TrainingJob job = newJob();
        String name = backend.submit(job);

        assertTrue(name.startsWith("tabml-" + job.id() + "-"), name);
        assertEquals(List.of(arm.endpoint() + "/.default"), List.copyOf(Set.copyOf(scopes)), "the token is asked for Resource Manager");
        JsonNode put = arm.bodies.get(name).path("properties");
        assertEquals("azureml://datastores/tabml_datasets/paths/" + job.dataset().path(), put.at("/inputs/data/uri").asText());
        assertEquals("azureml://datastores/tabml_staging/paths/" + job.id() + "/config.json", put.at("/inputs/config/uri").asText());
        assertEquals("azureml://datastores/tabml_staging/paths/" + job.id() + "/", put.at("/outputs/out/uri").asText());
        assertEquals(TRAINER_JAR, put.at("/inputs/trainer/uri").asText());
        assertEquals(Json.MAPPER.valueToTree(job.config()), Json.MAPPER.valueToTree(
                blobs.readJson(StagingArea.CONTAINER, job.id() + "/config.json", TrainingConfig.class).orElseThrow().value()),
                "the job's config is in staging for the config input");

        arm.script(name, "Queued", "Running", "Running", "Completed");
        assertEquals(RunStatus.Phase.QUEUED, backend.poll(running(job, name)).phase());
        assertEquals(RunStatus.running("running", 0), backend.poll(running(job, name)), "running, no progress.json yet");
        stage(job, StagingArea.PROGRESS_FILE, Json.write(new TrainingProgress("fitting", 40, Instant.now())));
        assertEquals(RunStatus.running("fitting", 40), backend.poll(running(job, name)));
        stage(job, StagingArea.MODEL_FILE, new byte[] {1});
        stage(job, StagingArea.REPORT_FILE, "{}".getBytes(StandardCharsets.UTF_8));
        assertEquals(RunStatus.completed(), backend.poll(running(job, name)));
        assertEquals(List.of(), arm.violations);
    }

    @Test
    void aCompletedJobWithoutItsOutputFailsWithAMessageToActOn() {
        TrainingJob job = submitted(newJob(), "Completed");
        RunStatus status = backend.poll(job);
        assertEquals(RunStatus.Phase.FAILED, status.phase());
        assertEquals("azureml_output_missing", status.error().code());
        assertTrue(status.error().message().contains("no model.bin and no metrics.json")
                && status.error().message().contains("Storage Blob Data Contributor"), status.error().message());
    }

    @Test
    void aFailedJobReportsTheTrainersOwnReason() {
        TrainingJob job = submitted(newJob(), "Failed");
        stage(job, StagingArea.FAILURE_FILE, Json.write(new TrainingFailure(false, "training_failed",
                "OutOfMemoryError: Java heap space", null)));
        RunStatus status = backend.poll(job);
        assertEquals(RunStatus.Phase.FAILED, status.phase());
        assertEquals(new TrainingJob.JobError("training_failed", "OutOfMemoryError: Java heap space", null), status.error());
    }

    @Test
    void aRefusedDatasetIsRejectedWithCodeMessageAndLine() {
        TrainingJob job = submitted(newJob(), "Failed");
        stage(job, StagingArea.FAILURE_FILE, Json.write(new TrainingFailure(true, "ragged_row", "line 7 has 3 fields, the header 4", 7L)));
        RunStatus status = backend.poll(job);
        assertEquals(RunStatus.Phase.REJECTED, status.phase());
        assertEquals(new TrainingJob.JobError("ragged_row", "line 7 has 3 fields, the header 4", 7L), status.error());
    }

    @Test
    void aJobThatFailedBeforeTheTrainerRanSaysWhereToLook() {
        TrainingJob job = submitted(newJob(), "Failed");
        RunStatus status = backend.poll(job);
        assertEquals(RunStatus.Phase.FAILED, status.phase());
        assertEquals("azureml_job_failed", status.error().code());
        assertTrue(status.error().message().contains(job.backendRef()) && status.error().message().contains("logs"), status.error().message());
        assertTrue(status.error().message().contains(arm.studioLink(job.backendRef())), "names the job's page in studio: " + status.error().message());
    }

    @Test
    void canceledAndNotRespondingJobs() {
        TrainingJob canceled = submitted(newJob(), "Canceled");
        assertEquals(RunStatus.Phase.CANCELED, backend.poll(canceled).phase());
        // documented as not an end: "a run can go from NotResponding to any of the previous states"
        TrainingJob silent = submitted(newJob(), "NotResponding");
        assertEquals(RunStatus.Phase.RUNNING, backend.poll(silent).phase());
    }

    @Test
    void aJobDeletedInAzureMlFails() {
        TrainingJob job = running(newJob(), "tabml-deleted-job-00000000");
        RunStatus status = backend.poll(job);
        assertEquals("azureml_job_missing", status.error().code());
    }

    @Test
    void cancelPostsToTheJobsCancelAction() {
        TrainingJob job = submitted(newJob(), "Running");
        backend.cancel(job);
        assertEquals("POST " + WORKSPACE_ID + "/jobs/" + job.backendRef() + "/cancel?api-version=" + AzureMlBackend.API_VERSION,
                arm.requests.getLast());
    }

    @Test
    void throttlingIsRetriedAfterRetryAfter() {
        TrainingJob job = submitted(newJob(), "Running");
        arm.answerNext(429, Map.of("Retry-After", "1"), armError("TooManyRequests", "slow down"));
        long start = System.nanoTime();
        assertEquals(RunStatus.Phase.RUNNING, backend.poll(job).phase());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() >= 900, "waited for Retry-After");
        assertEquals(2, arm.requests.stream().filter(r -> r.startsWith("GET")).count());
    }

    @Test
    void serverErrorsAreRetried() {
        arm.answerNext(503, Map.of(), armError("ServiceUnavailable", "try again"));
        String name = backend.submit(newJob());
        assertEquals(2, arm.requests.stream().filter(r -> r.startsWith("PUT")).count());
        assertTrue(arm.bodies.containsKey(name));
    }

    @Test
    void aRefusalNamesTheStatusAndArmsMessage() {
        arm.answerNext(403, Map.of(), armError("AuthorizationFailed", "The client does not have authorization to perform action "
                + "'Microsoft.MachineLearningServices/workspaces/jobs/write'"));
        var e = assertThrows(ArmClient.ArmException.class, () -> backend.submit(newJob()));
        assertTrue(e.getMessage().contains("HTTP 403") && e.getMessage().contains("AuthorizationFailed")
                && e.getMessage().contains("jobs/write"), e.getMessage());
        assertEquals(1, arm.requests.size(), "a 403 is not retried");
    }

    @Test
    void persistentThrottlingEndsWithAClearErrorAfterBoundedTries() {
        TrainingJob job = submitted(newJob(), "Running");
        for (int i = 0; i <= ArmClient.MAX_RETRIES; i++) arm.answerNext(429, Map.of("Retry-After", "0"), armError("TooManyRequests", "slow down"));
        var e = assertThrows(ArmClient.ArmException.class, () -> backend.poll(job));
        assertTrue(e.getMessage().contains("HTTP 429") && e.getMessage().contains((ArmClient.MAX_RETRIES + 1) + " tries"), e.getMessage());
        assertEquals(ArmClient.MAX_RETRIES + 1, arm.requests.size());
    }

    @Test
    void everySettingIsRequiredAndNamed() {
        var e = assertThrows(IllegalStateException.class, () -> AzureMlBackend.Settings.from(new AppConfig(Map.of(
                "AZUREML_SUBSCRIPTION_ID", SUBSCRIPTION, "AZUREML_RESOURCE_GROUP", "rg", "AZUREML_WORKSPACE", "ws",
                "AZUREML_COMPUTE", "cpu-cluster", "AZUREML_ENVIRONMENT", "tabml-trainer:1"))));
        assertTrue(e.getMessage().startsWith("AZUREML_TRAINER_JAR_URI is not set"), e.getMessage());
        assertEquals(URI.create("https://management.azure.com"), new AppConfig(Map.of()).azureMlArmEndpoint());
        assertThrows(IllegalStateException.class, () -> new AzureMlBackend.Settings(SUBSCRIPTION, "rg", "ws", "c", "tabml-trainer", TRAINER_JAR),
                "an environment without a version is refused at start-up");
    }

    @Test
    void theDatastoresCoverTheContainersTheCodeUses() {
        assertEquals(DatasetLayout.CONTAINER, AzureMlDatastore.DATASETS.container());
        assertEquals(StagingArea.CONTAINER, AzureMlDatastore.STAGING.container());
    }

    @Test
    void aTrainerJarThatIsNotOnADatastoreIsRefusedAtStartUp() {
        var e = assertThrows(IllegalStateException.class, () -> new AzureMlBackend.Settings(SUBSCRIPTION, "rg", "ws", "c",
                "tabml-trainer:1", "https://stapp.blob.core.windows.net/trainer/tabml-trainer.jar"));
        assertTrue(e.getMessage().startsWith("AZUREML_TRAINER_JAR_URI must be a datastore URI"), e.getMessage());
    }

    @Test
    void aBearerTokenIsNeverSentOverPlainHttp() {
        var e = assertThrows(IllegalStateException.class, () -> new ArmClient(credential, URI.create("http://127.0.0.1:1")));
        assertTrue(e.getMessage().contains("https://"), e.getMessage());
    }

    @Test
    void aDatasetNameWithSpacesStaysOnePathOfTheDatastore(@TempDir Path dir) throws IOException {
        TrainingJob job = newJob("my data #1.csv");
        blobs.write("datasets", job.dataset().path(), SampleData.damageIncidence(300, 3));
        String name = backend.submit(job);
        assertTrue(arm.bodies.get(name).at("/properties/inputs/data/uri").asText().endsWith("/my%20data%20%231.csv"));
        arm.run(name, dir);
        assertEquals(List.of(), arm.violations);
        assertTrue(blobs.properties(StagingArea.CONTAINER, job.id() + "/" + StagingArea.MODEL_FILE).isPresent(),
                "the run read the dataset through its datastore URI and wrote its model to the output");
    }

    @Test
    void aJobOnThisBackendEndsRegistered(@TempDir Path dir) throws IOException {
        var jobs = new JobStore(blobs);
        var registry = new ModelRegistry(blobs, new QualityGate(0.01), Clock.systemUTC());
        var runner = new JobRunner(jobs, backend, registry, Clock.systemUTC(), Duration.ofHours(1));
        TrainingJob job = newJob();
        jobs.create(job);

        TrainingJob started = runner.start(job);
        assertEquals(JobState.Running, started.state());
        assertEquals("azureml", started.backend());
        arm.script(started.backendRef(), "Running", "Completed");
        // advance this job only: pollActive would also follow other tests' jobs in the shared Azurite
        runner.advance(jobs.get(job.id()).orElseThrow());
        assertEquals(JobState.Running, jobs.get(job.id()).orElseThrow().state());

        blobs.write("datasets", job.dataset().path(), SampleData.damageIncidence(300, 5));
        arm.run(started.backendRef(), dir);
        runner.advance(jobs.get(job.id()).orElseThrow());

        TrainingJob registered = jobs.get(job.id()).orElseThrow();
        assertEquals(JobState.Registered, registered.state(), String.valueOf(registered.error()));
        assertEquals(1, registered.version());
        assertEquals(registered.id(), registry.metadata(job.model(), 1).orElseThrow().lineage().jobId());
        assertEquals("azureml", registry.metadata(job.model(), 1).orElseThrow().lineage().backend());
        assertEquals(List.of(), arm.violations);
    }

    // ---------------------------------------------------------------- helpers

    private TrainingJob newJob() {
        return newJob("data.csv");
    }

    private TrainingJob newJob(String file) {
        String model = "aml-" + UUID.randomUUID().toString().substring(0, 8);
        String id = model + "-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        String path = model + "/" + file;
        var dataset = new TrainingJob.DatasetRef("datasets", path, blobs.url("datasets", path), "etag", "sha", 10L, 300L);
        TrainingConfig config = TrainingConfig.parse("{\"algorithms\": [\"logistic-regression\"], \"cvFolds\": 2}".getBytes(StandardCharsets.UTF_8));
        arm.datasets.put(id, path);
        return TrainingJob.submitted(id, model, dataset, config, Instant.now());
    }

    /** The job submitted, as JobRunner records it, with Azure ML answering the given statuses in turn. */
    private TrainingJob submitted(TrainingJob job, String... statuses) {
        String name = backend.submit(job);
        arm.script(name, statuses);
        arm.requests.clear();
        return running(job, name);
    }

    private static TrainingJob running(TrainingJob job, String name) {
        return job.queued(new TrainingJob.Placement("azureml", "TRAINING_BACKEND is azureml"), Instant.now()).running(name, "starting", 0, Instant.now());
    }

    private void stage(TrainingJob job, String file, byte[] content) {
        blobs.write(StagingArea.CONTAINER, job.id() + "/" + file, content);
    }

    private static String armError(String code, String message) {
        return Json.MAPPER.createObjectNode().set("error", Json.MAPPER.createObjectNode().put("code", code).put("message", message)).toString();
    }

    /**
     * Azure Resource Manager's Machine Learning "Jobs" operations as documented (Create Or Update, Get,
     * Cancel): every request is checked (path, api-version, bearer token, content type, the CommandJob
     * body) and one that is off is answered 400 with an ARM error, the way ARM would refuse it, and
     * recorded so the test can say what was wrong. GET answers the job's scripted statuses in turn.
     *
     * <p>The workspace has the datastores infra/bicep/app/ml.bicep declares, each over a container of
     * the app storage (here Azurite). Job data must be a datastore URI: an output anywhere else is
     * refused, as is an input that is a plain blob URL (Azure ML would read it anonymously, and the
     * app storage allows no anonymous access). {@link #run} stands for Azure ML running a job.
     */
    private final class FakeArm {
        /** The workspace's datastores: name -> container. */
        static final Map<String, String> DATASTORES = Map.of("tabml_datasets", "datasets", "tabml_staging", "staging",
                "tabml_trainer", "trainer");

        final HttpsServer server;
        final List<String> requests = new CopyOnWriteArrayList<>();
        final List<String> violations = new CopyOnWriteArrayList<>();
        final Map<String, JsonNode> bodies = new ConcurrentHashMap<>();
        /** The dataset path of each job, by job id. */
        final Map<String, String> datasets = new ConcurrentHashMap<>();
        private final Map<String, Deque<String>> statuses = new ConcurrentHashMap<>();
        private final Deque<Answer> injected = new ArrayDeque<>();

        private record Answer(int status, Map<String, String> headers, String body) {}

        FakeArm() throws IOException {
            server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(LoopbackTls.server()));
            server.createContext("/", exchange -> {
                try (exchange) {
                    handle(exchange);
                }
            });
            server.start();
        }

        URI endpoint() {
            return URI.create("https://127.0.0.1:" + server.getAddress().getPort());
        }

        String studioLink(String jobName) {
            return "https://ml.azure.com/runs/" + jobName + "?wsid=" + WORKSPACE_ID;
        }

        /**
         * Azure ML running the job: each input resolved through the workspace's datastores and
         * downloaded (a missing blob fails the run), the trainer run on them (in this JVM: the trainer
         * input is only checked to exist), and the output folder uploaded to the output's datastore path.
         */
        void run(String jobName, Path workDir) throws IOException {
            JsonNode p = bodies.get(jobName).path("properties");
            Path data = download(p.at("/inputs/data/uri").asText(), workDir.resolve("data.csv"));
            Path config = download(p.at("/inputs/config/uri").asText(), workDir.resolve("config.json"));
            download(p.at("/inputs/trainer/uri").asText(), workDir.resolve("trainer.jar"));
            Path out = workDir.resolve("out");
            assertEquals(TrainerMain.EXIT_OK, TrainerMain.run(new String[] {"--data", data.toString(), "--config", config.toString(),
                    "--out", out.toString()}));
            Location output = resolve(p.at("/outputs/out/uri").asText());
            try (var files = Files.list(out)) {
                for (Path file : files.toList()) {
                    blobs.uploadFile(output.container(), output.path() + file.getFileName(), file);
                }
            }
        }

        private Path download(String uri, Path file) {
            Location location = resolve(uri);
            if (blobs.properties(location.container(), location.path()).isEmpty()) {
                throw new AssertionError("the run's input " + uri + " does not exist: " + location);
            }
            blobs.downloadToFile(location.container(), location.path(), file);
            return file;
        }

        /** A blob or folder in a container behind a datastore. */
        private record Location(String container, String path) {}

        /** azureml://datastores/<name>/paths/<path>, the path percent-decoded; null when the URI is not of that form or the datastore unknown. */
        private static Location resolve(String uri) {
            URI parsed;
            try {
                parsed = new URI(uri);
            } catch (java.net.URISyntaxException e) {
                return null;
            }
            if (!"azureml".equals(parsed.getScheme()) || !"datastores".equals(parsed.getAuthority()) || parsed.getPath() == null) return null;
            String[] parts = parsed.getPath().split("/paths/", 2);
            String container = parts.length == 2 ? DATASTORES.get(parts[0].substring(1)) : null;
            return container == null ? null : new Location(container, parts[1]);
        }

        void script(String jobName, String... sequence) {
            statuses.put(jobName, new ArrayDeque<>(List.of(sequence)));
        }

        /** The next request, once checked, gets this answer instead of the normal one. */
        synchronized void answerNext(int status, Map<String, String> headers, String body) {
            injected.add(new Answer(status, headers, body));
        }

        private void handle(HttpExchange exchange) throws IOException {
            String method = exchange.getRequestMethod();
            URI uri = exchange.getRequestURI();
            requests.add(method + " " + uri);
            byte[] body = exchange.getRequestBody().readAllBytes();
            List<String> problems = new ArrayList<>();
            if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                problems.add("Authorization must be 'Bearer <token>'");
            }
            if (!("api-version=" + AzureMlBackend.API_VERSION).equals(uri.getRawQuery())) {
                problems.add("the query must be api-version=" + AzureMlBackend.API_VERSION + ", got " + uri.getRawQuery());
            }
            String prefix = WORKSPACE_ID + "/jobs/";
            String path = uri.getPath();
            String rest = path.startsWith(prefix) ? path.substring(prefix.length()) : null;
            String name = rest == null ? null : rest.endsWith("/cancel") ? rest.substring(0, rest.length() - "/cancel".length()) : rest;
            if (name == null || !name.matches("[a-zA-Z0-9][a-zA-Z0-9_-]{0,254}")) {
                problems.add("the path must be " + prefix + "<job name>[/cancel], got " + path);
            }
            boolean cancel = rest != null && rest.endsWith("/cancel");
            switch (method) {
                case "PUT" -> {
                    if (cancel) problems.add("PUT on the cancel action");
                    if (!"application/json".equals(exchange.getRequestHeaders().getFirst("Content-Type"))) {
                        problems.add("Content-Type must be application/json");
                    }
                    checkCommandJob(body, problems);
                }
                case "GET" -> {
                    if (cancel) problems.add("GET on the cancel action");
                }
                case "POST" -> {
                    if (!cancel) problems.add("POST is only for .../jobs/<name>/cancel");
                }
                default -> problems.add("unexpected method " + method);
            }
            if (!problems.isEmpty()) {
                violations.addAll(problems);
                answer(exchange, 400, Map.of(), armError("BadRequest", String.join("; ", problems)));
                return;
            }
            Answer next;
            synchronized (this) {
                next = injected.poll();
            }
            if (next != null) {
                answer(exchange, next.status(), next.headers(), next.body());
                return;
            }
            switch (method) {
                case "PUT" -> {
                    JsonNode job = Json.MAPPER.readTree(body);
                    bodies.put(name, job);
                    answer(exchange, 201, Map.of(), resource(name, job, "NotStarted"));
                }
                case "GET" -> {
                    Deque<String> script = statuses.get(name);
                    if (!bodies.containsKey(name) || script == null) {
                        answer(exchange, 404, Map.of(), armError("UserError", "job " + name + " not found"));
                    } else {
                        String status = script.size() > 1 ? script.poll() : script.peek();
                        answer(exchange, 200, Map.of(), resource(name, bodies.get(name), status));
                    }
                }
                default -> answer(exchange, 202, Map.of("Location", path), "");
            }
        }

        /** CommandJob (JobBaseProperties with jobType Command) as the backend must send it. */
        private void checkCommandJob(byte[] raw, List<String> problems) {
            JsonNode p;
            try {
                p = Json.MAPPER.readTree(raw).path("properties");
            } catch (IOException e) {
                problems.add("the body is not JSON");
                return;
            }
            expect(problems, p, "/jobType", "Command");
            expect(problems, p, "/identity/identityType", "Managed");
            expect(problems, p, "/environmentId", WORKSPACE_ID + "/environments/tabml-trainer/versions/1");
            expect(problems, p, "/computeId", WORKSPACE_ID + "/computes/cpu-cluster");
            String command = p.path("command").asText();
            for (String piece : List.of("java ", "-cp ${{inputs.trainer}} io.tabml.training.TrainerMain", "--data ${{inputs.data}}",
                    "--config ${{inputs.config}}", "--out ${{outputs.out}}")) {
                if (!command.contains(piece)) problems.add("command must contain '" + piece + "': " + command);
            }
            String jobId = p.at("/tags/tabml.jobId").asText();
            for (String input : List.of("data", "trainer", "config")) {
                expect(problems, p, "/inputs/" + input + "/jobInputType", "uri_file");
                if (!Set.of("ReadOnlyMount", "Download", "Direct").contains(p.at("/inputs/" + input + "/mode").asText())) {
                    problems.add("inputs." + input + ".mode must be an InputDeliveryMode for a file");
                }
                String uri = p.at("/inputs/" + input + "/uri").asText();
                if (resolve(uri) == null) {
                    problems.add("inputs." + input + ".uri must be a path on one of the workspace's datastores "
                            + DATASTORES.keySet() + " (azureml://datastores/<name>/paths/<path>), got " + uri);
                }
            }
            expectLocation(problems, p, "/inputs/data/uri", new Location("datasets", datasets.get(jobId)));
            expectLocation(problems, p, "/inputs/config/uri", new Location("staging", jobId + "/config.json"));
            expectLocation(problems, p, "/inputs/trainer/uri", new Location("trainer", "tabml-trainer.jar"));
            expect(problems, p, "/outputs/out/jobOutputType", "uri_folder");
            if (resolve(p.at("/outputs/out/uri").asText()) == null) {
                problems.add("outputs.out.uri must be on a datastore of the workspace, got " + p.at("/outputs/out/uri").asText());
            }
            expectLocation(problems, p, "/outputs/out/uri", new Location("staging", jobId + "/"));
            if (!Set.of("ReadWriteMount", "Upload").contains(p.at("/outputs/out/mode").asText())) {
                problems.add("outputs.out.mode must be an OutputDeliveryMode");
            }
            if (p.path("displayName").asText().isBlank() || p.path("experimentName").asText().isBlank()) {
                problems.add("displayName and experimentName must be set");
            }
        }

        private static void expectLocation(List<String> problems, JsonNode properties, String pointer, Location expected) {
            Location actual = resolve(properties.at(pointer).asText());
            if (actual != null && !actual.equals(expected)) problems.add("properties" + pointer + " must point at " + expected + ", got " + actual);
        }

        private static void expect(List<String> problems, JsonNode properties, String pointer, String expected) {
            String actual = properties.at(pointer).asText(null);
            if (expected == null || !expected.equals(actual)) problems.add("properties" + pointer + " must be '" + expected + "', got '" + actual + "'");
        }

        private String resource(String name, JsonNode job, String status) {
            var properties = ((com.fasterxml.jackson.databind.node.ObjectNode) job.path("properties").deepCopy()).put("status", status);
            // JobService entries of the job, as the Get answer carries them
            properties.putObject("services").putObject("Studio").put("jobServiceType", "Studio").put("endpoint", studioLink(name));
            var resource = Json.MAPPER.createObjectNode().put("id", WORKSPACE_ID + "/jobs/" + name).put("name", name)
                    .put("type", "Microsoft.MachineLearningServices/workspaces/jobs");
            resource.set("properties", properties);
            return resource.toString();
        }

        private static void answer(HttpExchange exchange, int status, Map<String, String> headers, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            headers.forEach(exchange.getResponseHeaders()::add);
            if (bytes.length > 0) exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) exchange.getResponseBody().write(bytes);
        }
    }
}
