package io.tabml.monitoring;

import com.github.f4b6a3.ulid.Ulid;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;

/**
 * Prediction ids are ULIDs (26 characters of Crockford base 32: 48 bits of milliseconds, then 80
 * random bits): unique without coordination between instances and carrying a time, so that the
 * partition of the prediction log that holds a prediction is read from its id
 * ({@link PredictionTable#partitionKey}).
 *
 * <p>A logged prediction's id also names its place in the log: the log packs predictions into
 * pages, one table entity each ({@link PredictionTable}), and the ids of one page differ only in
 * their last {@value #SLOT_BITS} bits, which number the prediction's slot in the page. A page's
 * time is when its first prediction was made. Ids that no page holds (predictions that were not
 * logged) are plain random ULIDs.
 */
public final class PredictionIds {
    /** The bits of an id that number its slot in its page. */
    public static final int SLOT_BITS = 10;
    private static final long SLOT_MASK = (1L << SLOT_BITS) - 1;

    private final Clock clock;
    private final Random random = new SecureRandom();

    public PredictionIds(Clock clock) {
        this.clock = clock;
    }

    /** An id for a prediction that is not logged. */
    public String next() {
        return random(clock.millis()).toString();
    }

    /** A new page made at {@code time}: the id of its slot 0. */
    Ulid newPage(Instant time) {
        Ulid ulid = random(time.toEpochMilli());
        return new Ulid(ulid.getMostSignificantBits(), ulid.getLeastSignificantBits() & ~SLOT_MASK);
    }

    private Ulid random(long millis) {
        byte[] bits = new byte[10];
        random.nextBytes(bits);
        return new Ulid(millis, bits);
    }

    /** The id of a slot of a page. */
    static String inPage(String page, int slot) {
        return inPage(Ulid.from(page), slot);
    }

    /** The id of a slot of a page, from the page's id as bits: made for every logged prediction, so not parsed from text. */
    static String inPage(Ulid page, int slot) {
        return new Ulid(page.getMostSignificantBits(), (page.getLeastSignificantBits() & ~SLOT_MASK) | slot).toString();
    }

    /** The page that holds the prediction with this id, if it is logged: the id of the page's slot 0. */
    public static String page(String id) {
        return inPage(id, 0);
    }

    /** The prediction's slot in its page. */
    public static int slot(String id) {
        return (int) (Ulid.from(id).getLeastSignificantBits() & SLOT_MASK);
    }

    /** The id in its canonical (upper-case) spelling, or empty when it is not a ULID. */
    public static Optional<String> canonical(String id) {
        return id != null && Ulid.isValid(id) ? Optional.of(Ulid.from(id).toString()) : Optional.empty();
    }

    /** The id's time: when the prediction was made, or, for a logged one, the first prediction of its page (in the same hour). */
    public static Instant time(String id) {
        return Ulid.getInstant(id);
    }
}
