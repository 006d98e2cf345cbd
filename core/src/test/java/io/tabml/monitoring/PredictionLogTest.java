package io.tabml.monitoring;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.tabml.testing.Azurite;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The writer between answers and the table: never blocking, bounded, sampled, flushed on its own and on close. */
class PredictionLogTest {
    private final String model = "log-" + UUID.randomUUID().toString().substring(0, 8);

    /** Answers {@code rows} predictions through the log, as the prediction service does; returns their ids. */
    private List<String> answer(PredictionLog log, int rows) {
        PredictionLog.Answer answer = log.answer();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            String id = answer.newId();
            if (answer.keeps(id)) {
                answer.add(new PredictionRecord(id, model, 1, PredictionIds.time(id), PredictionTableTest.row(i, "north"),
                        java.util.Map.of("no", 0.4, "yes", 0.6), "yes"));
            }
            ids.add(id);
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
        when(stuck.write(any())).thenAnswer(call -> {
            writing.countDown();
            release.await(); // storage that does not answer
            List<?> records = call.getArgument(0);
            return new PredictionTable.Written(records.size(), 0, null);
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
        try (PredictionLog log = new PredictionLog(table, Clock.systemUTC(), 1.0, 10, Duration.ofHours(1))) {
            answer(log, 25);

            assertEquals(10, log.stats().queued());
            assertEquals(15, log.stats().dropped());
        }
    }

    @Test
    void aFailedWriteIsCountedAndNeverReachesTheAnswer() {
        PredictionTable failing = mock(PredictionTable.class);
        when(failing.write(any())).thenThrow(new IllegalStateException("table storage is unreachable"));
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
        when(table.write(any())).thenAnswer(call -> new PredictionTable.Written(call.<List<?>>getArgument(0).size(), 0, null));
        try (PredictionLog log = new PredictionLog(table, Clock.systemUTC(), 0.1, 10_000, Duration.ofHours(1))) {
            List<String> ids = answer(log, 5_000);
            log.flush();

            assertEquals(5_000, ids.stream().distinct().count());
            long kept = ids.stream().filter(id -> PredictionIds.sampled(id, 0.1)).count();
            assertEquals(kept, log.stats().written(), "exactly the ids sampling keeps are logged");
            // binomial: mean 500, standard deviation 21; 6 deviations either side
            assertTrue(Math.abs(kept - 500) < 130, kept + " of 5,000 kept at 0.1");
        }
        try (PredictionLog none = new PredictionLog(table, Clock.systemUTC(), 0.0, 10, Duration.ofHours(1))) {
            answer(none, 50);
            assertEquals(0, none.stats().queued());
            assertEquals(0, none.stats().dropped(), "sampled out is not dropped");
        }
    }
}
