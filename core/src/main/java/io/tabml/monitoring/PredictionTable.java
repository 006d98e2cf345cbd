package io.tabml.monitoring;

import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableClientBuilder;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableErrorCode;
import com.azure.data.tables.models.TableServiceException;
import com.azure.data.tables.models.TableTransactionAction;
import com.azure.data.tables.models.TableTransactionActionType;
import com.fasterxml.jackson.core.type.TypeReference;
import io.tabml.config.AppConfig;
import io.tabml.errors.ConflictException;
import io.tabml.storage.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The prediction log in Azure Table Storage, table {@value #TABLE}: one entity per logged
 * prediction, PartitionKey {@code <model>~<yyyyMMddHH>} (the UTC hour of the prediction, which
 * its id carries) and RowKey the prediction id. Feedback finds a prediction by a point read of
 * (model, hour of the id, id), never a scan, and merges {@code actual} into the same entity; a
 * later monitoring job reads one model's hours as whole partitions.
 *
 * <p>The limits this layout keeps to (Azure Storage documentation: "Scalability and performance
 * targets for Table storage", learn.microsoft.com/azure/storage/tables/scalability-targets;
 * "Understanding the Table service data model"; "Performing entity group transactions",
 * learn.microsoft.com/rest/api/storageservices/performing-entity-group-transactions):
 * <ul>
 *   <li>an entity holds at most 1 MiB and 255 properties; a string property at most 64 KiB as
 *       UTF-16, so the input row's JSON is split over {@code input}, {@code input1}, ... of
 *       {@value #CHUNK_CHARS} characters each, at most {@value #MAX_INPUT_CHUNKS} of them; a
 *       wider row is logged without its input ({@code inputOmitted});</li>
 *   <li>an entity group transaction holds at most 100 entities of one partition and at most
 *       4 MiB, so a flush writes each partition in transactions of at most
 *       {@value #MAX_TRANSACTION_ENTITIES} entities and about {@value #MAX_TRANSACTION_BYTES}
 *       bytes;</li>
 *   <li>one partition serves about 2,000 entities of 1 KiB a second (the account 20,000
 *       transactions a second): an hour of one model is one partition, and a flush of up to 100
 *       predictions is one request, so a model is logged at that rate before the writer falls
 *       behind and its buffer starts dropping (counted) rather than slowing answers.</li>
 * </ul>
 */
public final class PredictionTable {
    public static final String TABLE = "predictions";
    static final int MAX_TRANSACTION_ENTITIES = 100;
    static final int MAX_TRANSACTION_BYTES = 3 * 1024 * 1024;
    /** 64 KiB of UTF-16 is 32,768 characters; a margin below it. */
    static final int CHUNK_CHARS = 32_000;
    static final int MAX_INPUT_CHUNKS = 12;

    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyyMMddHH").withZone(ZoneOffset.UTC);
    private static final TypeReference<LinkedHashMap<String, Object>> INPUT = new TypeReference<>() {};
    private static final TypeReference<LinkedHashMap<String, Double>> PROBABILITIES = new TypeReference<>() {};

    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(PredictionTable.class.getName());
    /**
     * The Tables SDK logs every error it raises at SEVERE, among them the 404 of a point read that
     * finds nothing (feedback for an id the log does not hold, and the look-ups in other models'
     * partitions) and the 409 of creating a table that exists. Every error that matters reaches
     * this class's callers, which log it themselves (the prediction log's failed writes) or answer
     * with it. Held here so the level sticks (JUL keeps loggers weakly).
     */
    private static final java.util.logging.Logger SDK_LOG = java.util.logging.Logger.getLogger("com.azure.data.tables");

    static {
        SDK_LOG.setLevel(java.util.logging.Level.OFF);
    }

    private final TableClient table;
    private final AtomicBoolean created = new AtomicBoolean();

    public PredictionTable(TableClient table) {
        this.table = table;
    }

    /** The table as the settings describe storage: a connection string locally, the managed identity in Azure. */
    public static PredictionTable from(AppConfig config) {
        var connection = config.storageConnectionString();
        if (connection.isPresent()) return fromConnectionString(connection.get());
        String endpoint = config.storageTableServiceUri().orElseThrow(() -> new IllegalStateException(
                "table storage is not configured: set AzureWebJobsStorage (a connection string; locally UseDevelopmentStorage=true) "
                        + "or AzureWebJobsStorage__tableServiceUri (with a managed identity)"));
        var credential = new com.azure.identity.DefaultAzureCredentialBuilder();
        config.managedIdentityClientId().ifPresent(credential::managedIdentityClientId);
        return new PredictionTable(new TableClientBuilder().endpoint(endpoint).credential(credential.build()).tableName(TABLE)
                .httpClient(new JdkHttpClientBuilder().build()).buildClient());
    }

    public static PredictionTable fromConnectionString(String connectionString) {
        return new PredictionTable(new TableClientBuilder().connectionString(connectionString).tableName(TABLE)
                .httpClient(new JdkHttpClientBuilder().build()).buildClient());
    }

    /** The partition of a model's predictions made in the hour of this instant. */
    public static String partitionKey(String model, Instant time) {
        return model + "~" + HOUR.format(time);
    }

    /**
     * Writes predictions in entity group transactions: one partition each, within the count and
     * size limits. Each transaction is written or fails as a whole; a failed one is counted and
     * the rest are still written. An upsert, so that a transaction the SDK retries after a lost
     * answer writes the same entities again instead of failing on them; a merge, so that it never
     * removes feedback.
     */
    public Written write(List<PredictionRecord> records) {
        ensureTable();
        Map<String, List<TableEntity>> byPartition = new LinkedHashMap<>();
        for (PredictionRecord r : records) {
            TableEntity e = entity(r);
            byPartition.computeIfAbsent(e.getPartitionKey(), k -> new ArrayList<>()).add(e);
        }
        int written = 0;
        int failed = 0;
        RuntimeException failure = null;
        for (List<TableEntity> partition : byPartition.values()) {
            for (List<TableTransactionAction> transaction : transactions(partition)) {
                try {
                    table.submitTransaction(transaction);
                    written += transaction.size();
                } catch (RuntimeException e) {
                    failed += transaction.size();
                    failure = e;
                }
            }
        }
        return new Written(written, failed, failure);
    }

    /**
     * What a {@link #write} did.
     *
     * @param failure the last failure, or null
     */
    public record Written(int written, int failed, RuntimeException failure) {}

    /** One partition's entities in transactions of at most 100 entities and about 3 MiB. */
    static List<List<TableTransactionAction>> transactions(List<TableEntity> partition) {
        List<List<TableTransactionAction>> transactions = new ArrayList<>();
        List<TableTransactionAction> current = new ArrayList<>();
        long bytes = 0;
        for (TableEntity e : partition) {
            long size = estimatedBytes(e);
            if (!current.isEmpty() && (current.size() == MAX_TRANSACTION_ENTITIES || bytes + size > MAX_TRANSACTION_BYTES)) {
                transactions.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(new TableTransactionAction(TableTransactionActionType.UPSERT_MERGE, e));
            bytes += size;
        }
        if (!current.isEmpty()) transactions.add(current);
        return transactions;
    }

    /** The prediction, by a point read of its partition and id; empty when the log does not hold it. */
    public Optional<LoggedPrediction> find(String model, String predictionId) {
        try {
            TableEntity e = table.getEntityWithResponse(partitionKey(model, PredictionIds.time(predictionId)), predictionId,
                    null, null, null).getValue();
            return Optional.of(read(e));
        } catch (TableServiceException e) {
            if (e.getResponse() != null && e.getResponse().getStatusCode() == 404) return Optional.empty(); // no such entity, or no table yet
            throw e;
        }
    }

    /**
     * Hands every logged prediction of {@code model} made in {@code [from, to)} to {@code each}, as the
     * table pages them: one query per hour's partition, so a window's rows are never held together.
     */
    public void forEachInWindow(String model, Instant from, Instant to, Consumer<LoggedPrediction> each) {
        for (Instant hour = from.truncatedTo(ChronoUnit.HOURS); hour.isBefore(to); hour = hour.plus(1, ChronoUnit.HOURS)) {
            var query = new ListEntitiesOptions().setFilter("PartitionKey eq '" + partitionKey(model, hour).replace("'", "''") + "'");
            try {
                for (TableEntity e : table.listEntities(query, null, null)) {
                    LoggedPrediction logged = read(e);
                    Instant time = logged.prediction().time();
                    if (!time.isBefore(from) && time.isBefore(to)) each.accept(logged);
                }
            } catch (TableServiceException e) {
                if (e.getResponse() == null || e.getResponse().getStatusCode() != 404) throw e; // 404: no table yet, so no predictions
            }
        }
    }

    /**
     * Merges true classes into logged predictions, each only if it is unchanged since it was read
     * (its ETag), in one transaction per partition and chunk of 100.
     *
     * @throws ConflictException when one of them changed meanwhile (that transaction stores nothing;
     *                           earlier ones stay stored, which a retry of the same feedback finds unchanged)
     */
    public void recordActuals(List<Actual> actuals, Instant at) {
        Map<String, List<TableTransactionAction>> byPartition = new LinkedHashMap<>();
        for (Actual a : actuals) {
            PredictionRecord p = a.logged().prediction();
            TableEntity e = new TableEntity(partitionKey(p.model(), p.time()), p.predictionId())
                    .addProperty("actual", a.actual()).addProperty("feedbackAt", OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
            e.getProperties().put("odata.etag", a.logged().etag());
            byPartition.computeIfAbsent(e.getPartitionKey(), k -> new ArrayList<>())
                    .add(new TableTransactionAction(TableTransactionActionType.UPDATE_MERGE, e, true));
        }
        for (List<TableTransactionAction> partition : byPartition.values()) {
            for (int from = 0; from < partition.size(); from += MAX_TRANSACTION_ENTITIES) {
                try {
                    table.submitTransaction(partition.subList(from, Math.min(partition.size(), from + MAX_TRANSACTION_ENTITIES)));
                } catch (TableServiceException e) {
                    if (!changedMeanwhile(e)) throw e;
                    throw new ConflictException("feedback for a prediction in " + partition.get(0).getEntity().getPartitionKey()
                            + " was recorded by another request meanwhile; send this request again (feedback is idempotent)");
                }
            }
        }
    }

    /** A failed If-Match: a failed transaction has no response of its own, only the service's error code. */
    private static boolean changedMeanwhile(TableServiceException e) {
        return (e.getResponse() != null && e.getResponse().getStatusCode() == 412)
                || (e.getValue() != null && TableErrorCode.UPDATE_CONDITION_NOT_SATISFIED.equals(e.getValue().getErrorCode()));
    }

    /** A true class for a logged prediction, read with its ETag. */
    public record Actual(LoggedPrediction logged, String actual) {}

    /**
     * Creates the table once per process if it is missing: Bicep declares it in Azure, so this is
     * for Azurite and fresh accounts. A refusal other than "it exists" is not raised here: if the
     * table really is missing, the writes fail and are counted and logged as such.
     */
    private void ensureTable() {
        if (!created.compareAndSet(false, true)) return;
        try {
            table.createTable();
        } catch (TableServiceException e) {
            if (e.getResponse() == null || e.getResponse().getStatusCode() != 409) {
                LOG.warning("could not create table " + TABLE + " (the writes will say whether it exists): " + e.getMessage());
            }
        }
    }

    private static TableEntity entity(PredictionRecord r) {
        TableEntity e = new TableEntity(partitionKey(r.model(), r.time()), r.predictionId())
                .addProperty("model", r.model())
                .addProperty("version", r.version())
                .addProperty("time", OffsetDateTime.ofInstant(r.time(), ZoneOffset.UTC))
                .addProperty("probabilities", new String(Json.compact(r.probabilities()), StandardCharsets.UTF_8))
                .addProperty("label", r.label());
        String input = new String(Json.compact(r.input()), StandardCharsets.UTF_8);
        if (input.length() > CHUNK_CHARS * MAX_INPUT_CHUNKS) {
            e.addProperty("inputOmitted", true);
        } else {
            for (int i = 0; i * CHUNK_CHARS < input.length(); i++) {
                e.addProperty(i == 0 ? "input" : "input" + i, input.substring(i * CHUNK_CHARS, Math.min(input.length(), (i + 1) * CHUNK_CHARS)));
            }
        }
        return e;
    }

    private static LoggedPrediction read(TableEntity e) {
        StringBuilder input = new StringBuilder();
        for (int i = 0; e.getProperty(i == 0 ? "input" : "input" + i) instanceof String chunk; i++) input.append(chunk);
        Map<String, Object> inputs = input.isEmpty() ? null : parse(input.toString(), INPUT);
        Map<String, Double> probabilities = parse((String) e.getProperty("probabilities"), PROBABILITIES);
        var prediction = new PredictionRecord(e.getRowKey(), (String) e.getProperty("model"), ((Number) e.getProperty("version")).intValue(),
                ((OffsetDateTime) e.getProperty("time")).toInstant(), inputs, probabilities, (String) e.getProperty("label"));
        OffsetDateTime feedbackAt = (OffsetDateTime) e.getProperty("feedbackAt");
        return new LoggedPrediction(prediction, (String) e.getProperty("actual"), feedbackAt == null ? null : feedbackAt.toInstant(),
                e.getETag());
    }

    /**
     * An upper bound of the entity's size in a transaction: its text at up to 3 bytes a character
     * in UTF-8 JSON, and room for names, numbers and the request's framing.
     */
    private static long estimatedBytes(TableEntity e) {
        long chars = 0;
        for (Object value : e.getProperties().values()) if (value instanceof String text) chars += text.length();
        return 3 * chars + 1024;
    }

    private static <T> T parse(String json, TypeReference<T> type) {
        try {
            return Json.MAPPER.readValue(json, type);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("a prediction entity holds JSON that cannot be read", e);
        }
    }
}
