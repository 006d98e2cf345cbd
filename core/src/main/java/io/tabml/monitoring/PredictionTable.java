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
import io.tabml.ingest.FeatureSchema;
import io.tabml.ingest.InputSchema;
import io.tabml.storage.Json;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The prediction log in Azure Table Storage, table {@value #TABLE}. Predictions are packed into
 * pages: one entity holds up to {@value #MAX_PAGE_SLOTS} predictions of one model and hour, each in
 * a slot, as a {@link SlotRecord} (version, label, probabilities, and the input row as the model
 * read it). The slots one flush writes into a page are one binary property, a block
 * {@code c<first slot>} ({@link PageBlock}): the SDK's cost of writing an entity goes by property,
 * and by property it was most of the log's cost. Blocks written before the log was binary are
 * {@code b<first slot>}, a JSON object of the slots' JSON by slot number, and are still read.
 * PartitionKey is {@code <model>~<yyyyMMddHH>} (the UTC hour of the
 * page, which the prediction ids carry) and RowKey the page's id; a prediction's id is its page's
 * id with the slot in its last bits ({@link PredictionIds}). Feedback finds a prediction by a point
 * read of its page, never a scan, and merges {@code a<slot>} (the true class and when it was
 * given) into the same entity; the monitoring job reads one model's hours as whole partitions.
 *
 * <p>Why pages rather than an entity per prediction: the table's costs go by entity. One
 * partition takes about 2,000 entities a second, so an entity per prediction caps one model's
 * logged traffic at 2,000 answers a second, and each entity costs the writer (the SDK builds a
 * sub-request per entity of a transaction) and the service about as much as a page of a hundred.
 * Measured: bench/monitoring.sh, docs/benchmarks.md.
 *
 * <p>The limits this layout keeps to (Azure Storage documentation: "Scalability and performance
 * targets for Table storage", learn.microsoft.com/azure/storage/tables/scalability-targets;
 * "Understanding the Table service data model"; "Performing entity group transactions",
 * learn.microsoft.com/rest/api/storageservices/performing-entity-group-transactions):
 * <ul>
 *   <li>an entity holds at most 1 MiB and 255 properties (3 of them the keys and timestamp); a
 *       binary property at most 64 KiB, so a block is split over {@code b<slot>},
 *       {@code b<slot>_1}, ... of {@value #CHUNK_BYTES} bytes each. A page takes predictions while
 *       their JSON stays within {@value #MAX_PAGE_BYTES} bytes and their properties (counted as if
 *       each were a block of its own, and one more each for feedback) within
 *       {@value #MAX_PAGE_PROPERTIES}; a prediction longer than a page can hold is logged without
 *       its input;</li>
 *   <li>an entity group transaction holds at most 100 entities of one partition and at most
 *       4 MiB, so a flush writes each partition in transactions of at most
 *       {@value #MAX_TRANSACTION_ENTITIES} pages and about {@value #MAX_TRANSACTION_BYTES}
 *       bytes.</li>
 * </ul>
 */
public final class PredictionTable {
    public static final String TABLE = "predictions";
    static final int MAX_TRANSACTION_ENTITIES = 100;
    static final int MAX_TRANSACTION_BYTES = 3 * 1024 * 1024;
    /** A binary property holds at most 64 KiB; a margin below it. */
    static final int CHUNK_BYTES = 64_000;
    static final int MAX_PAGE_SLOTS = 100;
    static final int MAX_PAGE_BYTES = 600_000;
    static final int MAX_PAGE_PROPERTIES = 240;
    /**
     * Pages of predictions per response of a window's query: the service sends up to 1,000
     * entities a response, which with pages of a hundred would hold a hundred thousand predictions
     * in memory at once.
     */
    static final int PAGES_PER_RESPONSE = 20;

    /** A block is the property {@code c<first slot>}, in chunks {@code _1}, {@code _2}, ... past {@value #CHUNK_BYTES} bytes. */
    private static final String BLOCK = "c";
    /** A block of slots' JSON, as the log wrote them before its blocks were binary ({@link SlotRecord.Stored}). */
    private static final String JSON_BLOCK = "b";
    private static final TypeReference<LinkedHashMap<String, SlotRecord.Stored>> JSON_BLOCK_TYPE = new TypeReference<>() {};

    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyyMMddHH").withZone(ZoneOffset.UTC);

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

    /** The UTC hour of a time in milliseconds, as partitions are keyed. */
    static long hour(long millis) {
        return Math.floorDiv(millis, 3_600_000L);
    }

    /**
     * A prediction as its slot holds it: a {@link SlotRecord}, with the names of its features and
     * classes apart ({@link Names}), since every prediction of a model version repeats them. Made
     * once, where the prediction is answered; it then waits in its page's next block
     * ({@link PageBlock}) as bytes, not as the row it came from.
     */
    public record Content(Names names, String namesKey, byte[] record) {
        /**
         * Serialises a prediction; without its input when that would not fit in a page.
         *
         * @param names         the version's feature and class names, with their key ({@link Names#key()}, made once per version)
         * @param row           the input values in the order of {@code names.features()}
         * @param probabilities in the order of {@code names.classes()}; null for a regressor's prediction, whose label is its value
         */
        public static Content of(Names names, String namesKey, Object[] row, double[] probabilities, String label) {
            byte[] record = SlotRecord.of(names.version(), label, probabilities, row);
            if (record.length + names.bytes() <= MAX_PAGE_BYTES) return new Content(names, namesKey, record);
            Names without = new Names(names.version(), List.of(), names.classes());
            return new Content(without, without.key(), SlotRecord.of(names.version(), label, probabilities, null));
        }

        /** The bytes the prediction takes in its page's blocks. */
        int bytes() {
            return record.length + SLOT_FRAMING;
        }

        /**
         * The most properties the prediction can take in its page: a block of its own, in chunks,
         * and one for its feedback. A block shared with other predictions takes fewer.
         */
        int properties() {
            return 1 + (bytes() + CHUNK_BYTES - 1) / CHUNK_BYTES;
        }
    }

    /** What a slot adds to its block beyond its record: its number and its names' index. */
    private static final int SLOT_FRAMING = 3;

    /**
     * The names of a model version's features and classes, which a page keeps once in the property
     * {@link #key()} (a binary property as JSON, in chunks like a block's) for the predictions of its
     * slots that name it.
     */
    public record Names(int version, List<String> features, List<String> classes) {
        /** A version's names as its schema gives them. */
        public static Names of(int version, InputSchema schema) {
            return new Names(version, schema.features().stream().map(FeatureSchema::name).toList(), schema.classes());
        }

        /**
         * The property's name: the version, and a hash to tell apart names of one version that differ
         * (written by hand). Made once per version by the log ({@link PredictionLog}).
         */
        public String key() {
            return "n" + version + "_" + Integer.toHexString(31 * features.hashCode() + classes.hashCode());
        }

        byte[] json() {
            return Json.compact(this);
        }

        /** About the size of {@link #json()}, without making it. */
        int bytes() {
            int bytes = 64;
            for (String f : features) bytes += f.length() + 3;
            for (String c : classes) bytes += c.length() + 3;
            return bytes;
        }
    }

    private static List<byte[]> split(byte[] json) {
        if (json.length <= CHUNK_BYTES) return List.of(json);
        List<byte[]> chunks = new ArrayList<>();
        for (int from = 0; from < json.length; from += CHUNK_BYTES) {
            chunks.add(Arrays.copyOfRange(json, from, Math.min(json.length, from + CHUNK_BYTES)));
        }
        return chunks;
    }

    /** What feedback merges into a slot's {@code a<slot>}. */
    private record Feedback(String actual, Instant at) {}

    /**
     * Writes predictions whose ids were made apart from the log, into the pages their ids name (a
     * plain id is slot 0 of a page of its own). For tests and benchmarks.
     */
    public Written write(List<PredictionRecord> records) {
        Map<String, PageBlock.Builder> pages = new LinkedHashMap<>();
        for (PredictionRecord r : records) {
            String page = PredictionIds.page(r.predictionId());
            List<String> classes = r.probabilities() == null ? List.of() : List.copyOf(r.probabilities().keySet());
            double[] probabilities = r.probabilities() == null ? null : r.probabilities().values().stream().mapToDouble(p -> p).toArray();
            Names names = new Names(r.version(), r.input() == null ? List.of() : List.copyOf(r.input().keySet()), classes);
            Object[] row = r.input() == null ? null : r.input().values().toArray();
            pages.computeIfAbsent(page, k -> new PageBlock.Builder(partitionKey(r.model(), PredictionIds.time(page)), page))
                    .add(PredictionIds.slot(r.predictionId()), Content.of(names, names.key(), row, probabilities, r.label()));
        }
        return writeBlocks(pages.values().stream().map(PageBlock.Builder::take).toList());
    }

    /**
     * Writes blocks of predictions into their pages, in entity group transactions: one partition
     * each, within the count and size limits. Each transaction is written or fails as a whole; a
     * failed one is counted and the rest are still written. An upsert, so that a transaction the SDK
     * retries after a lost answer writes the same properties again instead of failing on them, and
     * so that a page written by several flushes gains each flush's block; a merge, so that it never
     * removes feedback or the blocks written before.
     *
     * @return the predictions written and failed (not the pages)
     */
    public Written writeBlocks(List<PageBlock> blocks) {
        ensureTable();
        Map<String, Map<String, List<PageBlock>>> byPartition = new LinkedHashMap<>();
        for (PageBlock b : blocks) {
            byPartition.computeIfAbsent(b.partition(), k -> new LinkedHashMap<>()).computeIfAbsent(b.page(), k -> new ArrayList<>(1)).add(b);
        }
        int written = 0;
        int failed = 0;
        RuntimeException failure = null;
        for (Map<String, List<PageBlock>> partition : byPartition.values()) {
            Map<TableEntity, Integer> predictions = new IdentityHashMap<>();
            for (List<PageBlock> page : partition.values()) predictions.put(entity(page), PageBlock.predictions(page));
            for (List<TableTransactionAction> transaction : transactions(List.copyOf(predictions.keySet()))) {
                int count = transaction.stream().mapToInt(a -> predictions.get(a.getEntity())).sum();
                try {
                    table.submitTransaction(transaction);
                    written += count;
                } catch (RuntimeException e) {
                    failed += count;
                    failure = e;
                }
            }
        }
        return new Written(written, failed, failure);
    }

    /**
     * A page's blocks as one entity (a transaction may name an entity once), with the names their
     * slots refer to beside them. Each slot is in one block of its page only, so no two blocks of a
     * page start at the same slot.
     */
    private static TableEntity entity(List<PageBlock> page) {
        TableEntity e = new TableEntity(page.get(0).partition(), page.get(0).page());
        for (PageBlock block : page) {
            block.names().forEach((key, names) -> {
                if (!e.getProperties().containsKey(key)) addChunks(e, key, split(names.json()));
            });
            addChunks(e, BLOCK + block.first(), split(block.bytes()));
        }
        return e;
    }

    /**
     * What a {@link #writeBlocks} did.
     *
     * @param failure the last failure, or null
     */
    public record Written(int written, int failed, RuntimeException failure) {}

    /** One partition's pages in transactions of at most 100 entities and about 3 MiB. */
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

    /** The prediction, by a point read of its page; empty when the log does not hold it. */
    public Optional<LoggedPrediction> find(String model, String predictionId) {
        return Optional.ofNullable(findAll(model, List.of(predictionId)).get(predictionId));
    }

    /** The predictions the log holds of these ids, by id, reading each page once. */
    public Map<String, LoggedPrediction> findAll(String model, Collection<String> predictionIds) {
        Map<String, List<String>> byPage = new LinkedHashMap<>();
        for (String id : predictionIds) byPage.computeIfAbsent(PredictionIds.page(id), k -> new ArrayList<>()).add(id);
        Map<String, LoggedPrediction> found = new HashMap<>();
        for (var page : byPage.entrySet()) {
            TableEntity e;
            try {
                e = table.getEntityWithResponse(partitionKey(model, PredictionIds.time(page.getKey())), page.getKey(), null, null, null).getValue();
            } catch (TableServiceException ex) {
                if (ex.getResponse() != null && ex.getResponse().getStatusCode() == 404) continue; // no such page, or no table yet
                throw ex;
            }
            Map<String, Names> names = new HashMap<>();
            Map<Integer, SlotRecord.Stored> slots = slots(e);
            for (String id : page.getValue()) {
                SlotRecord.Stored stored = slots.get(PredictionIds.slot(id));
                if (stored != null) found.put(id, read(e, PredictionIds.slot(id), stored, names));
            }
        }
        return found;
    }

    /**
     * Hands every logged prediction of {@code model} made in {@code [from, to)} to {@code each}, as the
     * table pages them: one query per hour's partition, so a window's rows are never held together.
     */
    public void forEachInWindow(String model, Instant from, Instant to, Consumer<LoggedPrediction> each) {
        for (Instant hour = from.truncatedTo(ChronoUnit.HOURS); hour.isBefore(to); hour = hour.plus(1, ChronoUnit.HOURS)) {
            var query = new ListEntitiesOptions().setFilter("PartitionKey eq '" + partitionKey(model, hour).replace("'", "''") + "'")
                    .setTop(PAGES_PER_RESPONSE);
            try {
                for (TableEntity e : table.listEntities(query, null, null)) {
                    Map<String, Names> names = new HashMap<>();
                    for (var slot : slots(e).entrySet()) {
                        Instant time = PredictionIds.time(PredictionIds.inPage(e.getRowKey(), slot.getKey()));
                        if (!time.isBefore(from) && time.isBefore(to)) each.accept(read(e, slot.getKey(), slot.getValue(), names));
                    }
                }
            } catch (TableServiceException e) {
                if (e.getResponse() == null || e.getResponse().getStatusCode() != 404) throw e; // 404: no table yet, so no predictions
            }
        }
    }

    /**
     * Merges true classes into logged predictions, one action per page, each only if the page is
     * unchanged since it was read (its ETag), in one transaction per partition and chunk of 100
     * pages.
     *
     * @throws PageChangedException when a page changed meanwhile (that transaction stores nothing;
     *                              earlier ones stay stored, which a retry of the same feedback finds unchanged)
     */
    public void recordActuals(List<Actual> actuals, Instant at) {
        Map<String, Map<String, TableEntity>> byPartition = new LinkedHashMap<>();
        for (Actual a : actuals) {
            PredictionRecord p = a.logged().prediction();
            String page = PredictionIds.page(p.predictionId());
            String partition = partitionKey(p.model(), PredictionIds.time(page));
            TableEntity e = byPartition.computeIfAbsent(partition, k -> new LinkedHashMap<>()).computeIfAbsent(page, k -> {
                TableEntity entity = new TableEntity(partition, page);
                entity.getProperties().put("odata.etag", a.logged().etag());
                return entity;
            });
            e.addProperty("a" + PredictionIds.slot(p.predictionId()), json(new Feedback(a.actual(), at)));
        }
        for (Map<String, TableEntity> partition : byPartition.values()) {
            List<TableTransactionAction> pages = partition.values().stream()
                    .map(e -> new TableTransactionAction(TableTransactionActionType.UPDATE_MERGE, e, true)).toList();
            for (int from = 0; from < pages.size(); from += MAX_TRANSACTION_ENTITIES) {
                try {
                    table.submitTransaction(pages.subList(from, Math.min(pages.size(), from + MAX_TRANSACTION_ENTITIES)));
                } catch (TableServiceException e) {
                    if (!changedMeanwhile(e)) throw e;
                    throw new PageChangedException(pages.get(from).getEntity().getPartitionKey(), e);
                }
            }
        }
    }

    /**
     * A page of predictions changed between the read of feedback and its write: the log wrote more
     * predictions into it, or other feedback was recorded. Reading it again and writing again is safe.
     */
    public static final class PageChangedException extends RuntimeException {
        PageChangedException(String partition, Throwable cause) {
            super("a page of predictions in " + partition + " changed while feedback was recorded", cause);
        }
    }

    /** A failed If-Match: a failed transaction has no response of its own, only the service's error code. */
    private static boolean changedMeanwhile(TableServiceException e) {
        return (e.getResponse() != null && e.getResponse().getStatusCode() == 412)
                || (e.getValue() != null && TableErrorCode.UPDATE_CONDITION_NOT_SATISFIED.equals(e.getValue().getErrorCode()));
    }

    /** A true class for a logged prediction, read with its page's ETag. */
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

    private static void addChunks(TableEntity e, String property, List<byte[]> chunks) {
        for (int i = 0; i < chunks.size(); i++) e.addProperty(i == 0 ? property : property + "_" + i, chunks.get(i));
    }

    /** The property's chunks joined, or null when the entity has no such property. */
    private static byte[] joined(TableEntity e, String property) {
        if (!(e.getProperty(property) instanceof byte[] first)) return null;
        if (!(e.getProperty(property + "_1") instanceof byte[])) return first;
        var json = new ByteArrayOutputStream();
        json.writeBytes(first);
        for (int i = 1; e.getProperty(property + "_" + i) instanceof byte[] chunk; i++) json.writeBytes(chunk);
        return json.toByteArray();
    }

    /** A page's predictions by slot, read from its blocks. */
    private static Map<Integer, SlotRecord.Stored> slots(TableEntity e) {
        Map<Integer, SlotRecord.Stored> slots = new TreeMap<>();
        for (String name : e.getProperties().keySet()) {
            if (isBlock(name, BLOCK)) slots.putAll(PageBlock.read(joined(e, name)));
            else if (isBlock(name, JSON_BLOCK)) {
                Map<String, SlotRecord.Stored> block = Json.read(joined(e, name), JSON_BLOCK_TYPE);
                block.forEach((slot, stored) -> slots.put(Integer.parseInt(slot), stored));
            }
        }
        return slots;
    }

    /** The prefix and digits only: not a block's further chunks (c12_1), nor the type annotations the SDK may list (c12@odata.type). */
    private static boolean isBlock(String property, String prefix) {
        return property.length() > 1 && property.startsWith(prefix) && property.chars().skip(1).allMatch(Character::isDigit);
    }

    /**
     * A slot's prediction with its feedback.
     *
     * @param names the names already read from this entity, by key: filled as they are read
     */
    private static LoggedPrediction read(TableEntity e, int slot, SlotRecord.Stored stored, Map<String, Names> names) {
        Names named = names.computeIfAbsent(stored.n(), key -> Json.read(joined(e, key), Names.class));
        Map<String, Object> input = null;
        if (stored.x() != null) {
            input = new LinkedHashMap<>();
            for (int i = 0; i < named.features().size(); i++) {
                Object value = stored.x().get(i);
                input.put(named.features().get(i), value instanceof Number number ? number.doubleValue() : value); // "41" was 41.0
            }
        }
        Map<String, Double> probabilities = null; // a regressor's prediction has none
        if (stored.p() != null) {
            probabilities = new LinkedHashMap<>();
            for (int i = 0; i < named.classes().size(); i++) probabilities.put(named.classes().get(i), stored.p()[i]);
        }
        String model = e.getPartitionKey().substring(0, e.getPartitionKey().lastIndexOf('~'));
        String id = PredictionIds.inPage(e.getRowKey(), slot);
        var prediction = new PredictionRecord(id, model, stored.v(), PredictionIds.time(id), input, probabilities, stored.l());
        Feedback feedback = e.getProperty("a" + slot) instanceof String text ? Json.read(text.getBytes(StandardCharsets.UTF_8), Feedback.class) : null;
        return new LoggedPrediction(prediction, feedback == null ? null : feedback.actual(), feedback == null ? null : feedback.at(), e.getETag());
    }

    /**
     * An upper bound of the entity's size in a transaction: bytes as base64 (4 characters for 3),
     * text at up to 3 bytes a character in UTF-8 JSON, and room for names, type annotations and the
     * request's framing.
     */
    private static long estimatedBytes(TableEntity e) {
        long bytes = 1024;
        for (Object value : e.getProperties().values()) {
            if (value instanceof byte[] binary) bytes += 4L * binary.length / 3 + 64;
            else if (value instanceof String text) bytes += 3L * text.length() + 16;
            else bytes += 32;
        }
        return bytes;
    }

    private static String json(Object value) {
        return new String(Json.compact(value), StandardCharsets.UTF_8);
    }

}
