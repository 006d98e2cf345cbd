package io.tabml.data;

import java.util.Set;

/** The spellings of "no value" that datasets use. */
public final class Missing {
    private static final Set<String> TOKENS = Set.of("", "na", "n/a", "nan", "null", "none", "?");

    private Missing() {}

    public static boolean isMissing(String value) {
        return value == null || TOKENS.contains(value.trim().toLowerCase(java.util.Locale.ROOT));
    }
}
