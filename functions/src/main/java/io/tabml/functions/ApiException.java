package io.tabml.functions;

import java.util.List;
import java.util.Map;

/**
 * A failure of the HTTP request itself, with its status: a body that is not JSON, a query parameter
 * of the wrong type, a content type the route does not take, an unknown route. Failures of the
 * core's services are its domain exceptions; {@link HttpResponses} maps both to the error shape.
 */
public final class ApiException extends RuntimeException {
    private final int status;
    private final String code;
    private final Map<String, List<String>> details;

    public ApiException(int status, String code, String message, Map<String, List<String>> details) {
        super(message);
        this.status = status;
        this.code = code;
        this.details = details;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Map<String, List<String>> details() {
        return details;
    }

    public static ApiException badRequest(String code, String message) {
        return new ApiException(400, code, message, Map.of());
    }

    /** A 400 whose details list each problem by field. */
    public static ApiException invalid(String message, Map<String, List<String>> problemsByField) {
        return new ApiException(400, "invalid_request", message, problemsByField);
    }

    public static ApiException notFound(String what) {
        return new ApiException(404, "not_found", what, Map.of());
    }

    public static ApiException tooLarge(String message) {
        return new ApiException(413, "payload_too_large", message, Map.of());
    }

    public static ApiException unsupportedMediaType(String message) {
        return new ApiException(415, "unsupported_media_type", message, Map.of());
    }
}
