package io.tabml.data;

/**
 * How a cell's text reads as a number, the one rule for every reader (schema inference, training,
 * serving, feedback): Java's {@link Double#parseDouble} on the trimmed text; only finite numbers
 * count as numbers, and infinity as Java, Excel or pandas spell it is told apart from other text.
 */
public final class Numbers {
    private Numbers() {}

    /** A finite number, or null when the text is not one. */
    public static Double parse(String text) {
        try {
            double d = Double.parseDouble(text.trim());
            return Double.isFinite(d) ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Infinity as Java, Excel or pandas spell it ({@code Infinity}, {@code -inf}), or a number too large for a double. */
    public static boolean isInfinite(String text) {
        return infinity(text) != 0;
    }

    /** +1 or -1 for an infinity (as {@link #isInfinite} reads one), 0 for anything else. */
    static int infinity(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        int sign = t.startsWith("-") ? -1 : 1;
        if (t.startsWith("+") || t.startsWith("-")) t = t.substring(1);
        if (t.equals("inf") || t.equals("infinity")) return sign;
        try {
            double d = Double.parseDouble(text.trim());
            return Double.isInfinite(d) ? (d > 0 ? 1 : -1) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
