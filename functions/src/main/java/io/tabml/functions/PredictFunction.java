package io.tabml.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import io.tabml.serving.PredictionService;
import java.util.Optional;

/**
 * {@code POST /api/models/{model}/predict}: one row or {@code {"rows": [...]}}; {@code ?version=n},
 * {@code ?lenient=true} (ignore unknown fields), {@code ?explain=true} (top feature contributions);
 * or a {@code text/csv} batch, answered as CSV with the predictions appended.
 */
public class PredictFunction {
    private final Services services;

    /** The Functions host creates function classes with their no-argument constructor. */
    public PredictFunction() {
        this(Services.get());
    }

    public PredictFunction(Services services) {
        this.services = services;
    }

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
            long limit = services.config().maxPredictBytes();
            if (body != null && body.length > limit) {
                throw ApiException.tooLarge("the request body is " + body.length + " bytes; the limit is " + limit
                        + " (MAX_PREDICT_BYTES): send smaller batches");
            }
            if (HttpResponses.isCsv(request)) {
                return request.createResponseBuilder(HttpStatus.OK).header("Content-Type", "text/csv; charset=utf-8")
                        .body(services.predictions().predictCsv(model, version, body)).build();
            }
            JsonNode json = Requests.parse(body);
            var options = new PredictionService.Options(HttpResponses.flagQuery(request, "lenient"), HttpResponses.flagQuery(request, "explain"));
            boolean batch = json.isObject() && json.size() == 1 && json.has("rows");
            return HttpResponses.json(request, 200, batch ? services.predictions().predictBatch(model, version, json.get("rows"), options)
                    : services.predictions().predictOne(model, version, json, options));
        });
    }
}
