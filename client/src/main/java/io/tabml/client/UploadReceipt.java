package io.tabml.client;

/**
 * The answer to an upload: where the CSV was stored and the job that will train it; or, when the
 * same data and config were already trained ({@code unchanged}), the version they became.
 */
public record UploadReceipt(String dataset, String jobId, String status, boolean unchanged, Integer version, String message) {}
