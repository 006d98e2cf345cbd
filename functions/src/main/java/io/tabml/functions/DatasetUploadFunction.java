package io.tabml.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code POST /api/datasets/{model}} with a {@code text/csv} body: stores it where a blob drop
 * goes, {@code datasets/<model>/<name>.csv}, so the blob trigger trains it like any other upload.
 * {@code ?name=} sets the file name (default: a UTC timestamp). Data and config already trained
 * get a 200 naming the existing version instead of a 202.
 *
 * <p>{@code POST /api/datasets/{model}/uploads?sha256=&name=}: for a file too large for a request
 * body, a URL to write it straight to that blob, valid for an hour (docs/large-files.md).
 */
public class DatasetUploadFunction {
    private static final Set<String> CSV_TYPES = Set.of("text/csv", "application/csv", "text/plain", "application/octet-stream");

    private final Services services;

    /** The Functions host creates function classes with their no-argument constructor. */
    public DatasetUploadFunction() {
        this(Services.get());
    }

    public DatasetUploadFunction(Services services) {
        this.services = services;
    }

    @FunctionName("uploadDataset")
    public HttpResponseMessage upload(
            @HttpTrigger(name = "req", methods = {HttpMethod.POST}, route = "datasets/{model}",
                    authLevel = AuthorizationLevel.FUNCTION, dataType = "binary")
            HttpRequestMessage<Optional<byte[]>> request,
            @BindingName("model") String model,
            ExecutionContext context) {
        return HttpResponses.handle(request, context, () -> {
            String mediaType = request.getHeaders().getOrDefault("content-type", "").split(";")[0].trim().toLowerCase(Locale.ROOT);
            if (!CSV_TYPES.contains(mediaType)) {
                throw ApiException.unsupportedMediaType("send the dataset as a text/csv body (got '" + mediaType + "')");
            }
            var upload = services.uploads().store(model, request.getQueryParameters().get("name"), request.getBody().orElse(null));
            return HttpResponses.json(request, upload.unchanged() ? 200 : 202, upload);
        });
    }

    @FunctionName("createDirectUpload")
    public HttpResponseMessage direct(
            @HttpTrigger(name = "req", methods = {HttpMethod.POST}, route = "datasets/{model}/uploads",
                    authLevel = AuthorizationLevel.FUNCTION)
            HttpRequestMessage<Optional<String>> request,
            @BindingName("model") String model,
            ExecutionContext context) {
        return HttpResponses.handle(request, context, () -> {
            var query = request.getQueryParameters();
            var upload = services.uploads().directUpload(model, query.get("name"), query.get("sha256"));
            return HttpResponses.json(request, upload.unchanged() ? 200 : 201, upload);
        });
    }
}
