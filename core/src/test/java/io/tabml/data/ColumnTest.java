package io.tabml.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ColumnTest {
    @Test
    void aColumnOfFewValuesReadsBackAsTheCsvHeldItTrimmed() {
        Column column = Column.of(" red", "2.50", "NA", "", "red", "-inf");
        assertInstanceOf(TextColumn.class, column);
        assertArrayEquals(new String[] {"red", "2.50", "NA", "", "red", "-inf"}, column.texts());
        assertEquals(2.5, column.number(1));
        assertTrue(Double.isNaN(column.number(0)), "a text is no number");
        assertTrue(column.missing(2) && column.missing(3));
        assertFalse(column.missing(0) || column.missing(5));
        assertTrue(Double.isNaN(column.number(5)) && Numbers.isInfinite(column.text(5)), "an infinity is no finite number, and is told apart");
    }

    @Test
    void aColumnOfManyDistinctNumbersIsHeldAsDoublesAndReadsTheSameNumbers() {
        int n = ColumnBuilder.DICTIONARY_LIMIT + 100;
        String[] cells = new String[n + 3];
        for (int i = 0; i < n; i++) cells[i] = (i * 0.25) + ""; // "0.0", "0.25", ... as a float column's export writes them
        cells[n] = "NA";
        cells[n + 1] = "inf";
        cells[n + 2] = "-Infinity";
        Column column = Column.of(cells);

        assertInstanceOf(NumberColumn.class, column, "8 bytes a cell, not an object");
        for (int i = 0; i < n; i++) assertEquals(i * 0.25, column.number(i));
        assertEquals("2.25", column.text(9));
        assertEquals("500", column.text(2000), "a whole number reads back in its shortest form, not as '500.0'");
        assertTrue(column.missing(n) && column.text(n).isEmpty());
        for (int i = n + 1; i < n + 3; i++) {
            assertFalse(column.missing(i));
            assertTrue(Double.isNaN(column.number(i)) && Numbers.isInfinite(column.text(i)), column.text(i));
        }
        assertTrue(column.text(n + 2).startsWith("-"));
    }

    @Test
    void aTextAfterManyNumbersTurnsTheColumnBackIntoCodesLosingNoCell() {
        int n = ColumnBuilder.DICTIONARY_LIMIT + 10;
        String[] cells = new String[n + 1];
        for (int i = 0; i < n; i++) cells[i] = Integer.toString(7 * i);
        cells[n] = "unknown";
        Column column = Column.of(cells);

        assertInstanceOf(TextColumn.class, column);
        for (int i = 0; i < n; i++) {
            assertEquals(Integer.toString(7 * i), column.text(i));
            assertEquals(7.0 * i, column.number(i));
        }
        assertEquals("unknown", column.text(n));
    }

    @Test
    void selectedRowsAreTheSameCellsInTheGivenOrder() {
        Column column = Column.of("a", "b", "c", "d");
        Column some = column.select(new int[] {3, 1, 2});
        assertArrayEquals(new String[] {"d", "b", "c"}, some.texts());
        assertArrayEquals(new String[] {"c", "d"}, some.select(new int[] {2, 0}).texts(), "a selection of a selection");
    }

    @Test
    void aTableReadsItsCellsAndLinesColumnByColumn() {
        String csv = "x,label\n1.5,yes\n\n2,no\n\"3\",yes\n";
        Table table = Table.read(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)));
        assertEquals(3, table.rowCount());
        assertArrayEquals(new long[] {2, 4, 5}, table.lines(), "a blank line is skipped, and lines count from the header");
        assertArrayEquals(new double[] {1.5, 2, 3}, IntStream.range(0, 3).mapToDouble(table.column("x")::number).toArray());
        assertArrayEquals(new String[] {"yes", "no", "yes"}, table.column("label").texts());
        Table second = table.select(new int[] {2, 0});
        assertArrayEquals(new long[] {5, 2}, second.lines());
        assertArrayEquals(new String[] {"yes", "yes"}, second.column("label").texts());
    }
}
