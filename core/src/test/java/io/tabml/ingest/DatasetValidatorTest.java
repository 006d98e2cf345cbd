package io.tabml.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tabml.data.DatasetRejectedException;
import io.tabml.data.Table;
import io.tabml.storage.Sha256;
import io.tabml.testing.SampleData;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatasetValidatorTest {
    private final DatasetValidator validator = new DatasetValidator(1_000_000);

    private DatasetSummary validate(String csv) {
        return validator.validate(new ByteArrayInputStream(SampleData.csv(csv)), Target.DEFAULT);
    }

    private DatasetRejectedException rejection(String csv) {
        return assertThrows(DatasetRejectedException.class, () -> validate(csv));
    }

    private static Table table(String csv) {
        return Table.read(new ByteArrayInputStream(SampleData.csv(csv)));
    }

    private static String rows(String label, int n) {
        return (label + "\n").repeat(n);
    }

    @Test
    void acceptsAValidFileAndFingerprintsItsBytes() {
        String csv = "x,target\n" + "1,a\n".repeat(5) + "2,b\n".repeat(6);
        DatasetSummary summary = validate(csv);
        assertEquals(11, summary.rows());
        assertEquals(Map.of("a", 5L, "b", 6L), summary.classCounts());
        assertEquals(List.of("x", "target"), summary.columns());
        assertEquals(Sha256.of(SampleData.csv(csv)), summary.sha256());
        assertEquals(csv.length(), summary.bytes());
    }

    @Test
    void rejectsUploadWithoutTargetColumn() {
        var e = rejection("x,label\n1,a\n2,b\n");
        assertEquals("missing_target_column", e.code());
        assertTrue(e.getMessage().contains("'target'"), e.getMessage());
        assertTrue(e.getMessage().contains("x, label"), e.getMessage());
    }

    @Test
    void rejectsATargetWithOneClass() {
        var e = rejection("x,target\n" + rows("1,a", 20));
        assertEquals("single_class", e.code());
        assertTrue(e.getMessage().contains("'a'"));
    }

    @Test
    void rejectsARaggedRowNamingItsLine() {
        var e = rejection("x,y,target\n1,2,a\n1,2,b\n1,b\n");
        assertEquals("ragged_row", e.code());
        assertEquals(4L, e.line());
        assertTrue(e.getMessage().contains("line 4 has 2 fields but the header has 3"), e.getMessage());
    }

    @Test
    void rejectsAnEmptyFileAndAHeaderWithoutRows() {
        assertEquals("empty_file", rejection("").code());
        assertEquals("no_rows", rejection("x,target\n").code());
    }

    @Test
    void rejectsDuplicateColumnNames() {
        assertEquals("duplicate_column", rejection("x,x,target\n1,2,a\n").code());
    }

    @Test
    void rejectsARowWithoutATargetValue() {
        var e = rejection("x,target\n1,a\n2,\n");
        assertEquals("missing_target", e.code());
        assertEquals(3L, e.line());
    }

    @Test
    void countsTheClassesOfAWholeTableAsOfAnUpload() {
        String csv = "x,target\n" + rows("1,a", 5) + rows("2,b", 6);
        assertEquals(validate(csv).classCounts(), DatasetValidator.classCounts(table(csv), Target.DEFAULT));
        var e = assertThrows(DatasetRejectedException.class,
                () -> DatasetValidator.classCounts(table("x,target\n" + rows("1,a", 5) + "2,NA\n"), Target.DEFAULT));
        assertEquals("missing_target", e.code());
        assertEquals(7L, e.line());
        assertEquals("class_too_small", assertThrows(DatasetRejectedException.class,
                () -> DatasetValidator.classCounts(table("x,target\n" + rows("1,a", 5) + "2,b\n"), Target.DEFAULT)).code());
    }

    @Test
    void rejectsAClassTooSmallToHoldOut() {
        var e = rejection("x,target\n" + rows("1,a", 10) + "2,b\n");
        assertEquals("class_too_small", e.code());
    }

    @Test
    void rejectsTextThatIsNotUtf8() {
        byte[] latin1 = "x,target\ncaf\u00e9,a\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        var e = assertThrows(DatasetRejectedException.class,
                () -> validator.validate(new ByteArrayInputStream(latin1), Target.DEFAULT));
        assertEquals("not_utf8", e.code());
    }

    @Test
    void rejectsAnUnterminatedQuote() {
        var e = rejection("x,target\n\"1,a\n2,b\n");
        assertEquals("malformed_csv", e.code());
    }

    @Test
    void rejectsAFileOverTheSizeLimitWithoutReadingItAll() {
        var small = new DatasetValidator(100);
        byte[] big = SampleData.damageIncidence(1000, 1);
        var e = assertThrows(DatasetRejectedException.class,
                () -> small.validate(new ByteArrayInputStream(big), Target.DEFAULT));
        assertEquals("too_large", e.code());
    }

    @Test
    void readsSemicolonsQuotesCrlfAndAByteOrderMark() {
        String csv = "\uFEFFname;target\r\n\"a;b\";yes\r\n" + "\"multi\nline\";no\r\n".repeat(5) + "x;yes\r\n".repeat(4);
        DatasetSummary summary = validate(csv);
        assertEquals(List.of("name", "target"), summary.columns());
        assertEquals(Map.of("yes", 5L, "no", 5L), summary.classCounts());
    }

    @Test
    void honoursAConfiguredTargetColumnAndPositiveClass() {
        String csv = "x,outcome\n" + rows("1,a", 5) + rows("2,b", 5);
        var target = new Target("outcome", "c");
        var e = assertThrows(DatasetRejectedException.class,
                () -> validator.validate(new ByteArrayInputStream(SampleData.csv(csv)), target));
        assertEquals("unknown_positive_class", e.code());
    }
}
