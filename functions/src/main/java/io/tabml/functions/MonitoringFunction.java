package io.tabml.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * {@code GET /api/models/{model}/monitoring?from=&to=}: the model's monitoring status and its hourly
 * windows that start in the range (ISO-8601 instants such as {@code 2026-11-30T10:00:00Z}; by default
 * the last day).
 */
public class MonitoringFunction {
    private final Services services;

    /** The Functions host creates function classes with their no-argument constructor. */
    public MonitoringFunction() {
        this(Services.get());
    }

    public MonitoringFunction(Services services) {
        this.services = services;
    }

    @FunctionName("getMonitoring")
    public HttpResponseMessage get(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "models/{model}/monitoring", authLevel = AuthorizationLevel.FUNCTION)
            HttpRequestMessage<Optional<String>> request,
            @BindingName("model") String model,
            ExecutionContext context) {
        return HttpResponses.handle(request, context, () -> HttpResponses.json(request, 200,
                services.monitoring().report(model, instant(request, "from"), instant(request, "to"))));
    }

    private static Instant instant(HttpRequestMessage<?> request, String name) {
        String value = request.getQueryParameters().get(name);
        if (value == null || value.isBlank()) return null;
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("invalid_query", name + " must be an ISO-8601 instant such as 2026-11-30T10:00:00Z, got '" + value + "'");
        }
    }
}
