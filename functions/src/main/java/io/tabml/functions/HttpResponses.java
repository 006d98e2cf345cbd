package io.tabml.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatusType;
import io.tabml.errors.ConflictException;
import io.tabml.errors.DomainException;
import io.tabml.errors.InvalidInputException;
import io.tabml.errors.LimitExceededException;
import io.tabml.errors.NotFoundException;
import io.tabml.storage.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.logging.Level;

/**
 * The one place where results and errors become HTTP responses. Every error has the shape
 * {@code {"error": {"code", "message", "details"}}}; a core {@link DomainException} gets the status
 * of its kind, an {@link ApiException} keeps its own, and anything else is a 500 whose message hides
 * internals and names the invocation for the logs.
 */
public final class HttpResponses {
    private HttpResponses() {}

    /** Runs the action; maps whatever it throws to a JSON error. */
    public static HttpResponseMessage handle(HttpRequestMessage<?> request, ExecutionContext context,
                                             Callable<HttpResponseMessage> action) {
        try {
            return action.call();
        } catch (ApiException e) {
            return error(request, e);
        } catch (DomainException e) {
            return error(request, new ApiException(status(e), e.code(), e.getMessage(), e.details()));
        } catch (Exception e) {
            context.getLogger().log(Level.SEVERE, "unhandled error in " + context.getFunctionName(), e);
            return error(request, new ApiException(500, "internal_error",
                    "the server failed to handle the request (invocation " + context.getInvocationId() + ")", Map.of()));
        }
    }

    /** The HTTP status of each kind of domain failure. */
    static int status(DomainException e) {
        return switch (e) {
            case InvalidInputException invalid -> 400;
            case NotFoundException notFound -> 404;
            case ConflictException conflict -> 409;
            case LimitExceededException tooLarge -> 413;
        };
    }

    public static HttpResponseMessage json(HttpRequestMessage<?> request, int status, Object body) {
        return request.createResponseBuilder(HttpStatusType.custom(status))
                .header("Content-Type", "application/json; charset=utf-8")
                .body(Json.compact(body))
                .build();
    }

    public static HttpResponseMessage error(HttpRequestMessage<?> request, ApiException e) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", e.code());
        error.put("message", e.getMessage());
        error.put("details", e.details());
        return json(request, e.status(), Map.of("error", error));
    }

    /** A query parameter as a whole number, or null when absent; a 400 naming it when not a number. */
    public static Integer intQuery(HttpRequestMessage<?> request, String name) {
        String value = request.getQueryParameters().get(name);
        if (value == null || value.isBlank()) return null;
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw ApiException.invalid("query parameter '" + name + "' must be a whole number",
                    Map.of(name, java.util.List.of("must be a whole number, got '" + abbreviate(value) + "'")));
        }
    }

    /** Whether the request body is declared as CSV. */
    public static boolean isCsv(HttpRequestMessage<?> request) {
        String type = request.getHeaders().getOrDefault("content-type", "");
        return type.toLowerCase(java.util.Locale.ROOT).startsWith("text/csv");
    }

    /** A query flag: true for {@code true}, false when absent, empty or {@code false}; a 400 naming it otherwise. */
    public static boolean flagQuery(HttpRequestMessage<?> request, String name) {
        String value = request.getQueryParameters().getOrDefault(name, "").trim();
        if (value.isEmpty() || value.equalsIgnoreCase("false")) return false;
        if (value.equalsIgnoreCase("true")) return true;
        throw ApiException.invalid("query parameter '" + name + "' must be true or false",
                Map.of(name, java.util.List.of("must be true or false, got '" + abbreviate(value) + "'")));
    }

    private static String abbreviate(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }
}
