package io.tabml.cli;

import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A plain-text table: a header row and left-aligned columns two spaces apart; long cells are cut with "...". */
final class Table {
    private static final int MAX_CELL = 60;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    Table(String... header) {
        this.header = List.of(header);
    }

    Table row(Object... cells) {
        List<String> row = new ArrayList<>();
        for (Object cell : cells) row.add(cut(text(cell)));
        rows.add(row);
        return this;
    }

    void print(PrintStream out) {
        int[] widths = new int[header.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = header.get(c).length();
            for (List<String> row : rows) widths[c] = Math.max(widths[c], row.get(c).length());
        }
        line(out, header, widths);
        for (List<String> row : rows) line(out, row, widths);
    }

    /** A cell's text: "-" for nothing, a time to the second in UTC. */
    private static String text(Object cell) {
        if (cell == null) return "-";
        if (cell instanceof Instant instant) return time(instant);
        return cell.toString();
    }

    /** A time to the second, in UTC. */
    static String time(Instant instant) {
        return instant == null ? "-" : TIME.format(instant);
    }

    /** A value as read: whole numbers without decimals, others with up to three. */
    static String plain(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) return Long.toString((long) value);
        return new java.math.BigDecimal(value).setScale(3, java.math.RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    /** A metric with three decimals, the way every table shows them. */
    static String number(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.3f", value);
    }

    /** A metric that only one task has (a classifier's ROC AUC, a regressor's RMSE): "-" for the other's. */
    static String number(Double value) {
        return value == null ? "-" : number(value.doubleValue());
    }

    /**
     * A model's headline quality in words, whichever task it is: "ROC AUC 0.830, accuracy 0.860" or
     * "RMSE 12.400, R² 0.910".
     */
    static String quality(Double rocAuc, Double accuracy, Double rmse, Double r2) {
        if (rmse != null) return "RMSE " + number(rmse) + ", R² " + number(r2);
        return rocAuc == null ? "-" : "ROC AUC " + number(rocAuc) + ", accuracy " + number(accuracy);
    }

    private static void line(PrintStream out, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            line.append(c == cells.size() - 1 ? cells.get(c) : String.format("%-" + widths[c] + "s  ", cells.get(c)));
        }
        out.println(line.toString().stripTrailing());
    }

    private static String cut(String text) {
        String oneLine = text.replace('\n', ' ');
        return oneLine.length() > MAX_CELL ? oneLine.substring(0, MAX_CELL - 3) + "..." : oneLine;
    }
}
