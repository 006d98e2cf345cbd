package io.tabml.client;

import java.time.Instant;

/**
 * The answer to an upload: where the CSV was stored and the job that will train it; or, when the
 * same data and config were already trained ({@code unchanged}), the version they became. A direct
 * upload's answer also carries the URL the file was written to and until when it was valid.
 */
public record UploadReceipt(String dataset, String jobId, String status, boolean unchanged, Integer version, String message,
                            String uploadUrl, Instant expiresAt) {}
