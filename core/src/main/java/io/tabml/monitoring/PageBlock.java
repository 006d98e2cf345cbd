package io.tabml.monitoring;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The predictions of one page that one write stores: the page's block property {@code c<first>}
 * ({@link PredictionTable}), binary, big-endian, with the names its slots refer to.
 * <pre>
 *   byte    the format: {@value #FORMAT}
 *   uint8   the number of names keys, then each key as a string ({@link SlotRecord})
 *   then each slot: uint16 its number, uint8 the index of its names key, its {@link SlotRecord}
 * </pre>
 * A slot names its names key by index, not the key itself: a block's slots are nearly all of one
 * version.
 *
 * @param partition   the page's partition key
 * @param page        the page's id: its RowKey
 * @param first       the slot the block is named after: the first put in it
 * @param predictions how many slots it holds
 * @param bytes       the block
 * @param names       the names its slots refer to, by their property's key
 */
public record PageBlock(String partition, String page, int first, int predictions, byte[] bytes, Map<String, PredictionTable.Names> names) {
    static final byte FORMAT = 1;
    /** A page holds fewer properties than this, so fewer names keys. */
    private static final int MAX_NAMES = 255;

    /** The predictions these blocks hold. */
    public static int predictions(Collection<PageBlock> blocks) {
        int predictions = 0;
        for (PageBlock b : blocks) predictions += b.predictions();
        return predictions;
    }

    /** A block's slots, by number. */
    static Map<Integer, SlotRecord.Stored> read(byte[] block) {
        ByteBuffer in = ByteBuffer.wrap(block);
        byte format = in.get();
        if (format != FORMAT) throw new IllegalStateException("a block of logged predictions has an unknown format " + format);
        String[] keys = new String[Byte.toUnsignedInt(in.get())];
        for (int i = 0; i < keys.length; i++) keys[i] = SlotRecord.string(in);
        Map<Integer, SlotRecord.Stored> slots = new TreeMap<>();
        while (in.hasRemaining()) {
            int slot = Short.toUnsignedInt(in.getShort());
            String key = keys[Byte.toUnsignedInt(in.get())];
            slots.put(slot, SlotRecord.read(in, key));
        }
        return slots;
    }

    /**
     * Builds a page's block slot by slot, in one array that grows as needed and is kept for the
     * page's next block: under load a page is written by several flushes, and its slots wait here
     * as bytes, not as an object each.
     */
    static final class Builder {
        private final String partition;
        private final String page;
        /** The names the block's slots refer to, by key, in the order of their index. */
        private final Map<String, PredictionTable.Names> names = new LinkedHashMap<>(2);
        private byte[] bytes = new byte[1024];
        private int length;
        private int first;
        private int predictions;
        /** The names the last slot referred to, and their index: most of a block's slots are of one version, whose key is one string. */
        private String lastNames;
        private int lastIndex;

        Builder(String partition, String page) {
            this.partition = partition;
            this.page = page;
        }

        /** Adds a slot; a slot is added to one block of its page only, which keeps the blocks' names apart. */
        void add(int slot, PredictionTable.Content content) {
            byte[] record = content.record();
            ensure(record.length + 3);
            if (predictions == 0) first = slot;
            bytes[length++] = (byte) (slot >>> 8);
            bytes[length++] = (byte) slot;
            bytes[length++] = (byte) names(content);
            System.arraycopy(record, 0, bytes, length, record.length);
            length += record.length;
            predictions++;
        }

        private int names(PredictionTable.Content content) {
            if (content.namesKey() != lastNames) {
                lastNames = content.namesKey();
                lastIndex = 0;
                for (String key : names.keySet()) {
                    if (key.equals(lastNames)) return lastIndex;
                    lastIndex++;
                }
                if (names.size() == MAX_NAMES) throw new IllegalStateException("a block refers to more than " + MAX_NAMES + " names");
                names.put(lastNames, content.names());
            }
            return lastIndex;
        }

        boolean isEmpty() {
            return predictions == 0;
        }

        /** The block built so far; the builder then starts the page's next one. */
        PageBlock take() {
            List<byte[]> header = names.keySet().stream().map(SlotRecord::stringBytes).toList();
            byte[] block = new byte[2 + header.stream().mapToInt(key -> key.length).sum() + length];
            block[0] = FORMAT;
            block[1] = (byte) names.size();
            int at = 2;
            for (byte[] key : header) {
                System.arraycopy(key, 0, block, at, key.length);
                at += key.length;
            }
            System.arraycopy(bytes, 0, block, at, length);
            var taken = new PageBlock(partition, page, first, predictions, block, Map.copyOf(names));
            length = 0;
            predictions = 0;
            names.clear();
            lastNames = null;
            return taken;
        }

        private void ensure(int more) {
            if (length + more > bytes.length) bytes = Arrays.copyOf(bytes, Math.max(2 * bytes.length, length + more));
        }
    }
}
