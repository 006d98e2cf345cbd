package io.tabml.registry;

import java.time.Instant;

/** {@code models/<model>/champion.json}: the version /predict serves, since when and why. */
public record Champion(int version, Instant promotedAt, String reason) {}
