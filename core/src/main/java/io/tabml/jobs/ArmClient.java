package io.tabml.jobs;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.BearerTokenAuthenticationPolicy;
import com.azure.core.http.policy.ExponentialBackoff;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.core.http.policy.UserAgentPolicy;
import com.azure.core.util.Context;
import com.fasterxml.jackson.databind.JsonNode;
import io.tabml.storage.Json;
import io.tabml.training.TrainerVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * Azure Resource Manager requests on the Azure SDK's own HTTP pipeline (azure-core): the bearer
 * token of a {@link TokenCredential} for {@code <endpoint>/.default} (cached and renewed by
 * {@link BearerTokenAuthenticationPolicy}, which also refuses to send it over plain HTTP), and
 * {@link RetryPolicy} with exponential backoff, which retries 408, 429 and 5xx answers and I/O
 * failures and waits what {@code Retry-After} asks. The transport is the JDK HttpClient
 * ({@code azure-core-http-jdk-httpclient}), which keeps Netty out of the function app.
 *
 * <p>What is left here is ARM's part: JSON bodies, 404 as "not there", and errors that carry ARM's
 * {@code {"error": {"code", "message"}}}.
 */
public final class ArmClient {
    /** Retries after the first try: four tries in all, about 1 + 2 + 4 s of backoff unless Retry-After says otherwise. */
    static final int MAX_RETRIES = 3;
    private static final Duration BASE_DELAY = Duration.ofSeconds(1);
    private static final Duration MAX_DELAY = Duration.ofSeconds(10);

    private final HttpPipeline pipeline;
    private final String endpoint;

    /**
     * @param endpoint the ARM endpoint, {@code https://management.azure.com} in the public cloud; the
     *                 token is requested for {@code <endpoint>/.default}, which is right in every cloud
     */
    public ArmClient(TokenCredential credential, URI endpoint) {
        this(credential, endpoint, HttpClient.createDefault());
    }

    /** With another transport: tests trust their own loopback certificate through it. */
    ArmClient(TokenCredential credential, URI endpoint, HttpClient transport) {
        this.endpoint = endpoint.toString().replaceAll("/+$", "");
        if (!this.endpoint.startsWith("https://")) {
            throw new IllegalStateException("AZUREML_ARM_ENDPOINT must be an https:// URL (a bearer token is never sent "
                    + "in the clear), got '" + endpoint + "'");
        }
        this.pipeline = new HttpPipelineBuilder()
                .httpClient(transport)
                .policies(
                        new UserAgentPolicy("tabml/" + TrainerVersion.current()),
                        // before the token policy, so that every try is signed with a current token
                        new RetryPolicy(new ExponentialBackoff(MAX_RETRIES, BASE_DELAY, MAX_DELAY)),
                        new BearerTokenAuthenticationPolicy(credential, this.endpoint + "/.default"))
                .build();
    }

    /** GET; empty when ARM answers 404. */
    public Optional<JsonNode> get(String pathAndQuery) {
        Answer answer = send(HttpMethod.GET, pathAndQuery, null, true);
        return answer.status() == 404 ? Optional.empty() : Optional.of(answer.json());
    }

    public JsonNode put(String pathAndQuery, JsonNode body) {
        return send(HttpMethod.PUT, pathAndQuery, body, false).json();
    }

    /** POST without a body; false when ARM answers 404. */
    public boolean post(String pathAndQuery) {
        return send(HttpMethod.POST, pathAndQuery, null, true).status() != 404;
    }

    private Answer send(HttpMethod method, String pathAndQuery, JsonNode body, boolean notFoundIsAnAnswer) {
        HttpRequest request = new HttpRequest(method, endpoint + pathAndQuery)
                .setHeader(HttpHeaderName.ACCEPT, "application/json");
        if (body != null) {
            request.setHeader(HttpHeaderName.CONTENT_TYPE, "application/json").setBody(Json.write(body));
        }
        String what = method + " " + URI.create(endpoint + pathAndQuery).getPath();
        try (HttpResponse response = pipeline.sendSync(request, Context.NONE)) {
            int status = response.getStatusCode();
            byte[] bytes = response.getBodyAsBinaryData().toBytes();
            if (status / 100 == 2 || (status == 404 && notFoundIsAnAnswer)) return new Answer(status, bytes);
            boolean retried = status == 408 || status == 429 || status >= 500;
            throw new ArmException(what + (retried
                    ? " still answered HTTP " + status + " after " + (MAX_RETRIES + 1) + " tries (" + armError(bytes)
                            + "); it will be tried again on the next poll"
                    : " was refused with HTTP " + status + ": " + armError(bytes)));
        } catch (UncheckedIOException e) {
            throw new ArmException(what + " could not reach Azure Resource Manager after " + (MAX_RETRIES + 1)
                    + " tries: " + e.getMessage());
        }
    }

    /** ARM's {@code code: message}, or the start of the body when it is not ARM's error shape. */
    private static String armError(byte[] body) {
        try {
            JsonNode error = Json.MAPPER.readTree(body).path("error");
            if (error.hasNonNull("message")) return error.path("code").asText("error") + ": " + error.path("message").asText();
        } catch (IOException notJson) {
            // fall through: a gateway may answer with HTML or nothing
        }
        String text = new String(body, StandardCharsets.UTF_8).strip();
        return text.isEmpty() ? "no error details" : text.substring(0, Math.min(200, text.length()));
    }

    private record Answer(int status, byte[] body) {
        JsonNode json() {
            try {
                return body.length == 0 ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new ArmException("Azure Resource Manager answered with a body that is not JSON");
            }
        }
    }

    /** A request ARM refused, or that could not be completed; the message names the status and ARM's error. */
    public static final class ArmException extends RuntimeException {
        ArmException(String message) {
            super(message);
        }
    }
}
