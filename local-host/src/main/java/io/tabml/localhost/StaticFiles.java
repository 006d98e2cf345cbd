package io.tabml.localhost;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Serves the static web app's folder at {@code /}, as the Static Web App does in Azure, with the
 * {@code globalHeaders} of its {@code staticwebapp.config.json} (the security headers); never
 * anything outside that folder.
 */
final class StaticFiles {
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8", "mjs", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8", "json", "application/json", "svg", "image/svg+xml", "png", "image/png",
            "ico", "image/x-icon", "txt", "text/plain; charset=utf-8");

    private final Path root;
    private final Map<String, String> globalHeaders;

    StaticFiles(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.globalHeaders = globalHeaders(this.root.resolve("staticwebapp.config.json"));
    }

    private static Map<String, String> globalHeaders(Path config) {
        if (!Files.isRegularFile(config)) return Map.of();
        try {
            Map<String, String> headers = new java.util.LinkedHashMap<>();
            io.tabml.storage.Json.MAPPER.readTree(config.toFile()).path("globalHeaders").fields()
                    .forEachRemaining(e -> headers.put(e.getKey(), e.getValue().asText()));
            return headers;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("unreadable " + config, e);
        }
    }

    void serve(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            respond(exchange, 405, "text/plain; charset=utf-8", "method not allowed".getBytes());
            return;
        }
        String path = exchange.getRequestURI().getPath();
        Path file = resolve(path);
        if (file == null || !file.startsWith(root) || !Files.isRegularFile(file)) {
            respond(exchange, 404, "text/plain; charset=utf-8", ("not found: " + path).getBytes());
            return;
        }
        String name = file.getFileName().toString();
        String extension = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT) : "";
        respond(exchange, 200, TYPES.getOrDefault(extension, "application/octet-stream"), Files.readAllBytes(file));
    }

    /** The file a request path names, or null when no file could have that name (a NUL, say). */
    private Path resolve(String path) {
        try {
            return root.resolve(path.equals("/") ? "index.html" : path.substring(1)).normalize();
        } catch (java.nio.file.InvalidPathException e) {
            return null;
        }
    }

    private void respond(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        globalHeaders.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
