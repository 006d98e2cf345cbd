package io.tabml.data;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.io.input.BOMInputStream;

/**
 * Reads a dataset CSV as a stream of rows on Commons CSV: RFC 4180 quoting, CRLF, a UTF-8 BOM,
 * and {@code ,} or {@code ;} as separator (whichever the header line has more of). It enforces
 * what every consumer needs: a header with unique, non-empty names and rows as long as the header.
 * Empty and whitespace-only lines are skipped.
 * Problems are {@link DatasetRejectedException}s that name the line.
 */
public final class CsvSource implements Closeable {
    private static final int SNIFF_BYTES = 64 * 1024;
    /** How Commons CSV reports a quote left open at the end of the file; the start line is where the quote opened. */
    private static final java.util.regex.Pattern UNCLOSED_QUOTE =
            java.util.regex.Pattern.compile("\\(startline (\\d+)\\) EOF reached before encapsulated token finished");

    private final CSVParser parser;
    private final List<String> header;

    private CsvSource(CSVParser parser, List<String> header) {
        this.parser = parser;
        this.header = header;
    }

    public static CsvSource open(InputStream raw) {
        try {
            BufferedInputStream in = new BufferedInputStream(BOMInputStream.builder().setInputStream(new Utf8Lines(raw)).get(), SNIFF_BYTES);
            char delimiter = sniffDelimiter(in);
            var decoder = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            CSVFormat format = CSVFormat.RFC4180.builder()
                    .setDelimiter(delimiter)
                    .setIgnoreSurroundingSpaces(true)
                    .setIgnoreEmptyLines(true)
                    .get();
            CSVParser parser = CSVParser.builder().setReader(new InputStreamReader(in, decoder)).setFormat(format).get();
            return new CsvSource(parser, readHeader(parser));
        } catch (IOException e) {
            throw rejection(e, 1);
        }
    }

    public List<String> header() {
        return header;
    }

    /** Hands every data row to the consumer, in order; the consumer may throw a rejection to stop. */
    public void forEachRow(Consumer<Row> consumer) {
        forEachRow(consumer, ragged -> {
            throw ragged;
        });
    }

    /**
     * Hands every data row to the consumer, in order, and each row whose length differs from the
     * header's to {@code ragged} (which may throw it to stop) rather than failing the whole file.
     */
    public void forEachRow(Consumer<Row> consumer, Consumer<DatasetRejectedException> ragged) {
        Iterator<CSVRecord> records = parser.iterator();
        long line = 1;
        while (true) {
            CSVRecord record;
            try {
                if (!records.hasNext()) break;
                record = records.next();
            } catch (UncheckedIOException e) {
                throw rejection(e.getCause(), parser.getCurrentLineNumber());
            } catch (IllegalStateException e) {
                throw rejection(e, parser.getCurrentLineNumber());
            }
            line = parser.getCurrentLineNumber();
            if (record.size() == 1 && header.size() > 1 && record.get(0).isBlank()) continue; // a whitespace-only line is a blank line
            if (record.size() != header.size()) {
                ragged.accept(new DatasetRejectedException("ragged_row",
                        "line " + line + " has " + record.size() + " fields but the header has " + header.size(), line));
                continue;
            }
            consumer.accept(new Row(line, record));
        }
    }

    @Override
    public void close() {
        try {
            parser.close();
        } catch (IOException ignored) {
            // nothing useful to do: the stream was only read
        }
    }

    /** One data row; {@code line} is the (last) physical line it was read from, header = 1. */
    public record Row(long line, CSVRecord record) {
        public String get(int column) {
            return record.get(column);
        }
    }

    private static List<String> readHeader(CSVParser parser) {
        Iterator<CSVRecord> records = parser.iterator();
        CSVRecord first;
        try {
            if (!records.hasNext()) throw new DatasetRejectedException("empty_file", "the file is empty: it needs a header line and data rows");
            first = records.next();
        } catch (UncheckedIOException e) {
            throw rejection(e.getCause(), 1);
        }
        List<String> names = first.toList().stream().map(String::trim).toList();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (name.isEmpty()) {
                throw new DatasetRejectedException("empty_column_name", "column " + (i + 1) + " of the header has no name", 1L);
            }
            if (!seen.add(name)) {
                throw new DatasetRejectedException("duplicate_column", "column name '" + name + "' appears more than once in the header", 1L);
            }
        }
        return names;
    }

    private static char sniffDelimiter(BufferedInputStream in) throws IOException {
        in.mark(SNIFF_BYTES);
        byte[] head = in.readNBytes(SNIFF_BYTES);
        in.reset();
        int commas = 0, semicolons = 0;
        boolean quoted = false;
        for (byte b : head) {
            if (b == '"') quoted = !quoted;
            else if (!quoted && (b == '\n' || b == '\r')) break;
            else if (!quoted && b == ',') commas++;
            else if (!quoted && b == ';') semicolons++;
        }
        return semicolons > commas ? ';' : ',';
    }

    /**
     * Checks that the bytes are UTF-8 as they pass, counting lines, so that a file in another
     * encoding is refused naming the line of its first bad byte (the decoder reads ahead by
     * thousands of characters and cannot tell the line). The decoder stays as the full check.
     */
    private static final class Utf8Lines extends java.io.FilterInputStream {
        private long line = 1;
        private int continuations;
        private int lead;

        Utf8Lines(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) check(b);
            else end();
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            for (int i = 0; i < n; i++) check(buffer[offset + i] & 0xff);
            if (n < 0) end();
            return n;
        }

        private void check(int b) {
            if (continuations > 0) {
                if ((b & 0xC0) != 0x80) bad(lead);
                continuations--;
            } else if (b < 0x80) {
                if (b == '\n') line++;
            } else if (b >= 0xC2 && b <= 0xF4) {
                lead = b;
                continuations = b <= 0xDF ? 1 : b <= 0xEF ? 2 : 3;
            } else {
                bad(b);
            }
        }

        private void end() {
            if (continuations > 0) throw notUtf8("the file ends inside a character");
        }

        private void bad(int b) {
            throw notUtf8(String.format("byte 0x%02X does not start a UTF-8 character", b));
        }

        private DatasetRejectedException notUtf8(String detail) {
            return new DatasetRejectedException("not_utf8", "line " + line + " is not UTF-8 text (" + detail
                    + "); save the file as UTF-8", line);
        }
    }

    private static DatasetRejectedException rejection(Throwable cause, long line) {
        if (cause instanceof CharacterCodingException) {
            return new DatasetRejectedException("not_utf8", "the file is not UTF-8 text (near line " + line + ")", line);
        }
        String detail = cause == null || cause.getMessage() == null ? "unreadable CSV" : cause.getMessage();
        var unclosed = UNCLOSED_QUOTE.matcher(detail);
        if (unclosed.find()) {
            long start = Long.parseLong(unclosed.group(1));
            return new DatasetRejectedException("malformed_csv", "line " + start + " opens a quoted field that is never closed: "
                    + "a closing '\"' is missing (a quote inside a quoted field is written '\"\"')", start);
        }
        return new DatasetRejectedException("malformed_csv", "the file is not valid CSV near line " + line + ": " + detail, line);
    }
}
