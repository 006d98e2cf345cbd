package io.tabml.client;

/** {@code GET /api/health}: {@code ok} with storage reachable, or {@code degraded}. */
public record Health(String status, String storage) {}
