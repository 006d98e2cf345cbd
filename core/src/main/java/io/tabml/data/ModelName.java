package io.tabml.data;

import io.tabml.errors.InvalidInputException;
import java.util.regex.Pattern;

/** Model names become blob path segments, so they are held to {@code [a-z0-9-]{1,63}}. */
public final class ModelName {
    private static final Pattern VALID = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,62})");

    private ModelName() {}

    public static boolean isValid(String name) {
        return name != null && VALID.matcher(name).matches();
    }

    /** Returns the name, or throws a 400 that says what a valid name looks like. */
    public static String require(String name) {
        if (!isValid(name)) {
            throw new InvalidInputException("invalid_model_name",
                    "model name '" + abbreviate(name) + "' is not valid: use 1-63 characters of a-z, 0-9 and '-', starting with a letter or digit");
        }
        return name;
    }

    private static String abbreviate(String name) {
        if (name == null) return "";
        return name.length() > 80 ? name.substring(0, 80) + "..." : name;
    }
}
