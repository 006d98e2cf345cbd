package io.tabml.errors;

import java.util.Map;

/** Someone else changed the thing meanwhile; reading it again and retrying may succeed. */
public final class ConflictException extends DomainException {
    public ConflictException(String message) {
        super("conflict", message, Map.of());
    }
}
