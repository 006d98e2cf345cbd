package io.tabml.ingest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** {@code rejected/<model>/<file>.json}: why an upload was refused, for the person who made it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RejectionReport(String model, String dataset, String etag, String code, String message, Long line,
                              String jobId, Instant rejectedAt) {}
