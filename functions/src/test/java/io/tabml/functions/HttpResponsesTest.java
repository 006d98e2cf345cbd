package io.tabml.functions;

import static io.tabml.functions.FunctionMocks.INVOCATION_ID;
import static io.tabml.functions.FunctionMocks.assertError;
import static io.tabml.functions.FunctionMocks.get;
import static io.tabml.functions.FunctionMocks.response;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import io.tabml.errors.ConflictException;
import io.tabml.errors.DomainException;
import io.tabml.errors.InvalidInputException;
import io.tabml.errors.LimitExceededException;
import io.tabml.errors.NotFoundException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Results and errors become HTTP responses here, and only here: the status of each kind and the error shape. */
class HttpResponsesTest {
    private final HttpRequestMessage<Optional<String>> request = get().build();
    private final FunctionMocks.Invocation invocation = new FunctionMocks.Invocation();

    private HttpResponseMessage handleThrowing(Exception e) {
        return HttpResponses.handle(request, invocation.context, () -> {
            throw e;
        });
    }

    static Stream<Arguments> domainExceptions() {
        return Stream.of(
                Arguments.of(new InvalidInputException("empty_body", "the request body is empty"), 400),
                Arguments.of(new NotFoundException("model 'iris' does not exist"), 404),
                Arguments.of(new ConflictException("the champion of 'iris' changed meanwhile"), 409),
                Arguments.of(new LimitExceededException("at most 10000 rows per JSON request"), 413));
    }

    @ParameterizedTest
    @MethodSource("domainExceptions")
    void eachDomainFailureGetsTheStatusOfItsKindWithItsCodeAndMessage(DomainException failure, int status) {
        JsonNode error = assertError(handleThrowing(failure), status, failure.code());
        assertEquals(failure.getMessage(), error.get("message").asText());
        assertTrue(error.get("details").isObject(), "details is always there, if empty");
    }

    @Test
    void invalidInputKeepsItsProblemsByField() {
        var failure = InvalidInputException.invalid("2 fields are invalid",
                Map.of("age", List.of("must be a number"), "city", List.of("is required", "must be text")));

        JsonNode details = assertError(handleThrowing(failure), 400, "invalid_request").get("details");

        assertEquals("must be a number", details.get("age").get(0).asText());
        assertEquals(2, details.get("city").size());
    }

    @Test
    void anApiExceptionKeepsItsOwnStatus() {
        JsonNode error = assertError(handleThrowing(ApiException.unsupportedMediaType("send text/csv")), 415,
                "unsupported_media_type");
        assertEquals("send text/csv", error.get("message").asText());
    }

    @Test
    void anUnexpectedFailureIsA500NamingTheInvocationAndHidingTheCause() {
        var failure = new IllegalStateException("AccountKey=secret-from-the-connection-string");

        String message = assertError(handleThrowing(failure), 500, "internal_error").get("message").asText();

        assertTrue(message.contains(INVOCATION_ID), message);
        assertFalse(message.contains("secret"), message);
        // The cause goes to the log instead, where the invocation id finds it.
        assertEquals(Level.SEVERE, invocation.logs.getFirst().getLevel());
        assertSame(failure, invocation.logs.getFirst().getThrown());
    }

    @Test
    void aSuccessfulActionIsAnsweredAsItIs() {
        HttpResponseMessage ok = HttpResponses.json(request, 200, Map.of("status", "ok"));

        assertSame(ok, HttpResponses.handle(request, invocation.context, () -> ok));
    }

    @Test
    void jsonAnswersAreDeclaredAsJson() {
        var json = response(HttpResponses.json(request, 201, Map.of("model", "iris")));

        assertEquals(201, json.getStatusCode());
        assertTrue(json.getHeader("Content-Type").startsWith("application/json"), json.getHeader("Content-Type"));
        assertEquals("iris", json.json().get("model").asText());
    }

    @Test
    void aWholeNumberQueryParameterIsReadOrAbsent() {
        assertEquals(7, HttpResponses.intQuery(get().query("version", " 7 ").build(), "version"));
        assertNull(HttpResponses.intQuery(get().build(), "version"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"seven", "1.5", "99999999999"})
    void aQueryParameterThatIsNotAWholeNumberIsA400NamingIt(String value) {
        var e = assertThrows(ApiException.class, () -> HttpResponses.intQuery(get().query("version", value).build(), "version"));

        assertEquals(400, e.status());
        assertTrue(e.details().containsKey("version"), e.details()::toString);
    }

    @Test
    void aFlagIsTrueOnlyWhenSaidSo() {
        assertTrue(HttpResponses.flagQuery(get().query("explain", "TRUE").build(), "explain"));
        assertFalse(HttpResponses.flagQuery(get().query("explain", "false").build(), "explain"));
        assertFalse(HttpResponses.flagQuery(get().build(), "explain"));
        var e = assertThrows(ApiException.class, () -> HttpResponses.flagQuery(get().query("explain", "yes").build(), "explain"));
        assertTrue(e.details().containsKey("explain"), e.details()::toString);
    }
}
