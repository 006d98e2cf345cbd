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
 * {@code POST /api/models/{model}/feedback}: true classes of logged predictions by prediction id,
 * a JSON list of {@code {"predictionId", "actual"}} or a {@code text/csv} body with
 * {@code predictionId} and {@code actual} columns; all stored or, when any entry is wrong, none.
 */
public class FeedbackFunction {
    private final Services services;

    /** The Functions host creates function classes with their no-argument constructor. */
    public FeedbackFunction() {
        this(Services.get());
    }

    public FeedbackFunction(Services services) {
        this.services = services;
    }

    @FunctionName("feedback")
    public HttpResponseMessage feedback(
            @HttpTrigger(name = "req", methods = {HttpMethod.POST}, route = "models/{model}/feedback",
                    authLevel = AuthorizationLevel.FUNCTION, dataType = "binary")
            HttpRequestMessage<Optional<byte[]>> request,
            @BindingName("model") String model,
            ExecutionContext context) {
        return HttpResponses.handle(request, context, () -> {
            byte[] body = request.getBody().orElse(null);
            return HttpResponses.json(request, 200, HttpResponses.isCsv(request) ? services.feedback().fromCsv(model, body)
                    : services.feedback().fromJson(model, Requests.parse(body)));
        });
    }
}
