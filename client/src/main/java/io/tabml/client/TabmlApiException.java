package io.tabml.client;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An answer of the API that is not a success, as the API put it: the HTTP status and the error
 * document {@code {"error": {"code", "message", "details"}}}. An answer without that shape (a
 * proxy's HTML page, an empty body) gets the code {@code http_<status>} and the start of the body
 * as its message, so callers handle every failure through the same three fields.
 */
public final class TabmlApiException extends RuntimeException {
    private final int status;
    private final String code;
    private final Map<String, List<String>> details;

    public TabmlApiException(int status, String code, String message, Map<String, List<String>> details) {
        super(message);
        this.status = status;
        this.code = code;
        // the API's order: problems as they were found
        this.details = details == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /** The HTTP status, e.g. 400, 401, 404. */
    public int status() {
        return status;
    }

    /** The API's stable error code, e.g. {@code invalid_request}, {@code not_found}, {@code unauthorized}. */
    public String code() {
        return code;
    }

    /** Problems by field (for a bad predict body: each field, or {@code rows[i].field}); empty when there are none. */
    public Map<String, List<String>> details() {
        return details;
    }
}
