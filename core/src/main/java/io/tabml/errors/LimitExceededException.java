package io.tabml.errors;

import java.util.Map;

/** The input is larger than a configured limit allows (bytes, rows). */
public final class LimitExceededException extends DomainException {
    public LimitExceededException(String message) {
        super("payload_too_large", message, Map.of());
    }
}
