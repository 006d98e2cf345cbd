package io.tabml.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /api/health}: the app is up and storage answers; also what this instance's prediction
 * log has done (written, dropped because its buffer was full, failed), which a full buffer or an
 * unreachable table shows without failing predictions.
 */
public class HealthFunction {
    private final Services services;

    /** The Functions host creates function classes with their no-argument constructor. */
    public HealthFunction() {
        this(Services.get());
    }

    public HealthFunction(Services services) {
        this.services = services;
    }

    @FunctionName("health")
    public HttpResponseMessage health(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "health", authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<String>> request,
            ExecutionContext context) {
        var predictionLog = services.predictionLog().stats();
        try {
            services.blobs().ping();
            return HttpResponses.json(request, 200, Map.of("status", "ok", "storage", "reachable", "predictionLog", predictionLog));
        } catch (RuntimeException e) {
            context.getLogger().warning("storage unreachable: " + e.getMessage());
            return HttpResponses.json(request, 503, Map.of("status", "degraded", "storage", "unreachable", "predictionLog", predictionLog));
        }
    }
}
