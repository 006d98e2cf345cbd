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

/** {@code POST /api/models/{model}/champion} with {@code {"version": n}}: promote or roll back (admin key). */
public class ChampionFunction {
    @FunctionName("setChampion")
    public HttpResponseMessage promote(
            @HttpTrigger(name = "req", methods = {HttpMethod.POST}, route = "models/{model}/champion",
                    authLevel = AuthorizationLevel.ADMIN, dataType = "binary")
            HttpRequestMessage<Optional<byte[]>> request,
            @BindingName("model") String model,
            ExecutionContext context) {
        return HttpResponses.handle(request, context, () -> HttpResponses.json(request, 200,
                Services.get().catalog.promote(model, request.getBody().orElse(null))));
    }
}
