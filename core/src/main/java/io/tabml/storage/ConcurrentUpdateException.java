package io.tabml.storage;

/** A conditional write lost a race: someone else changed the blob since it was read. */
public class ConcurrentUpdateException extends RuntimeException {
    public ConcurrentUpdateException(String blob, Throwable cause) {
        super("blob changed concurrently: " + blob, cause);
    }
}
