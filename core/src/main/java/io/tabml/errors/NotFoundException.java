package io.tabml.errors;

import java.util.Map;

/** What was asked for does not exist: a model, a version, a job. */
public final class NotFoundException extends DomainException {
    public NotFoundException(String message) {
        super("not_found", message, Map.of());
    }
}
