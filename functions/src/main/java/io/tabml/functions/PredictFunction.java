package io.tabml.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.util.Optional;

/**
 * {@code POST /api/models/{model}/predict}: one row or {@code {"rows": [...]}}; {@code ?version=n},
 * {@code ?lenient=true} (ignore unknown fields), {@code ?explain=true} (top feature contributions);
 * or a {@code text/csv} batch, answered as CSV with the predictions appended.
 */
public class PredictFunction {
    @FunctionName("predict")
    public HttpResponseMessage predict(
            @HttpTrigger(name = "req", methods = {HttpMethod.POST}, route = "models/{model}/predict",
                    authLevel = AuthorizationLevel.FUNCTION, dataType = "binary")
            HttpRequestMessage<Optional<byte[]>> request,
            @BindingName("model") String model,
            ExecutionContext context) {
        return HttpResponses.handle(request, context, () -> {
            Integer version = HttpResponses.intQuery(request, "version");
            byte[] body = request.getBody().orElse(null);
            if (HttpResponses.isCsv(request)) {
                return request.createResponseBuilder(HttpStatus.OK).header("Content-Type", "text/csv; charset=utf-8")
                        .body(Services.get().predictions.predictCsv(model, version, body)).build();
            }
            return HttpResponses.json(request, 200, Services.get().predictions.predict(model, version, body,
                    HttpResponses.flagQuery(request, "lenient"), HttpResponses.flagQuery(request, "explain")));
        });
    }
}
