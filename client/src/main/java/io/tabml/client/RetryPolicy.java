package io.tabml.client;

import java.time.Duration;

/**
 * How idempotent calls are retried when the API answers 429 (throttled) or 503 (unavailable):
 * up to {@code maxAttempts} in all, waiting {@code initialDelay}, then twice as long each time up
 * to {@code maxDelay}, with jitter so that many clients do not retry in step. A {@code Retry-After}
 * header in seconds is honoured when it asks for longer (up to {@code maxDelay}).
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, Duration maxDelay) {
    /** Four attempts over about three seconds: enough for a cold start or a short throttle. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(4, Duration.ofMillis(400), Duration.ofSeconds(5));

    public RetryPolicy {
        if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        if (initialDelay.isNegative() || maxDelay.isNegative()) throw new IllegalArgumentException("delays must not be negative");
    }

    /** The wait before attempt {@code attempt + 1}, after {@code attempt} failed ones (1-based). */
    Duration delay(int attempt, Duration retryAfter, double jitter) {
        long exponential = initialDelay.toMillis() << Math.min(attempt - 1, 20);
        long wanted = Math.max((long) (exponential * (0.5 + jitter / 2)), retryAfter == null ? 0 : retryAfter.toMillis());
        return Duration.ofMillis(Math.min(wanted, maxDelay.toMillis()));
    }
}
