package io.tabml.orchestration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tabml.data.DatasetRejectedException;
import io.tabml.data.Table;
import io.tabml.ingest.DatasetLayout;
import io.tabml.ingest.DatasetSummary;
import io.tabml.ingest.DatasetValidator;
import io.tabml.ingest.FeatureSchema;
import io.tabml.ingest.FeatureType;
import io.tabml.ingest.InputSchema;
import io.tabml.ingest.RejectionReport;
import io.tabml.ingest.SchemaInference;
import io.tabml.jobs.JobState;
import io.tabml.jobs.JobStore;
import io.tabml.jobs.LocalProcessBackend;
import io.tabml.jobs.TrainingJob;
import io.tabml.registry.ModelRegistry;
import io.tabml.registry.QualityGate;
import io.tabml.storage.BlobStore;
import io.tabml.storage.Json;
import io.tabml.testing.Azurite;
import io.tabml.training.TrainingConfig;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The upload corpus: every kind of file people drop into {@code datasets/<model>/}, each with the
 * outcome it must get, either {@link #ACCEPTED} or the stable rejection code. A refusal's message
 * must name the problem (the line, the column, the class, the setting). The rejected ones are also
 * ingested for real, against Azurite, to prove each leaves a report and a Rejected job, registers
 * no model, and is not retried when delivered again.
 */
class UploadCorpusTest {
    static final String ACCEPTED = "accepted";
    /** The corpus' size limit: big enough for the 1 MB field, small enough that the oversized file stays cheap. */
    static final long LIMIT = 2_000_000;

    /**
     * One upload.
     *
     * @param name     what the file is, for the test report
     * @param bytes    the file's content
     * @param config   the model's config.json, or null for none
     * @param expected {@link #ACCEPTED} or the rejection code
     * @param mentions text the rejection message must contain (it names the problem), null for accepted files
     */
    record Case(String name, Supplier<byte[]> bytes, byte[] config, String expected, String mentions) {
        boolean accepted() {
            return expected.equals(ACCEPTED);
        }
    }

    // --- building blocks --------------------------------------------------------------------

    static final String HEADER = "age,color,target\n";

    /** {@code n} valid rows, alternating classes yes/no, numeric age and categorical color. */
    static String rows(int n) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < n; i++) out.append(20 + i % 37).append(',').append(i % 3 == 0 ? "red" : "blue").append(',')
                .append(i % 2 == 0 ? "yes" : "no").append('\n');
        return out.toString();
    }

    /** {@code n} valid rows whose target is a different number in each (0.5, 1.25, 2.0, ...): a regression target. */
    static String numbers(int n) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < n; i++) out.append(20 + i).append(',').append(i % 3 == 0 ? "red" : "blue").append(',').append(0.5 + 0.75 * i).append('\n');
        return out.toString();
    }

    static Supplier<byte[]> text(String csv) {
        return () -> csv.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static Case accepted(String name, Supplier<byte[]> bytes) {
        return new Case(name, bytes, null, ACCEPTED, null);
    }

    static Case rejected(String name, Supplier<byte[]> bytes, String code, String mentions) {
        return new Case(name, bytes, null, code, mentions);
    }

    static Case rejectedConfig(String name, String configJson, String mentions) {
        return new Case(name, text(HEADER + rows(20)), json(configJson), "invalid_config", mentions);
    }

    /** A numeric column {@code x} whose rows 1, 5, 9... hold {@code special}: the rest are ordinary numbers. */
    static Supplier<byte[]> numericWith(String... specials) {
        StringBuilder csv = new StringBuilder("x,color,target\n");
        for (int i = 0; i < 40; i++) {
            String x = i % 4 == 1 ? specials[(i / 4) % specials.length] : Double.toString(1.5 * i);
            csv.append(x).append(',').append(i % 3 == 0 ? "red" : "blue").append(',').append(i % 2 == 0 ? "yes" : "no").append('\n');
        }
        return text(csv.toString());
    }

    static final String[] FORMULAS = {"=cmd|' /C calc'!A0", "=1+1", "+SUM(A1:A9)", "-2+3+cmd|' /C notepad'!A0", "@SUM(1)", "=HYPERLINK(\"http://x\")"};

    static byte[] formulas() {
        StringBuilder csv = new StringBuilder("age,note,target\n");
        for (int i = 0; i < 24; i++) {
            csv.append(20 + i).append(',').append(quote(FORMULAS[i % FORMULAS.length])).append(',')
                    .append(i % 2 == 0 ? "yes" : "no").append('\n');
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    static String quote(String cell) {
        return "\"" + cell.replace("\"", "\"\"") + "\"";
    }

    static byte[] wideFile(int features) {
        StringBuilder csv = new StringBuilder();
        for (int c = 0; c < features; c++) csv.append('f').append(c).append(',');
        csv.append("target\n");
        for (int r = 0; r < 12; r++) {
            for (int c = 0; c < features; c++) csv.append((r * 7 + c) % 10).append(',');
            csv.append(r % 2 == 0 ? "yes" : "no").append('\n');
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] oneMegabyteField() {
        String big = "a".repeat(1 << 20);
        return (HEADER.replace("color", "essay") + "30,\"" + big + "\",yes\n" + rows(20)).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] binaryGarbage() {
        byte[] bytes = new byte[64 * 1024];
        new Random(7).nextBytes(bytes);
        for (int i = 0; i < bytes.length; i += 97) bytes[i] = 0;
        return bytes;
    }

    static byte[] latin1() {
        return (HEADER + "30,caf\u00e9 cr\u00e8me,yes\n" + rows(20)).getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] withBom() {
        byte[] body = (HEADER + rows(20)).getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[body.length + 3];
        bytes[0] = (byte) 0xEF;
        bytes[1] = (byte) 0xBB;
        bytes[2] = (byte) 0xBF;
        System.arraycopy(body, 0, bytes, 3, body.length);
        return bytes;
    }

    static byte[] overTheLimit() {
        byte[] bytes = new byte[(int) LIMIT + 100_000];
        byte[] valid = (HEADER + rows(20)).getBytes(StandardCharsets.UTF_8);
        System.arraycopy(valid, 0, bytes, 0, valid.length);
        byte[] row = "31,red,no\n".getBytes(StandardCharsets.UTF_8);
        for (int i = valid.length; i + row.length <= bytes.length; i += row.length) System.arraycopy(row, 0, bytes, i, row.length);
        return bytes;
    }

    // --- the corpus -------------------------------------------------------------------------

    static List<Case> corpus() {
        List<Case> cases = new ArrayList<>();
        // the shape of the file
        cases.add(rejected("empty file", text(""), "empty_file", "empty"));
        cases.add(rejected("header only", text(HEADER), "no_rows", "no data rows"));
        cases.add(rejected("no target column", text("age,color,label\n" + rows(20)), "missing_target_column", "no 'target' column"));
        cases.add(rejected("only the target column", text("target\n" + "yes\nno\n".repeat(10)), "no_features", "feature column"));
        cases.add(rejected("one class only", text(HEADER + rows(20).replace("no\n", "yes\n")), "single_class", "only one class ('yes')"));
        cases.add(rejected("a class with too few rows", text(HEADER + rows(20).replace(",no\n", ",yes\n") + "40,red,no\n".repeat(3)),
                "class_too_small", "class 'no' has only 3 row(s)"));
        cases.add(rejected("ragged row: short (line 5)", text(HEADER + rows(3) + "44,red\n" + rows(20)), "ragged_row",
                "line 5 has 2 fields but the header has 3"));
        cases.add(rejected("ragged row: long (line 5)", text(HEADER + rows(3) + "44,red,yes,extra\n" + rows(20)), "ragged_row",
                "line 5 has 4 fields but the header has 3"));
        cases.add(rejected("unterminated quote (opens on line 4)", text(HEADER + rows(2) + "33,\"red,yes\n" + rows(20)),
                "malformed_csv", "line 4 opens a quoted field that is never closed"));
        cases.add(rejected("not UTF-8: Latin-1 bytes on line 2", UploadCorpusTest::latin1, "not_utf8", "line 2 is not UTF-8"));
        cases.add(rejected("binary garbage with NULs", UploadCorpusTest::binaryGarbage, "not_utf8", "not UTF-8"));
        cases.add(rejected("duplicate column names", text("age,age,target\n" + rows(20)), "duplicate_column", "'age' appears more than once"));
        cases.add(rejected("empty column name", text("age,,target\n" + rows(20)), "empty_column_name", "column 2 of the header has no name"));
        cases.add(rejected("blank column name (spaces)", text("age,   ,target\n" + rows(20)), "empty_column_name", "column 2"));
        cases.add(rejected("over the size limit", UploadCorpusTest::overTheLimit, "too_large", "limit of " + LIMIT + " bytes"));
        cases.add(rejected("missing target value on line 7", text(HEADER + rows(5) + "30,red,\n" + rows(20)), "missing_target",
                "line 7 has no value in the target column 'target'"));
        cases.add(rejected("target spelled as missing (NA) on line 3", text(HEADER + rows(1) + "30,red,NA\n" + rows(20)), "missing_target",
                "line 3"));
        // config.json
        cases.add(rejectedConfig("config.json: invalid JSON", "{\"cvFolds\": 3", "config.json is not valid"));
        cases.add(rejectedConfig("config.json: unknown key", "{\"learningRate\": 0.1}", "learningRate"));
        cases.add(rejectedConfig("config.json: unknown algorithm", "{\"algorithms\": [\"xgboost\"]}", "unknown 'xgboost'"));
        cases.add(rejectedConfig("config.json: cvFolds 1", "{\"cvFolds\": 1}", "cvFolds: must be between 2 and 10, got 1"));
        cases.add(rejectedConfig("config.json: a JSON array", "[1, 2]", "config.json is not valid"));
        cases.add(new Case("config.json: positiveClass that is no class", text(HEADER + rows(20)), json("{\"positiveClass\": \"maybe\"}"),
                "unknown_positive_class", "positiveClass 'maybe'"));

        // a numeric target: a regression (issue 16)
        cases.add(rejected("regression: an infinity in the target on line 5", text(HEADER + numbers(60).replaceFirst("\n23,red,2.75\n",
                "\n23,red,inf\n")), "non_finite_target", "line 5 has 'inf' in the target column 'target'"));
        cases.add(rejected("regression: fewer than 50 rows", text(HEADER + numbers(49)), "too_few_rows", "49 row(s); a regression needs at least 50"));
        cases.add(new Case("regression asked for, a text target (line 2)", text(HEADER + rows(60)), json("{\"task\": \"regression\"}"),
                "target_not_numeric", "line 2 has 'yes' in the target column 'target'"));
        cases.add(new Case("regression asked for, a constant target", text(HEADER + numbers(60).replaceAll(",[0-9.]+\n", ",7\n")),
                json("{\"task\": \"regression\"}"), "constant_target", "the value 7"));
        cases.add(rejectedConfig("config.json: unknown task", "{\"task\": \"forecast\"}", "task: unknown 'forecast'"));
        cases.add(rejectedConfig("config.json: a classification metric for a regression", "{\"task\": \"regression\", \"metric\": \"f1\"}",
                "metric: 'f1' is not a regression metric"));

        // accepted, however unusual
        cases.add(accepted("a target with 3 classes", text(HEADER + rows(30).replace("yes\n", "maybe\n").replaceFirst("maybe\n", "yes\n")
                + "50,red,yes\n".repeat(6))));
        cases.add(accepted("all-missing feature column (dropped)", text("age,empty,target\n" + rows(20).replaceAll(",(red|blue),", ",,"))));
        cases.add(accepted("5,000 feature columns", () -> wideFile(5000)));
        cases.add(accepted("NaN in a numeric column (a missing value)", numericWith("NaN", "nan")));
        cases.add(accepted("Infinity in a numeric column (a missing value)", numericWith("Infinity", "-Infinity", "inf", "-inf")));
        cases.add(accepted("1e308 and -1e308 in a numeric column (finite numbers)", numericWith("1e308", "-1e308")));
        cases.add(accepted("a 1 MB single field", UploadCorpusTest::oneMegabyteField));
        cases.add(accepted("spreadsheet formulas in cells (categories, never evaluated)", UploadCorpusTest::formulas));
        cases.add(accepted("CRLF line endings", text((HEADER + rows(20)).replace("\n", "\r\n"))));
        cases.add(accepted("a UTF-8 byte order mark", UploadCorpusTest::withBom));
        cases.add(accepted("semicolon separators", text((HEADER + rows(20)).replace(',', ';'))));
        cases.add(accepted("semicolon separators with decimal commas in quotes",
                text("age;weight;target\n" + "30;\"1,5\";yes\n40;\"2,5\";no\n".repeat(10))));
        cases.add(accepted("quoted fields with embedded commas and newlines",
                text(HEADER + "30,\"red, dark\",yes\n40,\"blue\nsky\",no\n".repeat(10))));
        cases.add(accepted("whitespace-only lines (skipped like empty lines)", text(HEADER + rows(10) + "   \n\t\n" + rows(10) + "  \n")));
        cases.add(accepted("trailing empty lines", text(HEADER + rows(20) + "\n\n\n\r\n")));
        cases.add(accepted("a header with spaces in names", text(" age in years , home color ,target\n" + rows(20))));
        cases.add(accepted("values with surrounding spaces", text(HEADER + rows(20).replace(",", " , "))));
        return cases;
    }

    // --- the corpus, case by case -------------------------------------------------------

    private final DatasetValidator validator = new DatasetValidator(LIMIT);

    /** What the validator and then the trainer's own reading (Table + schema) make of a case. */
    private void check(Case c) {
        byte[] bytes = c.bytes().get();
        if (c.accepted()) {
            TrainingConfig config = c.config() == null ? TrainingConfig.DEFAULTS : TrainingConfig.parse(c.config());
            DatasetSummary summary = validator.validate(new ByteArrayInputStream(bytes), config.target());
            assertTrue(summary.classCounts().size() >= 2, c.name() + ": " + summary.classCounts());
            assertEquals(bytes.length, summary.bytes(), c.name());
            Table table = Table.read(new ByteArrayInputStream(bytes));
            assertEquals(summary.rows(), table.rowCount(), c.name() + ": the trainer reads the rows the validator counted");
            InputSchema schema = SchemaInference.infer(table, config.target(), summary.classCounts());
            assertFalse(schema.features().isEmpty(), c.name());
            return;
        }
        var e = assertThrows(DatasetRejectedException.class, () -> {
            TrainingConfig config = c.config() == null ? TrainingConfig.DEFAULTS : TrainingConfig.parse(c.config());
            validator.validate(new ByteArrayInputStream(bytes), config.target());
        }, c.name());
        assertEquals(c.expected(), e.code(), c.name() + ": " + e.getMessage());
        assertNotNull(e.getMessage(), c.name());
        assertTrue(e.getMessage().contains(c.mentions()), c.name() + ": the message should mention '" + c.mentions() + "': " + e.getMessage());
    }

    @TestFactory
    Stream<DynamicTest> everyUploadGetsItsExpectedOutcome() {
        return corpus().stream().map(c -> DynamicTest.dynamicTest(c.name() + " -> " + c.expected(), () -> check(c)));
    }

    @Test
    void theCorpusCoversThirtyCasesBothWays() {
        List<Case> cases = corpus();
        assertTrue(cases.size() >= 30, "cases: " + cases.size());
        assertTrue(cases.stream().filter(Case::accepted).count() >= 10);
        assertTrue(cases.stream().filter(c -> !c.accepted()).count() >= 15);
    }

    // --- details of single cases ----------------------------------------------------------

    @Test
    void anOversizedUploadIsRefusedAfterReadingLittleMoreThanTheLimit() {
        long limit = 100_000;
        var stream = new EndlessCsv(8192);
        var e = assertThrows(DatasetRejectedException.class,
                () -> new DatasetValidator(limit).validate(stream, TrainingConfig.DEFAULTS.target()));
        assertEquals("too_large", e.code());
        assertTrue(e.getMessage().contains("limit of " + limit + " bytes"), e.getMessage());
        assertTrue(stream.served > limit, "the limit was reached: " + stream.served);
        assertTrue(stream.served <= limit + 8192, "read " + stream.served + " bytes of an endless file with a limit of " + limit);
    }

    @Test
    void fiveThousandColumnsAreAcceptedQuicklyAndEveryColumnIsReadAsAFeature() {
        byte[] wide = wideFile(5000);
        InputSchema schema = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            DatasetSummary summary = validator.validate(new ByteArrayInputStream(wide), TrainingConfig.DEFAULTS.target());
            assertEquals(5001, summary.columns().size());
            return SchemaInference.infer(Table.read(new ByteArrayInputStream(wide)), TrainingConfig.DEFAULTS.target(), summary.classCounts());
        });
        assertEquals(5000, schema.features().size());
    }

    @Test
    void anAllMissingFeatureColumnIsDroppedAndTheRestTrain() {
        byte[] csv = ("age,empty,target\n" + rows(20).replaceAll(",(red|blue),", ",,")).getBytes(StandardCharsets.UTF_8);
        InputSchema schema = SchemaInference.infer(Table.read(new ByteArrayInputStream(csv)), TrainingConfig.DEFAULTS.target(),
                Map.of("yes", 10L, "no", 10L));
        assertEquals(List.of("age"), schema.features().stream().map(FeatureSchema::name).toList());
        assertEquals(List.of(new InputSchema.DroppedColumn("empty", "all values missing")), schema.dropped());
    }

    private static FeatureSchema featureX(Supplier<byte[]> csv) {
        InputSchema schema = SchemaInference.infer(Table.read(new ByteArrayInputStream(csv.get())), TrainingConfig.DEFAULTS.target(),
                Map.of("yes", 20L, "no", 20L));
        return schema.feature("x").orElseThrow();
    }

    @Test
    void nanInANumericColumnIsAMissingValueAndTheColumnStaysNumeric() {
        FeatureSchema x = featureX(numericWith("NaN", "nan"));
        assertEquals(FeatureType.NUMERIC, x.type());
        assertEquals(10, x.missing());
    }

    @Test
    void infinityInANumericColumnIsAMissingValueAndTheColumnStaysNumeric() {
        FeatureSchema x = featureX(numericWith("Infinity", "-Infinity", "inf", "-inf"));
        assertEquals(FeatureType.NUMERIC, x.type());
        assertEquals(10, x.missing());
        assertTrue(Double.isFinite(x.min()) && Double.isFinite(x.max()), x.min() + ".." + x.max());
    }

    @Test
    void hugeButFiniteNumbersAreNumbers() {
        FeatureSchema x = featureX(numericWith("1e308", "-1e308"));
        assertEquals(FeatureType.NUMERIC, x.type());
        assertEquals(0, x.missing());
        assertEquals(-1e308, x.min());
        assertEquals(1e308, x.max());
    }

    @Test
    void theMedianOfHugeNumbersDoesNotOverflow() {
        FeatureSchema x = SchemaInference.describe("x", io.tabml.data.Column.of("1e308", "1.5e308", "1e308", "1.5e308"));
        assertEquals(1.25e308, x.median());
    }

    @Test
    void hugeButFiniteNumbersTrainEveryAlgorithmToFiniteProbabilities() {
        for (String algorithm : io.tabml.training.Algorithm.ids()) {
            Table table = Table.read(new ByteArrayInputStream(numericWith("1e308", "-1e308").get()));
            var config = new TrainingConfig(null, null, List.of(algorithm), null, 2, null, 10);
            var result = new io.tabml.training.Trainer().train(table, config, (stage, percent) -> {});
            assertTrue(Double.isFinite(result.report().metrics().logLoss()), algorithm + ": log loss " + result.report().metrics().logLoss());
            for (Object x : new Object[] {1e308, -1e308, 3.0, null}) {
                double[] p = result.pipeline().probabilities(new Object[] {x, "red"});
                assertTrue(Double.isFinite(p[0]) && Double.isFinite(p[1]), algorithm + " at " + x + ": " + java.util.Arrays.toString(p));
            }
        }
    }

    @Test
    void formulaCellsAreKeptVerbatimAsCategories() {
        InputSchema schema = SchemaInference.infer(Table.read(new ByteArrayInputStream(formulas())), TrainingConfig.DEFAULTS.target(),
                Map.of("yes", 12L, "no", 12L));
        FeatureSchema note = schema.feature("note").orElseThrow();
        assertEquals(FeatureType.CATEGORICAL, note.type());
        assertEquals(List.of(FORMULAS).stream().sorted().toList(),
                note.categories().stream().map(FeatureSchema.CategoryCount::value).sorted().toList());
    }

    @Test
    void aByteOrderMarkIsNotPartOfTheFirstColumnName() {
        DatasetSummary summary = validator.validate(new ByteArrayInputStream(withBom()), TrainingConfig.DEFAULTS.target());
        assertEquals(List.of("age", "color", "target"), summary.columns());
    }

    @Test
    void headerNamesAreTrimmedButKeepTheirInnerSpaces() {
        DatasetSummary summary = validator.validate(new ByteArrayInputStream(
                (" age in years , home color ,target\n" + rows(20)).getBytes(StandardCharsets.UTF_8)), TrainingConfig.DEFAULTS.target());
        assertEquals(List.of("age in years", "home color", "target"), summary.columns());
    }

    @Test
    void quotedCommasAndNewlinesStayInsideTheirField() {
        Table table = Table.read(new ByteArrayInputStream((HEADER + "30,\"red, dark\",yes\n40,\"blue\nsky\",no\n")
                .getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of("red, dark", "blue\nsky"), List.of(table.column("color").texts()));
        assertEquals(List.of(2L, 4L), List.of(table.lines()[0], table.lines()[1]), "a row's line is the last line it spans");
    }

    @Test
    void anUnclosedQuoteIsReportedOnTheLineWhereItOpensNotAtTheEndOfTheFile() {
        var e = assertThrows(DatasetRejectedException.class, () -> validator.validate(new ByteArrayInputStream(
                (HEADER + rows(2) + "33,\"red,yes\n" + rows(20)).getBytes(StandardCharsets.UTF_8)), TrainingConfig.DEFAULTS.target()));
        assertEquals("malformed_csv", e.code());
        assertEquals(4L, e.line(), e.getMessage());
    }

    @Test
    void latin1TextIsRefusedOnTheLineOfItsFirstBadByteEvenFarIntoTheFile() {
        byte[] csv = (HEADER + rows(2000) + "30,caf\u00e9,yes\n" + rows(10)).getBytes(StandardCharsets.ISO_8859_1);
        var e = assertThrows(DatasetRejectedException.class,
                () -> validator.validate(new ByteArrayInputStream(csv), TrainingConfig.DEFAULTS.target()));
        assertEquals("not_utf8", e.code());
        assertEquals(2002L, e.line(), e.getMessage());
        assertTrue(e.getMessage().contains("byte 0xE9"), e.getMessage());
    }

    @Test
    void aFileCutInsideAMultiByteCharacterIsNotUtf8() {
        byte[] whole = (HEADER + rows(20) + "30,caf\u00e9").getBytes(StandardCharsets.UTF_8);
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 1);
        var e = assertThrows(DatasetRejectedException.class,
                () -> validator.validate(new ByteArrayInputStream(cut), TrainingConfig.DEFAULTS.target()));
        assertEquals("not_utf8", e.code());
        assertEquals(22L, e.line(), e.getMessage());
    }

    @Test
    void whitespaceOnlyLinesAreSkippedAndLaterLineNumbersStayTrue() {
        var e = assertThrows(DatasetRejectedException.class, () -> validator.validate(new ByteArrayInputStream(
                (HEADER + "  \n" + rows(4) + "44,red\n").getBytes(StandardCharsets.UTF_8)), TrainingConfig.DEFAULTS.target()));
        assertEquals("ragged_row", e.code());
        assertEquals(7L, e.line(), e.getMessage());
    }

    /** A CSV that never ends, served at most {@code chunk} bytes per read, counting what was taken. */
    static final class EndlessCsv extends InputStream {
        private final byte[] header = HEADER.getBytes(StandardCharsets.UTF_8);
        private final byte[] row = "31,red,no\n".getBytes(StandardCharsets.UTF_8);
        private final int chunk;
        long served;

        EndlessCsv(int chunk) {
            this.chunk = chunk;
        }

        @Override
        public int read() {
            byte b = served < header.length ? header[(int) served] : row[(int) ((served - header.length) % row.length)];
            served++;
            return b & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            int n = Math.min(length, chunk);
            for (int i = 0; i < n; i++) buffer[offset + i] = (byte) read();
            return n;
        }
    }

    // --- the rejected cases, ingested for real ---------------------------------------------

    @TempDir
    Path state;

    private record Wiring(BlobStore blobs, JobStore jobs, JobRunner runner, DatasetIngestion ingestion) {}

    private Wiring wire() {
        BlobStore blobs = Azurite.shared().blobStore();
        JobStore jobs = new JobStore(blobs);
        var registry = new ModelRegistry(blobs, new QualityGate(0.01), Clock.systemUTC());
        var runner = new JobRunner(jobs, new LocalProcessBackend(blobs, state, "-Xmx512m"), registry, Clock.systemUTC(), Duration.ofMinutes(5));
        return new Wiring(blobs, jobs, runner, new DatasetIngestion(blobs, jobs, runner, registry, LIMIT, Clock.systemUTC()));
    }

    private static String modelFor(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void everyRejectedUploadLeavesAReportAndARejectedJobRegistersNothingAndIsNotRetried() {
        Wiring w = wire();
        List<String> lost = new ArrayList<>();
        Map<String, String> models = new java.util.LinkedHashMap<>();
        for (Case c : corpus()) {
            if (c.accepted()) continue;
            String model = modelFor("corpus");
            if (c.config() != null) w.blobs().write(DatasetLayout.CONTAINER, model + "/config.json", c.config());
            byte[] bytes = c.bytes().get();
            String path = model + "/upload.csv";
            w.blobs().write(DatasetLayout.CONTAINER, path, bytes);

            IngestResult result = w.ingestion().ingest(model, path);

            if (result.outcome() != IngestResult.Outcome.REJECTED || result.job() == null) {
                lost.add(c.name() + ": " + result.outcome() + " " + result.message());
                continue;
            }
            TrainingJob job = w.jobs().get(result.job().id()).orElseThrow(() -> new AssertionError(c.name() + ": no job document"));
            assertEquals(JobState.Rejected, job.state(), c.name());
            assertEquals(c.expected(), job.error().code(), c.name());
            RejectionReport report = Json.read(w.blobs().read(DatasetLayout.REJECTED_CONTAINER, model + "/upload.json")
                    .orElseThrow(() -> new AssertionError(c.name() + ": no report in rejected/")).value(), RejectionReport.class);
            assertEquals(c.expected(), report.code(), c.name());
            assertEquals(job.id(), report.jobId(), c.name());
            assertTrue(report.message().contains(c.mentions()), c.name() + ": " + report.message());
            assertEquals("datasets/" + path, report.dataset(), c.name());
            assertTrue(w.blobs().list(ModelRegistry.CONTAINER, model + "/").isEmpty(), c.name() + ": a model was registered");

            IngestResult again = w.ingestion().ingest(model, path);
            assertEquals(IngestResult.Outcome.REJECTED, again.outcome(), c.name());
            assertEquals(job.id(), again.job().id(), c.name() + ": delivered again, the same job");
            models.put(model, c.name());
        }
        assertEquals(List.of(), lost, "uploads that were neither refused nor trained");
        assertEquals(corpus().stream().filter(c -> !c.accepted()).count(), models.size());
        Map<String, Long> jobsPerModel = w.jobs().list().stream().filter(j -> models.containsKey(j.model()))
                .collect(java.util.stream.Collectors.groupingBy(TrainingJob::model, java.util.stream.Collectors.counting()));
        models.forEach((model, name) -> assertEquals(1L, jobsPerModel.get(model), name + ": one job, however often it was delivered"));
    }

    @Test
    void anAcceptedUploadStartsOneJob() {
        Wiring w = wire();
        String model = modelFor("corpus-ok");
        byte[] bytes = withBom();
        String path = model + "/upload.csv";
        w.blobs().write(DatasetLayout.CONTAINER, path, bytes);
        IngestResult result = w.ingestion().ingest(model, path);
        try {
            assertEquals(IngestResult.Outcome.STARTED, result.outcome(), result.message());
            assertEquals(IngestResult.Outcome.DUPLICATE, w.ingestion().ingest(model, path).outcome());
            assertEquals(1, w.jobs().list(model, null).size());
            assertTrue(w.blobs().read(DatasetLayout.REJECTED_CONTAINER, model + "/upload.json").isEmpty());
        } finally {
            if (result.job() != null) w.runner().cancel(result.job().id());
        }
    }

    @Test
    void anInvalidModelNameGetsAReportUnderInvalidModelNameAndNoJob() {
        Wiring w = wire();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        byte[] bytes = (HEADER + rows(20)).getBytes(StandardCharsets.UTF_8);
        List<String> names = List.of("a..b" + suffix, "Claims" + suffix, "x".repeat(56) + suffix, "-dash" + suffix, "under_score" + suffix,
                suffix + "/nested", "");
        for (String name : names) {
            String path = name + "/upload-" + suffix + ".csv";
            IngestResult result = w.ingestion().ingest(name, path);
            assertEquals(IngestResult.Outcome.REJECTED, result.outcome(), name);
            assertNull(result.job(), name + ": no job for a name that cannot be a model");
            assertTrue(result.message().contains("is not a valid model name"), result.message());
            String reportPath = "_invalid-model-name/" + DatasetLayout.reportPath(path);
            RejectionReport report = Json.read(w.blobs().read(DatasetLayout.REJECTED_CONTAINER, reportPath)
                    .orElseThrow(() -> new AssertionError(name + ": no report at " + reportPath)).value(), RejectionReport.class);
            assertEquals("invalid_model_name", report.code(), name);
            assertEquals(name, report.model());
        }
        assertEquals(64, names.get(2).length());
        assertEquals(List.of(), w.jobs().list().stream().filter(j -> names.contains(j.model())).toList(),
                "no job for any invalid model name");
    }
}
