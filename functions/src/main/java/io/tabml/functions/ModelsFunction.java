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
    private final Services services;

    /** The Functions host creates function classes with their no-argument constructor. */
    public ModelsFunction() {
        this(Services.get());
    }

    public ModelsFunction(Services services) {
        this.services = services;
    }

    @FunctionName("listModels")
    public HttpResponseMessage list(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "models", authLevel = AuthorizationLevel.FUNCTION)
            HttpRequestMessage<Optional<String>> request,
            ExecutionContext context) {
        return HttpResponses.handle(request, context,
                () -> HttpResponses.json(request, 200, Map.of("models", services.catalog().list())));
    }

    @FunctionName("getModel")
    public HttpResponseMessage get(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "models/{model}", authLevel = AuthorizationLevel.FUNCTION)
            HttpRequestMessage<Optional<String>> request,
            @BindingName("model") String model,
            ExecutionContext context) {
        return HttpResponses.handle(request, context,
                () -> HttpResponses.json(request, 200, services.catalog().details(model)));
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
                () -> HttpResponses.json(request, 200, services.catalog().version(model, version)));
    }
}
