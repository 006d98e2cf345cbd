package io.tabml.functions;

import com.fasterxml.jackson.databind.JsonNode;
import io.tabml.storage.Json;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The parts of an Event Grid {@code Microsoft.Storage.BlobCreated} event (Event Grid schema) that a
 * function needs: which blob, and which version of it. The subject names the blob,
 * {@code /blobServices/default/containers/<container>/blobs/<path>}; {@code data.eTag} is "the etag of
 * the blob at the time this event was triggered" (docs/batch-scoring.md cites the schema).
 */
record BlobCreatedEvent(String type, String container, String path, String etag, long contentLength) {
    static final String BLOB_CREATED = "Microsoft.Storage.BlobCreated";
    private static final String SUBJECT_START = "/blobServices/default/containers/";
    private static final String SUBJECT_BLOBS = "/blobs/";

    /** Reads the event the trigger delivers as text; an event of another shape is refused with what it lacks. */
    static BlobCreatedEvent parse(String json) {
        JsonNode event;
        try {
            event = Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("the Event Grid event is not JSON", e);
        }
        String subject = event.path("subject").asText();
        int blobs = subject.indexOf(SUBJECT_BLOBS);
        if (!subject.startsWith(SUBJECT_START) || blobs < 0) {
            throw new IllegalArgumentException("the event's subject '" + subject + "' names no blob (" + SUBJECT_START + "<container>" + SUBJECT_BLOBS + "<path>)");
        }
        JsonNode data = event.path("data");
        return new BlobCreatedEvent(event.path("eventType").asText(), subject.substring(SUBJECT_START.length(), blobs),
                subject.substring(blobs + SUBJECT_BLOBS.length()), data.path("eTag").asText(), data.path("contentLength").asLong());
    }
}
