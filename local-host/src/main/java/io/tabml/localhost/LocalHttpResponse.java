package io.tabml.localhost;

import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatusType;
import java.util.LinkedHashMap;
import java.util.Map;

/** A function's HTTP response, built through {@link HttpResponseMessage.Builder}. */
final class LocalHttpResponse implements HttpResponseMessage {
    private final HttpStatusType status;
    private final Map<String, String> headers;
    private final Object body;

    private LocalHttpResponse(HttpStatusType status, Map<String, String> headers, Object body) {
        this.status = status;
        this.headers = Map.copyOf(headers);
        this.body = body;
    }

    @Override
    public HttpStatusType getStatus() {
        return status;
    }

    @Override
    public String getHeader(String key) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(key))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    Map<String, String> headers() {
        return headers;
    }

    @Override
    public Object getBody() {
        return body;
    }

    static final class Builder implements HttpResponseMessage.Builder {
        private HttpStatusType status;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private Object body;

        @Override
        public Builder status(HttpStatusType status) {
            this.status = status;
            return this;
        }

        @Override
        public Builder header(String key, String value) {
            headers.put(key, value);
            return this;
        }

        @Override
        public Builder body(Object body) {
            this.body = body;
            return this;
        }

        @Override
        public HttpResponseMessage build() {
            if (status == null) throw new IllegalStateException("response has no status");
            return new LocalHttpResponse(status, headers, body);
        }
    }
}
