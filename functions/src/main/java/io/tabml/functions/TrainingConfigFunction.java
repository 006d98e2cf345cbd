package io.tabml.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.util.Optional;

/**
 * A model's training settings, {@code datasets/<model>/config.json}: {@code GET /api/datasets/{model}/config}
 * answers the settings the next upload trains with (the defaults without a stored file);
 * {@code PUT} stores a JSON body once it is valid, or answers 400 naming every problem.
 */
public class TrainingConfigFunction {
    private final Services services;

    /** The Functions host creates function classes with their no-argument constructor. */
    public TrainingConfigFunction() {
        this(Services.get());
    }

    public TrainingConfigFunction(Services services) {
        this.services = services;
    }

    @FunctionName("getTrainingConfig")
    public HttpResponseMessage get(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "datasets/{model}/config", authLevel = AuthorizationLevel.FUNCTION)
            HttpRequestMessage<Optional<String>> request,
            @BindingName("model") String model,
            ExecutionContext context) {
        return HttpResponses.handle(request, context, () -> HttpResponses.json(request, 200, services.uploads().config(model)));
    }

    @FunctionName("putTrainingConfig")
    public HttpResponseMessage put(
            @HttpTrigger(name = "req", methods = {HttpMethod.PUT}, route = "datasets/{model}/config", authLevel = AuthorizationLevel.FUNCTION,
                    dataType = "binary")
            HttpRequestMessage<Optional<byte[]>> request,
            @BindingName("model") String model,
            ExecutionContext context) {
        return HttpResponses.handle(request, context, () -> {
            byte[] body = request.getBody().orElse(null);
            Requests.object(body); // one JSON object, no repeated keys: the same rules as every JSON body
            return HttpResponses.json(request, 200, services.uploads().saveConfig(model, body));
        });
    }
}
