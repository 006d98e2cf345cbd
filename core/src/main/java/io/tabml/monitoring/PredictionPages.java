package io.tabml.monitoring;

import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands out the slots of the prediction log's pages ({@link PredictionTable}): each model has one
 * open page, which takes predictions until it is full (by slots, bytes or properties, within
 * the entity's limits) or the hour changes, since a page lives in its hour's partition; then a new
 * page opens. A page is written by as many flushes as it takes to fill it.
 */
final class PredictionPages {
    private final PredictionIds ids;
    private final Map<String, Page> open = new ConcurrentHashMap<>();

    PredictionPages(PredictionIds ids) {
        this.ids = ids;
    }

    /** Places a prediction of {@code model} made at {@code time} in a slot: the id it is answered with. */
    PredictionTable.Slot place(String model, Instant time, PredictionTable.Content content) {
        long hour = PredictionTable.hour(time);
        PredictionTable.Slot[] placed = new PredictionTable.Slot[1];
        open.compute(model, (m, page) -> {
            if (page == null || !page.takes(hour, content)) page = new Page(ids.newPage(time), PredictionTable.partitionKey(model, time), hour);
            placed[0] = new PredictionTable.Slot(model, page.partition, page.id, page.add(content), content);
            return page;
        });
        return placed[0];
    }

    private static final class Page {
        private final String id;
        private final String partition;
        private final long hour;
        private final Set<String> names = new HashSet<>();
        private int slots;
        private long bytes;
        private int properties;

        Page(String id, String partition, long hour) {
            this.id = id;
            this.partition = partition;
            this.hour = hour;
        }

        /**
         * Whether the prediction fits, with its {@link PredictionTable.Names} if the page has not
         * got them yet; an empty page takes any prediction, which {@link PredictionTable.Content}
         * keeps within a page's size.
         */
        boolean takes(long hour, PredictionTable.Content content) {
            if (hour != this.hour || slots == PredictionTable.MAX_PAGE_SLOTS) return false;
            boolean newNames = !names.contains(content.namesKey());
            return slots == 0 || (bytes + content.bytes() + (newNames ? content.names().bytes() : 0) <= PredictionTable.MAX_PAGE_BYTES
                    && properties + content.properties() + (newNames ? namesProperties(content) : 0) <= PredictionTable.MAX_PAGE_PROPERTIES);
        }

        /** Takes the prediction: its slot. */
        int add(PredictionTable.Content content) {
            if (names.add(content.namesKey())) {
                bytes += content.names().bytes();
                properties += namesProperties(content);
            }
            bytes += content.bytes();
            properties += content.properties();
            return slots++;
        }

        private static int namesProperties(PredictionTable.Content content) {
            return 1 + content.names().bytes() / PredictionTable.CHUNK_BYTES;
        }
    }
}
