package io.tabml.errors;

import java.util.List;
import java.util.Map;

/** The input cannot be used as given; {@code details} lists each problem by field where there are several. */
public final class InvalidInputException extends DomainException {
    public InvalidInputException(String code, String message) {
        super(code, message, Map.of());
    }

    public InvalidInputException(String code, String message, Map<String, List<String>> problemsByField) {
        super(code, message, problemsByField);
    }

    /** Input that does not match what is expected, each problem listed by field. */
    public static InvalidInputException invalid(String message, Map<String, List<String>> problemsByField) {
        return new InvalidInputException("invalid_request", message, problemsByField);
    }
}
