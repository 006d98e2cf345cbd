package io.tabml.errors;

import java.util.List;
import java.util.Map;

/**
 * The request contradicts the current state: someone else changed the thing meanwhile (reading it
 * again and retrying may succeed), or it would change what may not be changed; {@code details}
 * names each thing at fault where there are several.
 */
public final class ConflictException extends DomainException {
    public ConflictException(String message) {
        super("conflict", message, Map.of());
    }

    public ConflictException(String code, String message, Map<String, List<String>> details) {
        super(code, message, details);
    }
}
