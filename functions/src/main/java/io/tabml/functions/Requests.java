package io.tabml.functions;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.tabml.storage.Json;
import java.io.IOException;

/**
 * Parses JSON request bodies, turning every way they can be wrong into a 400 that says how. A body
 * is one JSON document: anything after it, and a key repeated within an object (which parsers
 * resolve differently), are refused rather than silently dropped. Jackson's read constraints
 * (nesting depth, number and string lengths) apply and are 400s too.
 */
public final class Requests {
    private static final ObjectReader READER = Json.MAPPER.reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .with(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    private Requests() {}

    public static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw ApiException.badRequest("empty_body", "the request body is empty: send a JSON document");
        }
        try {
            JsonNode node = READER.readTree(body);
            if (node == null || node.isMissingNode()) throw ApiException.badRequest("empty_body", "the request body is empty");
            return node;
        } catch (JacksonException e) {
            throw ApiException.badRequest("invalid_json", "the request body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiException.badRequest("invalid_json", "the request body could not be read: " + e.getMessage());
        }
    }

    public static JsonNode object(byte[] body) {
        JsonNode node = parse(body);
        if (!node.isObject()) throw ApiException.badRequest("invalid_json", "the request body must be a JSON object");
        return node;
    }
}
