package io.tabml.monitoring;

import io.tabml.ingest.InputSchema;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Logs answered predictions to the {@link PredictionTable} off the request path. An answer only
 * adds its predictions to what waits, up to a bound, and never blocks: past the bound a
 * prediction is dropped and counted, so a slow or unreachable table costs log entries, never
 * answer time. One background thread writes what waits every flush interval, or as soon as ten
 * pages' worth ({@value #FLUSH_AT}) or half the bound waits ({@link PredictionTable#writeBlocks});
 * a failed write is logged and counted and does not fail any prediction. {@link #close} writes what is
 * left (the local host calls it when it stops; in Azure a JVM shutdown hook does).
 *
 * <p>Sampling keeps a random share of predictions; every answer still carries an id. Predictions
 * are packed into pages as they are taken ({@link PredictionPages}): what waits is each page's
 * next block, one array of bytes, and a flush writes one entity per page. Not an object per
 * prediction: under load hundreds wait at any time, and the collector copied each of them.
 */
public final class PredictionLog implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(PredictionLog.class.getName());
    /**
     * A flush starts early once this many wait (or half the capacity, if less): ten full
     * pages, so that under load a flush writes whole pages in one request, and each page is
     * written about once.
     */
    static final int FLUSH_AT = 10 * PredictionTable.MAX_PAGE_SLOTS;
    /** How long {@link #close} waits for the last flush. */
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final PredictionTable table;
    private final PredictionIds ids;
    private final double sampleRate;
    private final int capacity;
    private final int flushAt;
    private final Duration flushInterval;
    private final Clock clock;
    private final PredictionPages pages;
    private final Map<String, Map<Integer, NamesOfVersion>> names = new ConcurrentHashMap<>();
    /** The predictions kept and not yet taken by a flush: at most {@link #capacity}. */
    private final AtomicInteger waiting = new AtomicInteger();
    private final Object writing = new Object();
    private final LongAdder written = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread flusher;
    /**
     * Wakes the flusher early (ten pages' worth waiting, or closing). A released permit waits
     * until taken, so a wake-up given before the flusher sleeps is not lost, as an unpark given to a
     * thread not yet running can be.
     */
    private final Semaphore wake = new Semaphore(0);
    private long droppedReported;

    /**
     * @param sampleRate    the share of predictions logged, 0 to 1
     * @param capacity      how many predictions may wait to be written
     * @param flushInterval how often the waiting predictions are written
     */
    public PredictionLog(PredictionTable table, Clock clock, double sampleRate, int capacity, Duration flushInterval) {
        this.table = table;
        this.ids = new PredictionIds(clock);
        this.clock = clock;
        this.pages = new PredictionPages(ids);
        this.sampleRate = sampleRate;
        this.capacity = capacity;
        this.flushAt = Math.min(FLUSH_AT, Math.max(1, capacity / 2));
        this.flushInterval = flushInterval;
        this.flusher = Thread.ofPlatform().daemon().name("prediction-log").unstarted(this::run);
        flusher.start();
    }

    /** Collects the predictions of one answer, to be logged once the whole answer is ready. */
    public Answer answer() {
        return new Answer();
    }

    /**
     * The predictions of one answer. They are kept by {@link #commit} once the answer is
     * complete, so that a request refused half way (a bad row in a CSV) logs nothing; until
     * then an answer keeps at most the log's capacity of them, since more could not wait to be
     * written anyway, which bounds the memory a large CSV batch takes for the log.
     */
    public final class Answer {
        private final List<PredictionPages.Placed> kept = new ArrayList<>();
        private long over;

        private Answer() {}

        /**
         * Takes one answered row for the log, if sampling keeps it and there is room, and returns its
         * prediction id: every answered row gets one, logged or not. The row is serialised here, once.
         *
         * @param schema        the answering version's inputs and classes, which name the row's values and the probabilities
         * @param row           the row as the model read it: each input feature's value, in the schema's order
         * @param probabilities each class's, in the schema's order; null for a regressor's prediction
         * @param label         the class answered, or a regressor's value as text
         */
        public String log(String model, int version, InputSchema schema, Object[] row, double[] probabilities, String label) {
            if (sampleRate < 1 && ThreadLocalRandom.current().nextDouble() >= sampleRate) return ids.next();
            if (kept.size() >= capacity) {
                over++;
                return ids.next();
            }
            long millis = clock.millis();
            NamesOfVersion names = names(model, version, schema);
            var placed = pages.place(model, millis, PredictionTable.Content.of(names.names(), names.key(), row, probabilities, label));
            kept.add(placed);
            return placed.predictionId();
        }

        /** Adds the kept predictions to what waits to be written; never blocks: what does not fit is dropped and counted. */
        public void commit() {
            dropped.add(over);
            for (PredictionPages.Placed p : kept) {
                if (!closed.get() && waiting.getAndUpdate(w -> w < capacity ? w + 1 : w) < capacity) pages.keep(p);
                else dropped.increment();
            }
            if (waiting.get() >= flushAt) wake.release();
        }
    }

    /** A version's names and their property's key, made once per version rather than for every row. */
    private record NamesOfVersion(InputSchema schema, PredictionTable.Names names, String key) {}

    private NamesOfVersion names(String model, int version, InputSchema schema) {
        var ofModel = names.computeIfAbsent(model, m -> new ConcurrentHashMap<>());
        NamesOfVersion known = ofModel.get(version);
        if (known != null && known.schema() == schema) return known;
        // first seen, or a model of this name made anew (its versions are other models): names again
        var names = PredictionTable.Names.of(version, schema);
        NamesOfVersion made = new NamesOfVersion(schema, names, names.key());
        ofModel.put(version, made);
        return made;
    }

    /** Writes everything kept so far, waiting for a write in progress; for shutdown and tests. */
    public void flush() {
        synchronized (writing) {
            for (List<PageBlock> blocks = pages.take(); !blocks.isEmpty(); blocks = pages.take()) {
                waiting.addAndGet(-PageBlock.predictions(blocks));
                write(blocks);
            }
            reportDrops();
        }
    }

    /** What the log has done since it started. */
    public Stats stats() {
        return new Stats(sampleRate, capacity, waiting.get(), written.sum(), dropped.sum(), failed.sum());
    }

    /**
     * @param queued  waiting to be written now
     * @param written written to the table
     * @param dropped not logged because {@code capacity} predictions waited (or the log closed)
     * @param failed  lost to a failed write
     */
    public record Stats(double sampleRate, int capacity, int queued, long written, long dropped, long failed) {}

    /** Stops the flusher and writes what is left. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        wake.release();
        try {
            flusher.join(CLOSE_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Stats stats = stats();
        LOG.info("prediction log closed: " + stats.written() + " written, " + stats.dropped() + " dropped, " + stats.failed()
                + " failed, " + stats.queued() + " left unwritten");
    }

    private void run() {
        while (!closed.get()) {
            if (waiting.get() < flushAt) sleepUntilWoken();
            try {
                flush();
            } catch (RuntimeException e) { // never let the flusher die: the next round tries again
                LOG.log(Level.WARNING, "prediction log: flush failed", e);
            }
        }
        flush();
    }

    /** Waits the flush interval, or less when woken; extra wake-ups given meanwhile are spent on this flush. */
    private void sleepUntilWoken() {
        try {
            if (wake.tryAcquire(flushInterval.toNanos(), TimeUnit.NANOSECONDS)) wake.drainPermits();
        } catch (InterruptedException e) {
            // nothing interrupts this thread of the log's own; if something does, it flushes and goes on
            // (keeping the flag would make every later wait return at once)
        }
    }

    private void write(List<PageBlock> blocks) {
        try {
            PredictionTable.Written result = table.writeBlocks(blocks);
            written.add(result.written());
            if (result.failed() > 0) {
                failed.add(result.failed());
                LOG.log(Level.WARNING, "prediction log: " + result.failed() + " of " + PageBlock.predictions(blocks)
                        + " predictions could not be written", result.failure());
            }
        } catch (RuntimeException e) {
            int predictions = PageBlock.predictions(blocks);
            failed.add(predictions);
            LOG.log(Level.WARNING, "prediction log: " + predictions + " predictions could not be written", e);
        }
    }

    /** Says once per flush, not once per prediction, that predictions were dropped. */
    private void reportDrops() {
        long total = dropped.sum();
        if (total > droppedReported) {
            LOG.warning("prediction log: " + (total - droppedReported) + " predictions dropped since the last report ("
                    + total + " in all): " + capacity + " (PREDICTION_LOG_BUFFER) were waiting to be written");
            droppedReported = total;
        }
    }
}
