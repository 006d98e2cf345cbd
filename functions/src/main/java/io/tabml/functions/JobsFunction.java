package io.tabml.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.util.Map;
import java.util.Optional;

/**
 * Training jobs: {@code GET /api/jobs} (newest first, {@code ?model=}, {@code ?state=}),
 * {@code GET /api/jobs/{id}} and {@code POST /api/jobs/{id}/cancel} (admin).
 */
public class JobsFunction {
    private final Services services;

    /** The Functions host creates function classes with their no-argument constructor. */
    public JobsFunction() {
        this(Services.get());
    }

    public JobsFunction(Services services) {
        this.services = services;
    }

    @FunctionName("listJobs")
    public HttpResponseMessage list(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "jobs", authLevel = AuthorizationLevel.FUNCTION)
            HttpRequestMessage<Optional<String>> request,
            ExecutionContext context) {
        return HttpResponses.handle(request, context, () -> {
            var query = request.getQueryParameters();
            return HttpResponses.json(request, 200, Map.of("jobs", services.jobs().list(query.get("model"), query.get("state"))));
        });
    }

    @FunctionName("getJob")
    public HttpResponseMessage get(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "jobs/{id}", authLevel = AuthorizationLevel.FUNCTION)
            HttpRequestMessage<Optional<String>> request,
            @BindingName("id") String id,
            ExecutionContext context) {
        return HttpResponses.handle(request, context, () -> HttpResponses.json(request, 200, services.jobs().get(id)
                .orElseThrow(() -> ApiException.notFound("no job with id '" + id + "'"))));
    }

    @FunctionName("cancelJob")
    public HttpResponseMessage cancel(
            @HttpTrigger(name = "req", methods = {HttpMethod.POST}, route = "jobs/{id}/cancel", authLevel = AuthorizationLevel.ADMIN)
            HttpRequestMessage<Optional<String>> request,
            @BindingName("id") String id,
            ExecutionContext context) {
        return HttpResponses.handle(request, context, () -> HttpResponses.json(request, 200, services.runner().cancel(id)));
    }
}
