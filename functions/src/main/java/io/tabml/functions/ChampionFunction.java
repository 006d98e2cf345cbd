package io.tabml.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code POST /api/models/{model}/champion} with {@code {"version": n, "reason": "..."}} (reason optional): promote or roll back (admin key). */
public class ChampionFunction {
    private final Services services;

    /** The Functions host creates function classes with their no-argument constructor. */
    public ChampionFunction() {
        this(Services.get());
    }

    public ChampionFunction(Services services) {
        this.services = services;
    }

    @FunctionName("setChampion")
    public HttpResponseMessage promote(
            @HttpTrigger(name = "req", methods = {HttpMethod.POST}, route = "models/{model}/champion",
                    authLevel = AuthorizationLevel.ADMIN, dataType = "binary")
            HttpRequestMessage<Optional<byte[]>> request,
            @BindingName("model") String model,
            ExecutionContext context) {
        return HttpResponses.handle(request, context, () -> {
            JsonNode body = Requests.object(request.getBody().orElse(null));
            JsonNode version = body.get("version");
            if (version == null || !version.canConvertToInt() || !version.isIntegralNumber()) {
                throw ApiException.invalid("'version' must be a version number", Map.of("version", List.of("is required: a whole number")));
            }
            String reason = body.hasNonNull("reason") ? body.get("reason").asText() : "set through the API";
            return HttpResponses.json(request, 200, services.catalog().promote(model, version.intValue(), reason));
        });
    }
}
