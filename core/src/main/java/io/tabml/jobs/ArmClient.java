package io.tabml.jobs;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.fasterxml.jackson.databind.JsonNode;
import io.tabml.storage.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * A small Azure Resource Manager client: JSON requests with a bearer token, bounded retries of
 * throttling (429) and server errors (5xx) that honour {@code Retry-After}, and errors that carry
 * ARM's own {@code {"error": {"code", "message"}}}. The JDK's HttpClient keeps Netty out of the
 * function app; the token comes from any {@link TokenCredential}, so tests inject a fixed one.
 */
public final class ArmClient {
    private static final Logger LOG = Logger.getLogger(ArmClient.class.getName());
    /** Tries per request, the first included. */
    static final int MAX_ATTEMPTS = 4;
    /** The longest pause between two tries, whatever Retry-After asks: a poll must not hold a timer for minutes. */
    static final Duration MAX_RETRY_WAIT = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** A token this close to its expiry is renewed rather than sent. */
    private static final Duration TOKEN_MARGIN = Duration.ofMinutes(5);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final TokenCredential credential;
    private final URI endpoint;
    private final TokenRequestContext scope;
    private volatile AccessToken token;

    /**
     * @param endpoint the ARM endpoint, {@code https://management.azure.com} in the public cloud; the
     *                 token is requested for {@code <endpoint>/.default}, which is right in every cloud
     */
    public ArmClient(TokenCredential credential, URI endpoint) {
        this.credential = credential;
        String base = endpoint.toString().replaceAll("/+$", "");
        this.endpoint = URI.create(base);
        this.scope = new TokenRequestContext().addScopes(base + "/.default");
    }

    /** GET; empty when ARM answers 404. */
    public Optional<JsonNode> get(String pathAndQuery) {
        Response response = send("GET", pathAndQuery, null, 404);
        return response.status() == 404 ? Optional.empty() : Optional.of(response.json());
    }

    public JsonNode put(String pathAndQuery, JsonNode body) {
        return send("PUT", pathAndQuery, body).json();
    }

    /** POST without a body; false when ARM answers 404. */
    public boolean post(String pathAndQuery) {
        return send("POST", pathAndQuery, null, 404).status() != 404;
    }

    private Response send(String method, String pathAndQuery, JsonNode body, int... accepted) {
        URI uri = URI.create(endpoint + pathAndQuery);
        for (int attempt = 1; ; attempt++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                    .timeout(REQUEST_TIMEOUT)
                    .header("Authorization", "Bearer " + token())
                    .header("Accept", "application/json");
            if (body != null) {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofByteArray(Json.write(body)));
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<byte[]> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                if (attempt == MAX_ATTEMPTS) {
                    throw new ArmException(method + " " + uri.getPath() + " could not reach Azure Resource Manager after "
                            + MAX_ATTEMPTS + " tries: " + e.getMessage());
                }
                pause(backoff(attempt));
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ArmException(method + " " + uri.getPath() + " was interrupted");
            }
            int status = response.statusCode();
            if (status / 100 == 2 || contains(accepted, status)) return new Response(status, response.body());
            String armError = armError(response.body());
            boolean retryable = status == 429 || status >= 500;
            if (!retryable) {
                throw new ArmException(method + " " + uri.getPath() + " was refused with HTTP " + status + ": " + armError);
            }
            if (attempt == MAX_ATTEMPTS) {
                throw new ArmException(method + " " + uri.getPath() + " still answered HTTP " + status + " after "
                        + MAX_ATTEMPTS + " tries (" + armError + "); it will be tried again on the next poll");
            }
            Duration wait = retryAfter(response).orElse(backoff(attempt));
            wait = wait.compareTo(MAX_RETRY_WAIT) > 0 ? MAX_RETRY_WAIT : wait;
            LOG.info(method + " " + uri.getPath() + " answered HTTP " + status + "; retrying in " + wait.toMillis() + " ms");
            pause(wait);
        }
    }

    private String token() {
        AccessToken current = token;
        if (current == null || current.getExpiresAt().isBefore(OffsetDateTime.now().plus(TOKEN_MARGIN))) {
            current = credential.getTokenSync(scope);
            token = current;
        }
        return current.getToken();
    }

    /** Retry-After in seconds or as an HTTP date (RFC 9110, section 10.2.3). */
    static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(value -> {
            try {
                return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim()))));
            } catch (NumberFormatException notSeconds) {
                try {
                    var at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                    Duration until = Duration.between(ZonedDateTime.now(at.getZone()), at);
                    return Optional.of(until.isNegative() ? Duration.ZERO : until);
                } catch (DateTimeParseException notADate) {
                    return Optional.empty();
                }
            }
        });
    }

    private static Duration backoff(int attempt) {
        return Duration.ofSeconds(1L << (attempt - 1));
    }

    private static void pause(Duration wait) {
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ArmException("interrupted while waiting to retry");
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
        String text = new String(body, java.nio.charset.StandardCharsets.UTF_8).strip();
        return text.isEmpty() ? "no error details" : text.substring(0, Math.min(200, text.length()));
    }

    private static boolean contains(int[] values, int value) {
        for (int v : values) if (v == value) return true;
        return false;
    }

    private record Response(int status, byte[] body) {
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
