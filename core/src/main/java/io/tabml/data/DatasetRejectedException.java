package io.tabml.data;

/**
 * An upload that cannot be trained on. The code is stable (for programs), the message is for the
 * person who uploaded the file, and the line (1-based, header = line 1) says where, when it applies.
 */
public class DatasetRejectedException extends RuntimeException {
    private final String code;
    private final Long line;

    public DatasetRejectedException(String code, String message, Long line) {
        super(message);
        this.code = code;
        this.line = line;
    }

    public DatasetRejectedException(String code, String message) {
        this(code, message, null);
    }

    public String code() {
        return code;
    }

    /** The line the problem is on, or null when it concerns the whole file. */
    public Long line() {
        return line;
    }
}
