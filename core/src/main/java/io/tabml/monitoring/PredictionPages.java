package io.tabml.monitoring;

import com.github.f4b6a3.ulid.Ulid;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The prediction log's pages ({@link PredictionTable}). Each model has one open page, which takes
 * predictions until it is full (by slots, bytes or properties, within the entity's limits) or the
 * hour changes, since a page lives in its hour's partition; then a new page opens.
 *
 * <p>A prediction is placed first (its slot, hence its id, which the answer needs) and kept once
 * its answer is complete: its record is then added to its page's next block ({@link PageBlock.Builder}),
 * where it waits as bytes until the writer takes the blocks of every page that has any. A page is
 * written by as many blocks as it takes to fill it.
 */
final class PredictionPages {
    private final PredictionIds ids;
    private final Map<String, Page> open = new ConcurrentHashMap<>();
    /** The pages whose block holds predictions, each once: a page is put here when its block gets its first. */
    private final Queue<Page> waiting = new ConcurrentLinkedQueue<>();

    PredictionPages(PredictionIds ids) {
        this.ids = ids;
    }

    /** A prediction's slot in its page, until it is kept, or forgotten with an answer that was refused. */
    static final class Placed {
        private final Page page;
        private final int slot;
        private final PredictionTable.Content content;

        private Placed(Page page, int slot, PredictionTable.Content content) {
            this.page = page;
            this.slot = slot;
            this.content = content;
        }

        /** The id the prediction is answered with. */
        String predictionId() {
            return PredictionIds.inPage(page.id, slot);
        }
    }

    /** Places a prediction of {@code model} made at {@code millis} in a slot. */
    Placed place(String model, long millis, PredictionTable.Content content) {
        long hour = PredictionTable.hour(millis);
        Placed[] placed = new Placed[1];
        open.compute(model, (m, page) -> {
            if (page == null || !page.takes(hour, content)) {
                Instant time = Instant.ofEpochMilli(millis);
                page = new Page(ids.newPage(time), PredictionTable.partitionKey(model, time), hour);
            }
            placed[0] = new Placed(page, page.add(content), content);
            return page;
        });
        return placed[0];
    }

    /** Adds a placed prediction to its page's next block, to be written. */
    void keep(Placed placed) {
        Page page = placed.page;
        boolean first;
        synchronized (page.block) {
            first = page.block.isEmpty();
            page.block.add(placed.slot, placed.content);
        }
        if (first) waiting.add(page);
    }

    /** Takes the block of every page that has predictions waiting. */
    List<PageBlock> take() {
        List<PageBlock> blocks = new ArrayList<>();
        for (Page page; (page = waiting.poll()) != null; ) {
            synchronized (page.block) {
                blocks.add(page.block.take());
            }
        }
        return blocks;
    }

    private static final class Page {
        private final Ulid id;
        private final long hour;
        private final PageBlock.Builder block;
        /** What the page has taken so far, guarded by {@link #open}'s lock on the model (all but {@link #block}). */
        private final Set<String> names = new HashSet<>();
        /** The names the last prediction took: most of a page's predictions are of one version, whose key is one string. */
        private String lastNames;
        private int slots;
        private long bytes;
        private int properties;

        Page(Ulid id, String partition, long hour) {
            this.id = id;
            this.hour = hour;
            this.block = new PageBlock.Builder(partition, id.toString());
        }

        /**
         * Whether the prediction fits, with its {@link PredictionTable.Names} if the page has not
         * got them yet; an empty page takes any prediction, which {@link PredictionTable.Content}
         * keeps within a page's size.
         */
        boolean takes(long hour, PredictionTable.Content content) {
            if (hour != this.hour || slots == PredictionTable.MAX_PAGE_SLOTS) return false;
            boolean newNames = content.namesKey() != lastNames && !names.contains(content.namesKey());
            return slots == 0 || (bytes + content.bytes() + (newNames ? content.names().bytes() : 0) <= PredictionTable.MAX_PAGE_BYTES
                    && properties + content.properties() + (newNames ? namesProperties(content) : 0) <= PredictionTable.MAX_PAGE_PROPERTIES);
        }

        /** Takes the prediction: its slot. */
        int add(PredictionTable.Content content) {
            if (content.namesKey() != lastNames && names.add(content.namesKey())) {
                bytes += content.names().bytes();
                properties += namesProperties(content);
            }
            lastNames = content.namesKey();
            bytes += content.bytes();
            properties += content.properties();
            return slots++;
        }

        private static int namesProperties(PredictionTable.Content content) {
            return 1 + content.names().bytes() / PredictionTable.CHUNK_BYTES;
        }
    }
}
