package io.tabml.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.data.tables.models.TableEntity;
import io.tabml.testing.Azurite;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The prediction log's table on Azurite: keys, transactions, what an entity holds, conditional feedback. */
class PredictionTableTest {
    private final PredictionTable table = Azurite.shared().predictionTable();
    private final String model = "table-" + UUID.randomUUID().toString().substring(0, 8);

    static PredictionRecord record(PredictionIds ids, String model, Map<String, Object> input) {
        String id = ids.next();
        Map<String, Double> probabilities = new LinkedHashMap<>();
        probabilities.put("no", 0.25);
        probabilities.put("yes", 0.75);
        return new PredictionRecord(id, model, 3, PredictionIds.time(id), input, probabilities, "yes");
    }

    static Map<String, Object> row(double age, String region) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("age", age);
        input.put("region", region);
        input.put("credit_score", null);
        return input;
    }

    @Test
    void aWrittenPredictionIsFoundByAPointReadOfItsModelAndId() {
        PredictionRecord written = record(new PredictionIds(Clock.systemUTC()), model, row(41, "north"));

        assertEquals(1, table.write(List.of(written)).written());
        LoggedPrediction found = table.find(model, written.predictionId()).orElseThrow();

        assertEquals(written, found.prediction());
        assertNull(found.prediction().input().get("credit_score"), "a missing value is kept as null");
        assertNull(found.actual());
        assertTrue(table.find("other-" + model, written.predictionId()).isEmpty(), "another model's partition does not hold it");
    }

    @Test
    void writesHoursOfPredictionsInTransactionsOfAtMostAHundredPerPartition() {
        Instant hour = Instant.parse("2026-11-30T10:00:00Z");
        List<PredictionRecord> records = new ArrayList<>();
        PredictionIds thisHour = new PredictionIds(Clock.fixed(hour.plusSeconds(5), ZoneOffset.UTC));
        PredictionIds nextHour = new PredictionIds(Clock.fixed(hour.plusSeconds(3600), ZoneOffset.UTC));
        for (int i = 0; i < 250; i++) records.add(record(thisHour, model, row(i, "south")));
        for (int i = 0; i < 7; i++) records.add(record(nextHour, model, row(i, "east")));

        PredictionTable.Written result = table.write(records);

        assertEquals(257, result.written());
        assertEquals(0, result.failed());
        for (PredictionRecord r : List.of(records.get(0), records.get(149), records.get(249), records.get(256))) {
            assertEquals(r, table.find(model, r.predictionId()).orElseThrow().prediction());
        }
        List<TableEntity> partition = new ArrayList<>();
        for (int i = 0; i < 250; i++) partition.add(new TableEntity(model + "~2026113010", "r" + i).addProperty("input", "{}"));
        assertEquals(List.of(100, 100, 50), PredictionTable.transactions(partition).stream().map(List::size).toList());
    }

    @Test
    void aWindowReadsEveryPredictionOfTheModelInItsTimesAcrossHoursAndNoOther() {
        Instant hour = Instant.parse("2026-11-30T07:00:00Z");
        List<PredictionRecord> records = new ArrayList<>();
        for (int minute : new int[] {-1, 0, 30, 59, 60, 61, 125}) {
            records.add(record(new PredictionIds(Clock.fixed(hour.plusSeconds(60L * minute), ZoneOffset.UTC)), model, row(minute, "west")));
        }
        records.add(record(new PredictionIds(Clock.fixed(hour.plusSeconds(600), ZoneOffset.UTC)), "other-" + model, row(1, "west")));
        table.write(records);

        List<Double> minutes = new ArrayList<>();
        table.forEachInWindow(model, hour, hour.plusSeconds(61 * 60), logged -> minutes.add((Double) logged.prediction().input().get("age")));

        assertEquals(List.of(0.0, 30.0, 59.0, 60.0), minutes.stream().sorted().toList(), "from its start, up to its end excluded");
        List<Object> none = new ArrayList<>();
        table.forEachInWindow("never-" + model, hour, hour.plusSeconds(7200), none::add);
        assertEquals(List.of(), none);
    }

    @Test
    void aWindowReadsPartitionsOfMoreThanOneResponseOfPages() {
        Instant hour = Instant.parse("2026-11-30T05:00:00Z");
        List<PredictionRecord> records = new ArrayList<>();
        int pages = 2 * PredictionTable.PAGES_PER_RESPONSE + 5; // each record made apart from the log is its own page
        for (int i = 0; i < pages; i++) records.add(record(new PredictionIds(Clock.fixed(hour.plusSeconds(i), ZoneOffset.UTC)), model, row(i, "east")));
        table.write(records);

        List<String> read = new ArrayList<>();
        table.forEachInWindow(model, hour, hour.plusSeconds(3600), logged -> read.add(logged.prediction().predictionId()));

        assertEquals(records.stream().map(PredictionRecord::predictionId).sorted().toList(), read.stream().sorted().toList());
    }

    @Test
    void aPageWrittenAsJsonBeforeTheLogWasBinaryIsStillRead() {
        String page = new PredictionIds(Clock.systemUTC()).newPage(Instant.now()).toString();
        var names = new PredictionTable.Names(3, List.of("age", "region", "credit_score"), List.of("no", "yes"));
        String block = "{\"0\":{\"v\":3,\"l\":\"yes\",\"n\":\"" + names.key() + "\",\"p\":[0.25,0.75],\"x\":[41,\"north\",null]},"
                + "\"1\":{\"v\":3,\"l\":\"no\",\"n\":\"" + names.key() + "\",\"p\":[0.5,0.5]}}";
        var entity = new TableEntity(PredictionTable.partitionKey(model, PredictionIds.time(page)), page)
                .addProperty(names.key(), names.json()).addProperty("b0", block.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        new com.azure.data.tables.TableClientBuilder().connectionString(Azurite.shared().connectionString()).tableName(PredictionTable.TABLE)
                .httpClient(new com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder().build()).buildClient().upsertEntity(entity);

        var found = table.findAll(model, List.of(PredictionIds.inPage(page, 0), PredictionIds.inPage(page, 1)));

        PredictionRecord first = found.get(PredictionIds.inPage(page, 0)).prediction();
        assertEquals(row(41, "north"), first.input());
        assertEquals(Map.of("no", 0.25, "yes", 0.75), first.probabilities());
        assertEquals("yes", first.label());
        assertNull(found.get(PredictionIds.inPage(page, 1)).prediction().input(), "a slot written without its input");
    }

    @Test
    void aWideRowIsSplitOverPropertiesAndReadBackWhole() {
        Map<String, Object> wide = new LinkedHashMap<>();
        for (int j = 0; j < 4_000; j++) wide.put("feature_" + j, "category-value-" + j); // about 84,000 bytes: more than a binary property holds

        PredictionRecord written = record(new PredictionIds(Clock.systemUTC()), model, wide);
        assertEquals(1, table.write(List.of(written)).written());

        assertEquals(wide, table.find(model, written.predictionId()).orElseThrow().prediction().input());
    }

    @Test
    void aRowTooWideForAnEntityIsLoggedWithoutItsInput() {
        Map<String, Object> tooWide = new LinkedHashMap<>();
        for (int j = 0; j < 40_000; j++) tooWide.put("feature_" + j, "category-value-" + j); // about 840,000 bytes

        PredictionRecord written = record(new PredictionIds(Clock.systemUTC()), model, tooWide);
        assertEquals(1, table.write(List.of(written)).written());

        LoggedPrediction found = table.find(model, written.predictionId()).orElseThrow();
        assertNull(found.prediction().input());
        assertEquals("yes", found.prediction().label());
    }

    @Test
    void anActualIsMergedIntoThePredictionOnlyIfItIsUnchangedSinceRead() {
        PredictionRecord written = record(new PredictionIds(Clock.systemUTC()), model, row(30, "west"));
        table.write(List.of(written));
        LoggedPrediction read = table.find(model, written.predictionId()).orElseThrow();
        Instant at = Instant.parse("2026-11-30T11:00:00Z");

        table.recordActuals(List.of(new PredictionTable.Actual(read, "no")), at);

        LoggedPrediction labelled = table.find(model, written.predictionId()).orElseThrow();
        assertEquals("no", labelled.actual());
        assertEquals(at, labelled.feedbackAt());
        assertEquals(written, labelled.prediction(), "the prediction itself is unchanged");
        assertThrows(PredictionTable.PageChangedException.class, () -> table.recordActuals(List.of(new PredictionTable.Actual(read, "yes")), at));
        assertEquals("no", table.find(model, written.predictionId()).orElseThrow().actual());
    }

    @Test
    void writingAPredictionAgainKeepsItsActual() {
        PredictionRecord written = record(new PredictionIds(Clock.systemUTC()), model, row(30, "west"));
        table.write(List.of(written));
        table.recordActuals(List.of(new PredictionTable.Actual(table.find(model, written.predictionId()).orElseThrow(), "no")),
                Instant.now());

        table.write(List.of(written)); // as a retried transaction would

        assertEquals("no", table.find(model, written.predictionId()).orElseThrow().actual());
    }
}
