package io.tabml.monitoring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** A logged prediction's binary record: every kind of value it holds reads back as written. */
class SlotRecordTest {

    @Test
    void numbersMissingValuesAndTextInAnyScriptReadBackAsWritten() {
        Object[] row = {41.0, 0.1, null, "north", "Zürich 東京", "", -1e300, true, Double.NaN, -7.0, -0.0, 2147483647.0, -2147483648.0, 2147483648.0};
        byte[] record = SlotRecord.of(12, "ja, sí", new double[] {0.25, 1.0 / 3}, row);

        ByteBuffer in = ByteBuffer.wrap(record);
        SlotRecord.Stored stored = SlotRecord.read(in, "n12_ab");

        assertFalse(in.hasRemaining(), "the record ends where it says");
        assertEquals(12, stored.v());
        assertEquals("ja, sí", stored.l());
        assertEquals("n12_ab", stored.n());
        assertArrayEquals(new double[] {0.25, 1.0 / 3}, stored.p());
        assertEquals(Arrays.asList(41.0, 0.1, null, "north", "Zürich 東京", "", -1e300, true, null, -7.0, -0.0, 2147483647.0, -2147483648.0,
                2147483648.0), stored.x(), "a value of another kind (a boolean) as JSON; not a number as missing");
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits((Double) stored.x().get(10)), "-0.0 is not 0.0");
    }

    @Test
    void aWholeNumberTakesTheBytesItNeedsNotEight() {
        int small = SlotRecord.of(1, "a", null, new Object[] {34.0}).length;
        int large = SlotRecord.of(1, "a", null, new Object[] {34.5}).length;

        assertEquals(7, small, "the version, the label's length and byte, no probabilities, one value: its tag and one byte");
        assertEquals(small + 7, large, "a float64 instead of that byte");
    }

    @Test
    void aRegressorsRecordWithoutItsInputHasNeither() {
        SlotRecord.Stored stored = SlotRecord.read(ByteBuffer.wrap(SlotRecord.of(1, "1234.5", null, null)), "n1_0");

        assertEquals("1234.5", stored.l());
        assertNull(stored.p());
        assertNull(stored.x());
    }
}
