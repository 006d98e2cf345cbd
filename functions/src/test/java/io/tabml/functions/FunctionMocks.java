package io.tabml.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.HttpStatusType;
import io.tabml.storage.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * What the Functions host would hand a function, without a host: a mocked {@link HttpRequestMessage}
 * whose response builder records status, headers and body (as in the Azure Functions Java samples),
 * and a mocked {@link ExecutionContext} whose logger keeps what it was given.
 */
final class FunctionMocks {
    static final String INVOCATION_ID = "0f1e2d3c-invocation-under-test";

    private FunctionMocks() {}

    /** A request with a binary body, as the {@code dataType = "binary"} triggers receive it. */
    static Request<byte[]> post(String body) {
        return new Request<>(body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    static Request<byte[]> post(byte[] body) {
        return new Request<>(body);
    }

    /** A request without a body, as the GET triggers receive it. */
    static Request<String> get() {
        return new Request<>(null);
    }

    /** The response a function returned, as the recording builder built it. */
    static Response response(HttpResponseMessage message) {
        return assertInstanceOf(Response.class, message);
    }

    /** Asserts the error shape and returns its {@code error} object. */
    static JsonNode assertError(HttpResponseMessage message, int status, String code) {
        Response response = response(message);
        assertEquals(status, response.getStatusCode(), () -> "status of " + response.text());
        JsonNode error = response.json().get("error");
        assertEquals(code, error.path("code").asText(), () -> "code of " + response.text());
        return error;
    }

    /** Builds the mocked request; header names are lower case, as the host passes them. */
    static final class Request<T> {
        private final T body;
        private final Map<String, String> headers = new HashMap<>();
        private final Map<String, String> query = new HashMap<>();

        private Request(T body) {
            this.body = body;
        }

        Request<T> header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        Request<T> query(String name, String value) {
            query.put(name, value);
            return this;
        }

        @SuppressWarnings("unchecked")
        HttpRequestMessage<Optional<T>> build() {
            HttpRequestMessage<Optional<T>> request = mock(HttpRequestMessage.class);
            when(request.getBody()).thenReturn(Optional.ofNullable(body));
            when(request.getHeaders()).thenReturn(Map.copyOf(headers));
            when(request.getQueryParameters()).thenReturn(Map.copyOf(query));
            // Both overloads: HttpResponses uses HttpStatusType.custom(n), PredictFunction HttpStatus.OK.
            when(request.createResponseBuilder(any(HttpStatus.class)))
                    .thenAnswer(call -> new Response().status(call.getArgument(0, HttpStatus.class)));
            when(request.createResponseBuilder(any(HttpStatusType.class)))
                    .thenAnswer(call -> new Response().status(call.getArgument(0, HttpStatusType.class)));
            return request;
        }
    }

    /** Both the builder and the response it builds: it records what the function set. */
    static final class Response implements HttpResponseMessage, HttpResponseMessage.Builder {
        private HttpStatusType status;
        private final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        private Object body;

        @Override
        public Response status(HttpStatusType status) {
            this.status = status;
            return this;
        }

        @Override
        public Response header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        @Override
        public Response body(Object body) {
            this.body = body;
            return this;
        }

        @Override
        public HttpResponseMessage build() {
            return this;
        }

        @Override
        public HttpStatusType getStatus() {
            return status;
        }

        @Override
        public String getHeader(String name) {
            return headers.get(name);
        }

        @Override
        public Object getBody() {
            return body;
        }

        String text() {
            return body instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(body);
        }

        JsonNode json() {
            try {
                return Json.MAPPER.readTree(text());
            } catch (IOException e) {
                throw new UncheckedIOException("the response body is not JSON: " + text(), e);
            }
        }
    }

    /** A mocked {@link ExecutionContext} with a fixed invocation id and a logger that keeps its records. */
    static final class Invocation {
        final ExecutionContext context = mock(ExecutionContext.class);
        final List<LogRecord> logs = new ArrayList<>();

        Invocation() {
            // An anonymous logger, not a named one: each test sees only its own records, and the
            // records do not reach the console.
            Logger logger = Logger.getAnonymousLogger();
            logger.setUseParentHandlers(false);
            logger.setLevel(Level.ALL);
            logger.addHandler(new Handler() {
                @Override
                public void publish(LogRecord record) {
                    logs.add(record);
                }

                @Override
                public void flush() {}

                @Override
                public void close() {}
            });
            when(context.getLogger()).thenReturn(logger);
            when(context.getInvocationId()).thenReturn(INVOCATION_ID);
            when(context.getFunctionName()).thenReturn("functionUnderTest");
        }

        List<String> messages() {
            return logs.stream().map(LogRecord::getMessage).toList();
        }
    }
}
