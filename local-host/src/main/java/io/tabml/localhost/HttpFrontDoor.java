package io.tabml.localhost;

import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tabml.functions.ApiException;
import io.tabml.functions.HttpResponses;
import io.tabml.storage.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Serves the HTTP-triggered functions under {@code /api/} (route templates, methods, auth levels)
 * and the static web app at {@code /}, on the JDK's HTTP server with a virtual thread per request.
 */
final class HttpFrontDoor implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(HttpFrontDoor.class.getName());
    private static final String API_PREFIX = "/api/";

    private final List<Route> routes;
    private final FunctionInvoker invoker;
    private final AccessKeys keys;
    private final StaticFiles staticFiles;
    private final long maxBodyBytes;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    HttpFrontDoor(List<FunctionDefinition> functions, FunctionInvoker invoker, AccessKeys keys, StaticFiles staticFiles,
                  long maxBodyBytes, int port) throws IOException {
        this.routes = functions.stream().filter(f -> f.trigger(HttpTrigger.class) != null).map(Route::of)
                .sorted(Comparator.comparingInt((Route r) -> -r.template().literalCount())).toList();
        this.invoker = invoker;
        this.keys = keys;
        this.staticFiles = staticFiles;
        this.maxBodyBytes = maxBodyBytes;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    List<String> describeRoutes() {
        return routes.stream().map(r -> String.join(",", r.methods()) + " /api/" + r.template().template()
                + " [" + r.trigger().authLevel() + "] -> " + r.function().name()).toList();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            if (path.startsWith(API_PREFIX)) {
                handleApi(exchange, path.substring(API_PREFIX.length()));
            } else {
                staticFiles.serve(exchange);
            }
        } catch (IOException | RuntimeException e) {
            // the path only: the query may carry a key (?code=)
            LOG.log(Level.WARNING, "request " + exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath() + " failed", e);
            answerIfUnanswered(exchange);
        }
    }

    /** A request that failed before its answer was sent gets a JSON 500 rather than a dropped connection. */
    private static void answerIfUnanswered(HttpExchange exchange) {
        if (exchange.getResponseCode() != -1) return;
        try {
            var request = new LocalHttpRequest<>(exchange.getRequestURI(), null, Map.of(), Map.of(), Optional.empty());
            send(exchange, HttpResponses.error(request, new ApiException(500, "internal_error",
                    "the host failed to handle the request", Map.of())));
        } catch (IOException | RuntimeException ignored) {
            // the connection is gone; nothing more to do
        }
    }

    private void handleApi(HttpExchange exchange, String rawPath) throws IOException {
        List<String> segments = Arrays.stream(rawPath.split("/", -1)).map(s -> URLDecoder.decode(s, StandardCharsets.UTF_8)).toList();
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        Map<String, String> headers = headers(exchange);
        Map<String, String> query = query(exchange.getRequestURI());
        boolean pathMatched = false;
        for (Route route : routes) {
            Optional<Map<String, String>> values = route.template().match(segments);
            if (values.isEmpty()) continue;
            pathMatched = true;
            if (!route.methods().contains(method)) continue;
            String key = Optional.ofNullable(headers.get("x-functions-key")).orElse(query.get("code"));
            if (!keys.allows(route.trigger().authLevel(), key)) {
                send(exchange, error(exchange, headers, query, new ApiException(401, "unauthorized",
                        "this route needs a " + route.trigger().authLevel().name().toLowerCase(Locale.ROOT)
                                + " key: send it as the x-functions-key header or the code query parameter", Map.of())));
                return;
            }
            Optional<byte[]> body = readBody(exchange);
            if (body == null) {
                send(exchange, error(exchange, headers, query, ApiException.tooLarge("the request body is larger than "
                        + maxBodyBytes + " bytes")));
                return;
            }
            Object bodyValue = route.binaryBody() ? body : body.map(b -> new String(b, StandardCharsets.UTF_8));
            var request = new LocalHttpRequest<>(exchange.getRequestURI(), HttpMethod.value(method), headers, query, bodyValue);
            Map<String, String> bindingData = new HashMap<>(query);
            bindingData.putAll(values.get());
            try {
                Object result = invoker.invoke(route.function(), request, bindingData);
                send(exchange, (HttpResponseMessage) result);
            } catch (Exception e) {
                LOG.log(Level.SEVERE, "function " + route.function().name() + " threw", e);
                send(exchange, error(exchange, headers, query, new ApiException(500, "internal_error",
                        "the function failed: " + e.getClass().getSimpleName(), Map.of())));
            }
            return;
        }
        ApiException notFound = pathMatched
                ? new ApiException(405, "method_not_allowed", method + " is not allowed on /api/" + rawPath, Map.of())
                : ApiException.notFound("no API route /api/" + rawPath);
        send(exchange, error(exchange, headers, query, notFound));
    }

    /** The body, empty when there is none, or null when it is over the limit (read no further than that). */
    /**
     * The body, or null when it is larger than allowed. With a Content-Length (what clients send for
     * a body they hold) it is read into an array of that size: reading "up to the limit" fills 16 KB
     * buffers first, which for a one-row predict was most of what a request allocated (a JFR recording
     * under load), and so most of the collector's work.
     */
    private Optional<byte[]> readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            long declared = contentLength(exchange);
            if (declared > maxBodyBytes) return null;
            byte[] body = declared >= 0 ? in.readNBytes((int) declared) : in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
            if (body.length > maxBodyBytes) return null;
            return body.length == 0 ? Optional.empty() : Optional.of(body);
        }
    }

    /** The request's Content-Length, or -1 when it has none (a chunked body) or one that is not a number. */
    private static long contentLength(HttpExchange exchange) {
        String value = exchange.getRequestHeaders().getFirst("Content-Length");
        try {
            return value == null ? -1 : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static HttpResponseMessage error(HttpExchange exchange, Map<String, String> headers, Map<String, String> query,
                                             ApiException e) {
        var request = new LocalHttpRequest<>(exchange.getRequestURI(), null, headers, query, Optional.empty());
        return HttpResponses.error(request, e);
    }

    private static void send(HttpExchange exchange, HttpResponseMessage response) throws IOException {
        byte[] body = switch (response.getBody()) {
            case null -> new byte[0];
            case byte[] bytes -> bytes;
            case String text -> text.getBytes(StandardCharsets.UTF_8);
            case Object other -> Json.compact(other); // not indented: indentation costs bytes and time on every answer
        };
        ((LocalHttpResponse) response).headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        exchange.sendResponseHeaders(response.getStatusCode(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static Map<String, String> headers(HttpExchange exchange) {
        Map<String, String> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
        return headers;
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> query = new HashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null) return query;
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            query.putIfAbsent(name, value);
        }
        return query;
    }

    /** An HTTP function with its parsed route and accepted methods. */
    record Route(FunctionDefinition function, HttpTrigger trigger, RouteTemplate template, List<String> methods,
                 boolean binaryBody) {
        static Route of(FunctionDefinition function) {
            HttpTrigger trigger = function.trigger(HttpTrigger.class);
            String route = trigger.route().isEmpty() ? function.name() : trigger.route();
            List<String> methods = new ArrayList<>();
            for (HttpMethod m : trigger.methods()) methods.add(m.name());
            if (methods.isEmpty()) methods.addAll(List.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"));
            return new Route(function, trigger, RouteTemplate.parse(route), methods, isBinary(function, trigger));
        }

        /** byte[] bodies for {@code dataType = "binary"} or an {@code HttpRequestMessage<Optional<byte[]>>} parameter. */
        private static boolean isBinary(FunctionDefinition function, HttpTrigger trigger) {
            if ("binary".equalsIgnoreCase(trigger.dataType())) return true;
            for (var parameter : function.method().getParameters()) {
                if (parameter.isAnnotationPresent(HttpTrigger.class)) return parameter.getParameterizedType().getTypeName().contains("byte[]");
            }
            return false;
        }
    }
}
