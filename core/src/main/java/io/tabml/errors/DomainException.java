package io.tabml.errors;

import java.util.List;
import java.util.Map;

/**
 * A failure the caller can act on, in the core's own terms: a stable code, a message a person can
 * read, and details (for invalid input, field -> problems). The subclasses say what kind of failure
 * it is; the functions map each kind to an HTTP status in one place.
 */
public abstract sealed class DomainException extends RuntimeException
        permits NotFoundException, InvalidInputException, LimitExceededException, ConflictException {
    private final String code;
    private final Map<String, List<String>> details;

    protected DomainException(String code, String message, Map<String, List<String>> details) {
        super(message);
        this.code = code;
        this.details = details == null ? Map.of() : details;
    }

    public String code() {
        return code;
    }

    public Map<String, List<String>> details() {
        return details;
    }
}
