package io.tabml.monitoring;

import io.tabml.storage.Json;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A logged prediction's bytes in its page's block ({@link PageBlock}): binary; a varint is an
 * unsigned LEB128 (7 bits a byte, low first), a float64 big-endian.
 * <pre>
 *   varint  the model version
 *   string  the label (a regressor's value as text)
 *   varint  0 for no probabilities (a regressor), else 1 + their number, then each as a float64
 *   varint  0 when the input was left out, else 1 + the number of values, then each value:
 *           a tag byte: 0 missing (or not a finite number); 1 a float64; 2 a string;
 *           3 JSON text (a value of another kind); 4 a whole number in int32's range, zigzag varint
 *   string: varint length in bytes, then UTF-8
 * </pre>
 * Binary rather than JSON: it is made for every answered row, on the request's thread, where
 * formatting the numbers as text was most of the log's cost there (a float's shortest decimal
 * form alone about a fifth), and the block goes to storage as bytes either way (base64), so text
 * is no easier to read there. Small: the writer's cost goes by the bytes the Tables SDK encodes
 * (about 70 a prediction of the sample model, against 120 as JSON). Written by hand into one
 * array: Jackson's generators (JSON or CBOR) cost as much again as the hand-written JSON did, for
 * their pooled buffers and per-value calls. Probabilities are kept whole (float64), as answered.
 */
final class SlotRecord {
    private static final VarHandle DOUBLE = MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.BIG_ENDIAN);
    private static final byte MISSING = 0;
    private static final byte NUMBER = 1;
    private static final byte TEXT = 2;
    private static final byte JSON = 3;
    private static final byte WHOLE = 4;
    /** The bits of -0.0, a whole number that an int would read back as 0.0. */
    private static final long NEGATIVE_ZERO = Double.doubleToRawLongBits(-0.0);

    /**
     * What a slot holds, as read: version, label, the key of its {@link PredictionTable.Names},
     * probabilities (null for a regressor), input values (null when left out). Under the short
     * names of the JSON slots written before the binary ones, which are read with these names.
     */
    record Stored(int v, String l, String n, double[] p, List<Object> x) {}

    private byte[] bytes;
    private int length;

    private SlotRecord(int size) {
        bytes = new byte[size];
    }

    /**
     * A prediction's record.
     *
     * @param probabilities in the order of its version's classes; null for a regressor
     * @param row           the input values in the order of its version's features; null to leave them out
     */
    static byte[] of(int version, String label, double[] probabilities, Object[] row) {
        SlotRecord out = new SlotRecord(8 + label.length() + (probabilities == null ? 0 : 8 * probabilities.length)
                + (row == null ? 0 : 6 * row.length));
        out.varint(version).string(label);
        if (probabilities == null) out.varint(0);
        else {
            out.varint(1 + probabilities.length).ensure(8 * probabilities.length);
            for (double p : probabilities) out.float64(p);
        }
        if (row == null) out.varint(0);
        else {
            out.varint(1 + row.length);
            for (Object value : row) out.value(value);
        }
        return out.done();
    }

    /** Reads the record at the buffer's position, of a slot whose names have this key. */
    static Stored read(ByteBuffer in, String namesKey) {
        int version = varint(in);
        String label = string(in);
        double[] probabilities = null;
        int classes = varint(in) - 1;
        if (classes >= 0) {
            probabilities = new double[classes];
            for (int k = 0; k < classes; k++) probabilities[k] = in.getDouble();
        }
        List<Object> row = null;
        int values = varint(in) - 1;
        if (values >= 0) {
            row = new ArrayList<>(values);
            for (int j = 0; j < values; j++) {
                byte tag = in.get();
                row.add(switch (tag) {
                    case MISSING -> null;
                    case NUMBER -> in.getDouble();
                    case WHOLE -> {
                        int zigzag = varint(in);
                        yield (double) ((zigzag >>> 1) ^ -(zigzag & 1));
                    }
                    case TEXT -> string(in);
                    case JSON -> Json.read(string(in).getBytes(StandardCharsets.UTF_8), Object.class);
                    default -> throw new IllegalStateException("a logged prediction's input value has an unknown tag " + tag);
                });
            }
        }
        return new Stored(version, label, namesKey, probabilities, row);
    }

    /** A string as records hold it: its UTF-8 length, then its bytes. */
    static String string(ByteBuffer in) {
        int length = varint(in);
        String text = new String(in.array(), in.arrayOffset() + in.position(), length, StandardCharsets.UTF_8);
        in.position(in.position() + length);
        return text;
    }

    /** The bytes of a string as records hold it. */
    static byte[] stringBytes(String text) {
        return new SlotRecord(text.length() + 5).string(text).done();
    }

    private static int varint(ByteBuffer in) {
        int value = 0;
        for (int shift = 0; ; shift += 7) {
            byte b = in.get();
            value |= (b & 0x7f) << shift;
            if (b >= 0) return value;
            if (shift == 28) throw new IllegalStateException("a logged prediction holds a number longer than 32 bits");
        }
    }

    private void value(Object value) {
        switch (value) {
            case null -> tag(MISSING);
            case Double d when (int) d.doubleValue() == d && Double.doubleToRawLongBits(d) != NEGATIVE_ZERO -> {
                int whole = (int) d.doubleValue();
                tag(WHOLE).varint((whole << 1) ^ (whole >> 31));
            }
            case Double d when Double.isFinite(d) -> tag(NUMBER).ensure(8).float64(d);
            case Double d -> tag(MISSING); // not a number: what serving reads as missing
            case String text -> tag(TEXT).string(text);
            default -> tag(JSON).string(new String(Json.compact(value), StandardCharsets.UTF_8)); // what a row does not hold today
        }
    }

    private SlotRecord tag(byte tag) {
        ensure(1);
        bytes[length++] = tag;
        return this;
    }

    /** Room for {@code more} bytes must have been ensured. */
    private SlotRecord float64(double value) {
        DOUBLE.set(bytes, length, value);
        length += 8;
        return this;
    }

    /** An int as unsigned LEB128; a negative one takes five bytes. */
    private SlotRecord varint(int value) {
        ensure(5);
        while ((value & ~0x7f) != 0) {
            bytes[length++] = (byte) ((value & 0x7f) | 0x80);
            value >>>= 7;
        }
        bytes[length++] = (byte) value;
        return this;
    }

    /**
     * A string's length and UTF-8 bytes: ASCII text (nearly every category and label) is copied a
     * byte a character without an encoder's array.
     */
    @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int) copies each character's low byte: for ASCII, its byte
    private SlotRecord string(String text) {
        int n = text.length();
        boolean ascii = true;
        for (int i = 0; i < n && ascii; i++) ascii = text.charAt(i) < 0x80;
        if (!ascii) {
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            varint(utf8.length).ensure(utf8.length);
            System.arraycopy(utf8, 0, bytes, length, utf8.length);
            length += utf8.length;
            return this;
        }
        varint(n).ensure(n);
        text.getBytes(0, n, bytes, length);
        length += n;
        return this;
    }

    private byte[] done() {
        return length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
    }

    private SlotRecord ensure(int more) {
        if (length + more > bytes.length) bytes = Arrays.copyOf(bytes, Math.max(2 * bytes.length, length + more));
        return this;
    }
}
