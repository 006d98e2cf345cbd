package io.tabml.monitoring;

import com.github.f4b6a3.ulid.Ulid;
import com.github.f4b6a3.ulid.UlidFactory;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Prediction ids are ULIDs (26 characters of Crockford base 32: 48 bits of milliseconds, then 80
 * random bits): unique without coordination between instances, sortable by time, and carrying
 * the time of the prediction, so that its partition of the prediction log is read from the id
 * itself ({@link PredictionTable#partitionKey}). Ids made within one millisecond by one instance
 * increase (the monotonic variant), which keeps a batch's ids in row order.
 */
public final class PredictionIds {
    private final UlidFactory factory;

    public PredictionIds(Clock clock) {
        this.factory = UlidFactory.newMonotonicInstance(new SecureRandom(), clock::millis);
    }

    public String next() {
        return factory.create().toString();
    }

    /** The id in its canonical (upper-case) spelling, or empty when it is not a ULID. */
    public static Optional<String> canonical(String id) {
        return id != null && Ulid.isValid(id) ? Optional.of(Ulid.from(id).toString()) : Optional.empty();
    }

    /** When the prediction was made: the id's time. */
    public static Instant time(String id) {
        return Ulid.getInstant(id);
    }

    /**
     * Whether a prediction is logged at this sampling rate. Decided by the id rather than by a die
     * roll so that the decision can be told again later (feedback on an id says it was sampled
     * out). The ids of a batch share their time and count up in their last bits, so those bits are
     * mixed first (the SplitMix64 finaliser) into a uniform fraction in [0, 1).
     */
    public static boolean sampled(String id, double rate) {
        if (rate >= 1) return true;
        if (rate <= 0) return false;
        long z = Ulid.from(id).getLeastSignificantBits();
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        z = z ^ (z >>> 31);
        return (z >>> 11) * 0x1.0p-53 < rate;
    }
}
