package io.tabml.localhost;

import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.HttpStatusType;
import java.net.URI;
import java.util.Map;

/** An HTTP request as a function sees it; header names are lower case, as the worker delivers them. */
record LocalHttpRequest<T>(URI uri, HttpMethod method, Map<String, String> headers, Map<String, String> query, T body)
        implements HttpRequestMessage<T> {

    @Override
    public URI getUri() {
        return uri;
    }

    @Override
    public HttpMethod getHttpMethod() {
        return method;
    }

    @Override
    public Map<String, String> getHeaders() {
        return headers;
    }

    @Override
    public Map<String, String> getQueryParameters() {
        return query;
    }

    @Override
    public T getBody() {
        return body;
    }

    @Override
    public HttpResponseMessage.Builder createResponseBuilder(HttpStatus status) {
        return new LocalHttpResponse.Builder().status(status);
    }

    @Override
    public HttpResponseMessage.Builder createResponseBuilder(HttpStatusType status) {
        return new LocalHttpResponse.Builder().status(status);
    }
}
