package io.tabml.client;

import java.time.Instant;

/** The version a model serves, since when and why. */
public record Champion(int version, Instant promotedAt, String reason) {}
