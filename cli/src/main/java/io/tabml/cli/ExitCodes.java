package io.tabml.cli;

import io.tabml.client.TabmlApiException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The exit codes scripts can rely on; {@code tabml --help} and the README list them. */
final class ExitCodes {
    static final int OK = 0;
    /** A server error (5xx) or an answer the CLI cannot read. */
    static final int ERROR = 1;
    /** Bad options or arguments, no API URL configured, an input file that cannot be read. */
    static final int USAGE = 2;
    /** The API refused the request (400, 409, 413, 415), or there is nothing to roll back to. */
    static final int REFUSED = 3;
    /** No key or a wrong key (401, 403). */
    static final int UNAUTHORIZED = 4;
    /** No such model, version or job (404). */
    static final int NOT_FOUND = 5;
    /** {@code upload --wait}: the job ended without a new version (rejected, failed or canceled). */
    static final int JOB_UNSUCCESSFUL = 6;
    /** The API cannot be reached, or stayed busy (429, 503) through the retries. */
    static final int UNAVAILABLE = 7;
    /** {@code upload --wait}: the job had not ended when the timeout passed. */
    static final int TIMED_OUT = 8;

    /** As {@code tabml --help} lists them. */
    static final Map<String, String> DESCRIPTIONS = descriptions();

    private ExitCodes() {}

    private static Map<String, String> descriptions() {
        Map<String, String> codes = new LinkedHashMap<>();
        codes.put(Integer.toString(OK), "success");
        codes.put(Integer.toString(ERROR), "server error (5xx) or an answer the CLI cannot read");
        codes.put(Integer.toString(USAGE), "usage: bad options or arguments, no API URL, unreadable input file");
        codes.put(Integer.toString(REFUSED), "refused by the API (400, 409, 413, 415) or nothing to roll back to");
        codes.put(Integer.toString(UNAUTHORIZED), "unauthorized: no key or a wrong key (401, 403)");
        codes.put(Integer.toString(NOT_FOUND), "not found: no such model, version or job (404)");
        codes.put(Integer.toString(JOB_UNSUCCESSFUL), "upload --wait: the job was rejected, failed or was canceled");
        codes.put(Integer.toString(UNAVAILABLE), "the API cannot be reached, or stayed busy (429, 503) through the retries");
        codes.put(Integer.toString(TIMED_OUT), "upload --wait: the job had not ended when --timeout passed");
        return codes;
    }

    static int of(TabmlApiException e) {
        return switch (e.status()) {
            case 401, 403 -> UNAUTHORIZED;
            case 404 -> NOT_FOUND;
            case 429, 503 -> UNAVAILABLE;
            default -> e.status() >= 400 && e.status() < 500 ? REFUSED : ERROR;
        };
    }
}
