package io.tabml.storage;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import io.tabml.errors.ApiException;
import java.io.IOException;

/** Parses JSON request bodies, turning every way they can be wrong into a 400 that says how. */
public final class Requests {
    private Requests() {}

    public static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw ApiException.badRequest("empty_body", "the request body is empty: send a JSON document");
        }
        try {
            JsonNode node = Json.MAPPER.readTree(body);
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
