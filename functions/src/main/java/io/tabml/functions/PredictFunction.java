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
 * {@code POST /api/models/{model}/predict}: one row or {@code {"rows": [...]}}; {@code ?version=n},
 * {@code ?lenient=true} (ignore unknown fields), {@code ?explain=true} (top feature contributions).
 */
public class PredictFunction {
    @FunctionName("predict")
    public HttpResponseMessage predict(
            @HttpTrigger(name = "req", methods = {HttpMethod.POST}, route = "models/{model}/predict",
                    authLevel = AuthorizationLevel.FUNCTION, dataType = "binary")
            HttpRequestMessage<Optional<byte[]>> request,
            @BindingName("model") String model,
            ExecutionContext context) {
        return HttpResponses.handle(request, context, () -> HttpResponses.json(request, 200,
                Services.get().predictions.predict(model, HttpResponses.intQuery(request, "version"),
                        request.getBody().orElse(null), HttpResponses.flagQuery(request, "lenient"),
                        HttpResponses.flagQuery(request, "explain"))));
    }
}
