package io.tabml.errors;

import java.util.List;
import java.util.Map;

/**
 * A failure a caller can act on: it carries the HTTP status it maps to, a stable code, a message a
 * person can read, and details (for validation, field -> problems). The functions map every
 * ApiException to {@code {"error": {"code", "message", "details"}}} in one place.
 */
public class ApiException extends RuntimeException {
    private final int status;
    private final String code;
    private final Map<String, List<String>> details;

    public ApiException(int status, String code, String message, Map<String, List<String>> details) {
        super(message);
        this.status = status;
        this.code = code;
        this.details = details == null ? Map.of() : details;
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
