package io.tabml.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import io.tabml.errors.ApiException;
import java.util.Map;
import java.util.Optional;

/** Training jobs: {@code GET /api/jobs} (newest first, {@code ?model=}) and {@code GET /api/jobs/{id}}. */
public class JobsFunction {
    @FunctionName("listJobs")
    public HttpResponseMessage list(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "jobs", authLevel = AuthorizationLevel.FUNCTION)
            HttpRequestMessage<Optional<String>> request,
            ExecutionContext context) {
        return HttpResponses.handle(request, context, () -> {
            String model = request.getQueryParameters().get("model");
            var jobs = Services.get().jobs.list().stream().filter(j -> model == null || j.model().equals(model)).toList();
            return HttpResponses.json(request, 200, Map.of("jobs", jobs));
        });
    }

    @FunctionName("getJob")
    public HttpResponseMessage get(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "jobs/{id}", authLevel = AuthorizationLevel.FUNCTION)
            HttpRequestMessage<Optional<String>> request,
            @BindingName("id") String id,
            ExecutionContext context) {
        return HttpResponses.handle(request, context, () -> HttpResponses.json(request, 200, Services.get().jobs.get(id)
                .orElseThrow(() -> ApiException.notFound("no job with id '" + id + "'"))));
    }
}
