package io.tabml.monitoring;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.tabml.ingest.FeatureSchema;
import io.tabml.ingest.FeatureType;
import io.tabml.ingest.InputSchema;
import io.tabml.testing.Azurite;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The writer between answers and the table: never blocking, bounded, sampled, flushed on its own and on close. */
class PredictionLogTest {
    private final String model = "log-" + UUID.randomUUID().toString().substring(0, 8);

    /** The inputs of {@code row}, in its order, and the classes: what the log needs of a version's schema. */
    static InputSchema schema(Map<String, Object> row, List<String> classes) {
        var features = row.keySet().stream().map(name -> new FeatureSchema(name, FeatureType.NUMERIC, 0, null, null, null, List.of())).toList();
        return new InputSchema(features, "target", classes, null, List.of());
    }

    private static final InputSchema SCHEMA = schema(PredictionTableTest.row(0, "north"), List.of("no", "yes"));

    /** Answers {@code rows} predictions through the log, as the prediction service does; returns their ids. */
    private List<String> answer(PredictionLog log, int rows) {
        PredictionLog.Answer answer = log.answer();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            ids.add(answer.log(model, 1, SCHEMA, PredictionTableTest.row(i, "north").values().toArray(), new double[] {0.4, 0.6}, "yes"));
        }
        answer.commit();
        return ids;
    }

    @Test
    void writesWhatWaitsEveryFlushIntervalAndEveryPredictionIsThenFoundById() {
        PredictionTable table = Azurite.shared().predictionTable();
        try (PredictionLog log = new PredictionLog(table, Clock.systemUTC(), 1.0, 1000, Duration.ofMillis(100))) {
            List<String> ids = answer(log, 30);

            await("the flusher writes 30 predictions").atMost(Duration.ofSeconds(20)).until(() -> log.stats().written() == 30);
            for (String id : ids) assertEquals(id, table.find(model, id).orElseThrow().prediction().predictionId());
        }
    }

    @Test
    void closingWritesWhatIsStillWaiting() {
        PredictionTable table = Azurite.shared().predictionTable();
        PredictionLog log = new PredictionLog(table, Clock.systemUTC(), 1.0, 1000, Duration.ofHours(1));
        List<String> ids = answer(log, 5); // fewer than a transaction's worth: only the hourly flush, or close, writes them
        assertEquals(5, log.stats().queued());

        log.close();

        assertEquals(5, log.stats().written());
        assertTrue(table.find(model, ids.get(4)).isPresent());
        answer(log, 2);
        assertEquals(2, log.stats().dropped(), "a closed log takes nothing more and counts it");
    }

    @Test
    void aFullBufferDropsAndCountsAndAnswersDoNotWaitForStorage() throws Exception {
        PredictionTable stuck = mock(PredictionTable.class);
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        when(stuck.writeBlocks(any())).thenAnswer(call -> {
            writing.countDown();
            release.await(); // storage that does not answer
            return new PredictionTable.Written(PageBlock.predictions(call.getArgument(0)), 0, null);
        });
        PredictionLog log = new PredictionLog(stuck, Clock.systemUTC(), 1.0, 150, Duration.ofHours(1));
        try {
            answer(log, 120); // a transaction's worth: the flusher takes all 120 and hangs in the write
            assertTrue(writing.await(10, TimeUnit.SECONDS), "the flusher started writing");
            await().atMost(Duration.ofSeconds(5)).until(() -> log.stats().queued() == 0);

            long start = System.nanoTime();
            answer(log, 200); // 150 fit in the buffer while storage hangs; 50 do not
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            PredictionLog.Stats stats = log.stats();
            assertEquals(150, stats.queued());
            assertEquals(50, stats.dropped());
            assertEquals(0, stats.written(), "storage has not answered yet, and the answer did not wait for it");
            assertTrue(millis < 2_000, "200 predictions were queued or dropped in " + millis + " ms");
        } finally {
            release.countDown();
            log.close();
        }
        assertEquals(270, log.stats().written(), "once storage answers, what was queued is written");
    }

    @Test
    void anAnswerLargerThanTheBufferKeepsOnlyWhatFitsAndCountsTheRest() {
        PredictionTable table = mock(PredictionTable.class);
        when(table.writeBlocks(any())).thenAnswer(call -> new PredictionTable.Written(PageBlock.predictions(call.getArgument(0)), 0, null));
        try (PredictionLog log = new PredictionLog(table, Clock.systemUTC(), 1.0, 10, Duration.ofHours(1))) {
            answer(log, 25);

            assertEquals(15, log.stats().dropped());
            // a queue of 10 is flushed from 5 waiting on: the flusher may have written some already
            await().atMost(Duration.ofSeconds(5)).until(() -> log.stats().queued() + log.stats().written() == 10);
        }
    }

    @Test
    void aFailedWriteIsCountedAndNeverReachesTheAnswer() {
        PredictionTable failing = mock(PredictionTable.class);
        when(failing.writeBlocks(any())).thenThrow(new IllegalStateException("table storage is unreachable"));
        try (PredictionLog log = new PredictionLog(failing, Clock.systemUTC(), 1.0, 100, Duration.ofHours(1))) {
            answer(log, 7);
            log.flush();

            assertEquals(7, log.stats().failed());
            assertEquals(0, log.stats().written());
            answer(log, 3); // and the log goes on taking predictions
            assertEquals(3, log.stats().queued());
        }
    }

    @Test
    void samplingLogsOnlyTheKeptShareAndEveryAnswerStillHasItsIds() {
        PredictionTable table = mock(PredictionTable.class);
        when(table.writeBlocks(any())).thenAnswer(call -> new PredictionTable.Written(PageBlock.predictions(call.getArgument(0)), 0, null));
        try (PredictionLog log = new PredictionLog(table, Clock.systemUTC(), 0.1, 10_000, Duration.ofHours(1))) {
            List<String> ids = answer(log, 5_000);
            log.flush();

            assertEquals(5_000, ids.stream().distinct().count());
            long kept = log.stats().written();
            // binomial: mean 500, standard deviation 21; 6 deviations either side
            assertTrue(Math.abs(kept - 500) < 130, kept + " of 5,000 kept at 0.1");
        }
        try (PredictionLog none = new PredictionLog(table, Clock.systemUTC(), 0.0, 10, Duration.ofHours(1))) {
            answer(none, 50);
            assertEquals(0, none.stats().queued());
            assertEquals(0, none.stats().dropped(), "sampled out is not dropped");
        }
    }

    @Test
    void predictionsArePackedIntoPagesThatFlushesFillAndEachIsFoundById() {
        PredictionTable table = Azurite.shared().predictionTable();
        try (PredictionLog log = new PredictionLog(table, Clock.systemUTC(), 1.0, 1000, Duration.ofHours(1))) {
            List<String> first = answer(log, 150);
            log.flush();
            List<String> second = answer(log, 20); // into the page the first flush left half full
            log.flush();

            List<String> ids = new ArrayList<>(first);
            ids.addAll(second);
            assertEquals(170, log.stats().written());
            assertEquals(2, ids.stream().map(PredictionIds::page).distinct().count(), "pages of " + PredictionTable.MAX_PAGE_SLOTS);
            assertEquals(PredictionIds.page(first.get(149)), PredictionIds.page(second.get(0)));
            var found = table.findAll(model, ids);
            for (int i = 0; i < ids.size(); i++) {
                double age = i < 150 ? i : i - 150;
                assertEquals(age, found.get(ids.get(i)).prediction().input().get("age"), ids.get(i));
            }
        }
    }

    @Test
    void aPageHoldsOneHourSoANewHourOpensANewPage() {
        Instant hour = Instant.parse("2026-11-30T10:59:59Z");
        AtomicReference<Instant> now = new AtomicReference<>(hour);
        Clock clock = new Clock() {
            @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
            @Override public Clock withZone(java.time.ZoneId zone) { return this; }
            @Override public Instant instant() { return now.get(); }
        };
        PredictionTable table = Azurite.shared().predictionTable();
        try (PredictionLog log = new PredictionLog(table, clock, 1.0, 1000, Duration.ofHours(1))) {
            String before = answer(log, 1).get(0);
            now.set(hour.plusSeconds(2));
            String after = answer(log, 1).get(0);
            log.flush();

            assertNotEquals(PredictionIds.page(before), PredictionIds.page(after));
            List<String> inHour11 = new ArrayList<>();
            table.forEachInWindow(model, Instant.parse("2026-11-30T11:00:00Z"), Instant.parse("2026-11-30T12:00:00Z"),
                    logged -> inHour11.add(logged.prediction().predictionId()));
            assertEquals(List.of(after), inHour11);
        }
    }

    @Test
    void predictionsOfTwoVersionsInOnePageKeepTheirOwnFeaturesAndClasses() {
        PredictionTable table = Azurite.shared().predictionTable();
        try (PredictionLog log = new PredictionLog(table, Clock.systemUTC(), 1.0, 1000, Duration.ofHours(1))) {
            Map<String, Object> other = new LinkedHashMap<>();
            other.put("income", 52_000.0);
            other.put("segment", null);
            var answer = log.answer();
            String one = answer.log(model, 1, SCHEMA, PredictionTableTest.row(30, "north").values().toArray(), new double[] {0.4, 0.6}, "yes");
            String two = answer.log(model, 2, schema(other, List.of("low", "high")), other.values().toArray(), new double[] {0.7, 0.3}, "low");
            answer.commit();
            log.flush();

            assertEquals(PredictionIds.page(one), PredictionIds.page(two));
            var found = table.findAll(model, List.of(one, two));
            assertEquals(PredictionTableTest.row(30, "north"), found.get(one).prediction().input());
            assertEquals(Map.of("no", 0.4, "yes", 0.6), found.get(one).prediction().probabilities());
            assertEquals(other, found.get(two).prediction().input());
            assertEquals(Map.of("low", 0.7, "high", 0.3), found.get(two).prediction().probabilities());
            assertEquals(2, found.get(two).prediction().version());
        }
    }

    @Test
    void aRegressorsPredictionIsLoggedWithItsValueAndNoProbabilities() {
        PredictionTable table = Azurite.shared().predictionTable();
        try (PredictionLog log = new PredictionLog(table, Clock.systemUTC(), 1.0, 1000, Duration.ofHours(1))) {
            var answer = log.answer();
            String id = answer.log(model, 4, schema(PredictionTableTest.row(30, "north"), List.of()), PredictionTableTest.row(30, "north").values()
                    .toArray(), null, "123.4");
            answer.commit();
            log.flush();

            PredictionRecord found = table.find(model, id).orElseThrow().prediction();
            assertEquals("123.4", found.label());
            assertNull(found.probabilities());
            assertEquals(PredictionTableTest.row(30, "north"), found.input());
        }
    }
}
