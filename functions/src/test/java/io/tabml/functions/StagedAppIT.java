package io.tabml.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tabml.storage.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Checks the function app as `mvn package` staged it for deployment: what Azure reads is the
 * generated {@code function.json} of each function and {@code host.json}, so they are checked
 * against the Azure Functions binding reference and the Flex Consumption plan's requirements
 * (docs/deploy.md cites both).
 */
class StagedAppIT {
    /**
     * Properties each binding type may carry (binding reference: timer trigger, HTTP trigger and
     * output, Event Grid trigger), plus {@code dataType}, which the Java library's trigger annotations
     * document ("Defines how Functions runtime should treat the parameter value", binary for byte[]).
     */
    private static final Map<String, Set<String>> BINDING_PROPERTIES = Map.of(
            "timerTrigger", Set.of("type", "direction", "name", "schedule", "runOnStartup", "useMonitor", "dataType"),
            "httpTrigger", Set.of("type", "direction", "name", "authLevel", "methods", "route", "dataType"),
            "http", Set.of("type", "direction", "name"),
            "eventGridTrigger", Set.of("type", "direction", "name", "dataType"),
            "queueTrigger", Set.of("type", "direction", "name", "queueName", "connection", "dataType"));
    private static final Set<String> AUTH_LEVELS = Set.of("anonymous", "function", "admin");
    private static final Set<String> HTTP_METHODS = Set.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE");

    private static final long MAX_BYTES = 40L * 1000 * 1000;
    private final Path app = Path.of(System.getProperty("staged.app"));

    @Test
    void staysWithinSizeAndCarriesNoForeignNativeCode() throws IOException {
        long bytes;
        List<String> jars;
        try (Stream<Path> files = Files.walk(app)) {
            bytes = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
        try (Stream<Path> files = Files.list(app.resolve("lib"))) {
            jars = files.map(p -> p.getFileName().toString()).toList();
        }
        System.out.printf("staged function app: %.1f MB in %d jars%n", bytes / 1e6, jars.size());
        assertTrue(bytes <= MAX_BYTES, "staged app is " + bytes + " bytes, over " + MAX_BYTES);
        for (String jar : jars) {
            assertTrue(!jar.contains("duckdb") && !jar.contains("windows") && !jar.contains("macosx"), "unexpected jar " + jar);
        }
        assertTrue(jars.stream().anyMatch(j -> j.startsWith("smile-core")), "Smile is in the app: " + jars);
    }

    /** The local host (its own module, for laptops and tests) and what only it needs never ship. */
    @Test
    void carriesNoLocalHostCode() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(app)) {
            for (Path jar : files.filter(p -> p.toString().endsWith(".jar")).toList()) {
                String name = jar.getFileName().toString();
                if (name.startsWith("tabml-local-host") || name.startsWith("cron-utils")) found.add(name);
                try (var zip = new java.util.zip.ZipFile(jar.toFile())) {
                    zip.stream().map(java.util.zip.ZipEntry::getName).filter(e -> e.startsWith("io/tabml/localhost/"))
                            .forEach(e -> found.add(name + "!" + e));
                }
            }
        }
        assertEquals(List.of(), found, "local-host code in the staged app");
    }

    @Test
    void declaresEveryFunctionWithItsTrigger() throws IOException {
        for (String dropped : List.of("ingestDataset", "scoreBatch")) {
            var event = Json.MAPPER.readTree(app.resolve(dropped + "/function.json").toFile()).get("bindings").get(0);
            assertEquals("eventGridTrigger", event.get("type").asText(), dropped + ": dropped files arrive as BlobCreated events, never as content");
        }
        for (String queued : List.of("trainInApp", "failPoisonedInAppRun")) {
            var trigger = Json.MAPPER.readTree(app.resolve(queued + "/function.json").toFile()).get("bindings").get(0);
            assertEquals("queueTrigger", trigger.get("type").asText(), queued);
            assertEquals("AzureWebJobsStorage", trigger.get("connection").asText(), queued + ": the host's storage, through the identity in Azure");
        }
        assertEquals("inapp-training", Json.MAPPER.readTree(app.resolve("trainInApp/function.json").toFile()).at("/bindings/0/queueName").asText());
        assertEquals("inapp-training-poison",
                Json.MAPPER.readTree(app.resolve("failPoisonedInAppRun/function.json").toFile()).at("/bindings/0/queueName").asText());
        var timer = Json.MAPPER.readTree(app.resolve("pollJobs/function.json").toFile()).get("bindings").get(0);
        assertEquals("%JOBS_POLL_SCHEDULE%", timer.get("schedule").asText());
        var predict = Json.MAPPER.readTree(app.resolve("predict/function.json").toFile()).get("bindings").get(0);
        assertEquals("models/{model}/predict", predict.get("route").asText());
        assertEquals("FUNCTION", predict.get("authLevel").asText().toUpperCase());
        var feedback = Json.MAPPER.readTree(app.resolve("feedback/function.json").toFile()).get("bindings").get(0);
        assertEquals("models/{model}/feedback", feedback.get("route").asText());
        assertEquals("FUNCTION", feedback.get("authLevel").asText().toUpperCase());
        assertEquals("post", feedback.get("methods").get(0).asText().toLowerCase());
        assertEquals(1, feedback.get("methods").size());
        var monitor = Json.MAPPER.readTree(app.resolve("monitorModels/function.json").toFile()).get("bindings").get(0);
        assertEquals("%MONITORING_SCHEDULE%", monitor.get("schedule").asText());
        var monitoring = Json.MAPPER.readTree(app.resolve("getMonitoring/function.json").toFile()).get("bindings").get(0);
        assertEquals("models/{model}/monitoring", monitoring.get("route").asText());
        var settings = Json.MAPPER.readTree(app.resolve("putTrainingConfig/function.json").toFile()).get("bindings").get(0);
        assertEquals("datasets/{model}/config", settings.get("route").asText());
        assertEquals("put", settings.get("methods").get(0).asText().toLowerCase());
    }

    @Test
    void everyFunctionJsonIsWhatTheBindingReferenceDocuments() throws IOException, ClassNotFoundException {
        Set<String> appSettings = DeploymentFiles.bicepAppSettings();
        List<String> problems = new ArrayList<>();
        Set<String> functions = new TreeSet<>();
        try (Stream<Path> dirs = Files.list(app)) {
            for (Path dir : dirs.filter(d -> Files.exists(d.resolve("function.json"))).toList()) {
                String name = dir.getFileName().toString();
                functions.add(name);
                JsonNode function = Json.MAPPER.readTree(dir.resolve("function.json").toFile());
                if (!Files.exists(dir.resolve(function.path("scriptFile").asText()))) problems.add(name + ": scriptFile does not exist");
                String entryPoint = function.path("entryPoint").asText();
                String className = entryPoint.substring(0, Math.max(0, entryPoint.lastIndexOf('.')));
                String method = entryPoint.substring(entryPoint.lastIndexOf('.') + 1);
                if (Arrays.stream(Class.forName(className).getMethods()).noneMatch(m -> m.getName().equals(method))) {
                    problems.add(name + ": entryPoint " + entryPoint + " is not a public method");
                }
                List<JsonNode> bindings = new ArrayList<>();
                function.path("bindings").forEach(bindings::add);
                List<JsonNode> triggers = bindings.stream().filter(b -> b.path("type").asText().endsWith("Trigger")).toList();
                if (triggers.size() != 1) problems.add(name + ": a function has exactly one trigger, found " + triggers.size());
                for (JsonNode binding : bindings) checkBinding(name, binding, bindings, appSettings, problems);
            }
        }
        assertTrue(functions.containsAll(Set.of("ingestDataset", "pollJobs", "predict", "health")), "staged functions: " + functions);
        assertEquals(List.of(), problems);
    }

    private static void checkBinding(String function, JsonNode binding, List<JsonNode> all, Set<String> appSettings,
                                     List<String> problems) {
        String type = binding.path("type").asText();
        String where = function + " " + type + ": ";
        Set<String> allowed = BINDING_PROPERTIES.get(type);
        if (allowed == null) {
            problems.add(where + "a binding type this app does not use");
            return;
        }
        binding.fieldNames().forEachRemaining(p -> {
            if (!allowed.contains(p)) problems.add(where + "'" + p + "' is not a property of this binding");
        });
        String direction = binding.path("direction").asText();
        switch (type) {
            case "timerTrigger" -> {
                String schedule = binding.path("schedule").asText();
                boolean fromSetting = schedule.matches("%[A-Z0-9_]+%") && appSettings.contains(schedule.substring(1, schedule.length() - 1));
                if (!fromSetting && schedule.trim().split("\\s+").length != 6) {
                    problems.add(where + "schedule " + schedule + " is neither an app setting (%NAME%) nor a six-field NCRONTAB expression");
                }
                if (binding.path("runOnStartup").asBoolean(false)) problems.add(where + "runOnStartup runs the timer on every scale-out");
            }
            case "httpTrigger" -> {
                if (!AUTH_LEVELS.contains(binding.path("authLevel").asText().toLowerCase(Locale.ROOT))) {
                    problems.add(where + "authLevel must be anonymous, function or admin");
                }
                binding.path("methods").forEach(m -> {
                    if (!HTTP_METHODS.contains(m.asText())) problems.add(where + "unknown method " + m.asText());
                });
                String route = binding.path("route").asText();
                if (route.isBlank() || route.startsWith("/") || route.startsWith("api/")) {
                    problems.add(where + "route '" + route + "' must be relative to the routePrefix (api)");
                }
                if (all.stream().noneMatch(b -> b.path("type").asText().equals("http") && b.path("direction").asText().equals("out"))) {
                    problems.add(where + "an HTTP trigger answers through an http output binding");
                }
            }
            case "http" -> {
                if (!"$return".equals(binding.path("name").asText())) problems.add(where + "the response is the method's return value ($return)");
            }
        }
        if (!direction.equals(type.equals("http") ? "out" : "in")) problems.add(where + "direction " + direction);
    }

    @Test
    void hostJsonFitsTheFlexConsumptionPlan() throws IOException {
        JsonNode host = Json.MAPPER.readTree(app.resolve("host.json").toFile());
        assertEquals("2.0", host.path("version").asText(), "host.json version must be 2.0 (Functions runtime 4.x)");
        assertEquals("Microsoft.Azure.Functions.ExtensionBundle", host.at("/extensionBundle/id").asText());
        assertEquals("[4.*, 5.0.0)", host.at("/extensionBundle/version").asText(),
                "Flex Consumption needs extension bundle 4.x (the Event Grid blob trigger needs the Storage extension 5.x it carries)");
        assertEquals("api", host.at("/extensions/http/routePrefix").asText("api"), "the web app and the docs call /api/...");
        String timeout = host.path("functionTimeout").asText();
        assertTrue(timeout.matches("\\d{2}:\\d{2}:\\d{2}"), "functionTimeout must be hh:mm:ss, got " + timeout);
        JsonNode queues = host.at("/extensions/queues");
        assertEquals(1, queues.path("batchSize").asInt(), "one in-app training at a time per instance");
        assertEquals(0, queues.path("newBatchThreshold").asInt(), "no second message while one trains (at most batchSize + newBatchThreshold)");
        assertEquals("base64", queues.path("messageEncoding").asText(), "storage.MessageQueue sends Base64");
        assertTrue(queues.path("maxDequeueCount").asInt() >= 2, "a message delivered again after its host died must reach the function once more");
        assertTrue(timeout.compareTo("00:30:00") > 0, "an in-app run may take RoutingBackend.MAX_INAPP_TIME_BUDGET_SECONDS of selection and more");
        for (String field : List.of("managedDependency", "customHandler")) {
            assertTrue(host.path(field).isMissingNode(), "host.json sets " + field + ", which a Java app on Flex Consumption does not use");
        }
    }
}
