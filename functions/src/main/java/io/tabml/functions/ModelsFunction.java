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

/** The model registry, read-only: {@code GET /api/models}, {@code /models/{model}}, {@code /models/{model}/versions/{version}}. */
public class ModelsFunction {
    @FunctionName("listModels")
    public HttpResponseMessage list(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "models", authLevel = AuthorizationLevel.FUNCTION)
            HttpRequestMessage<Optional<String>> request,
            ExecutionContext context) {
        return HttpResponses.handle(request, context,
                () -> HttpResponses.json(request, 200, Map.of("models", Services.get().catalog.list())));
    }

    @FunctionName("getModel")
    public HttpResponseMessage get(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "models/{model}", authLevel = AuthorizationLevel.FUNCTION)
            HttpRequestMessage<Optional<String>> request,
            @BindingName("model") String model,
            ExecutionContext context) {
        return HttpResponses.handle(request, context,
                () -> HttpResponses.json(request, 200, Services.get().catalog.details(model)));
    }

    @FunctionName("getModelVersion")
    public HttpResponseMessage version(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "models/{model}/versions/{version:int}",
                    authLevel = AuthorizationLevel.FUNCTION)
            HttpRequestMessage<Optional<String>> request,
            @BindingName("model") String model,
            @BindingName("version") int version,
            ExecutionContext context) {
        return HttpResponses.handle(request, context,
                () -> HttpResponses.json(request, 200, Services.get().catalog.version(model, version)));
    }
}
