package io.tabml.training;

import java.time.Instant;

/** The trainer's {@code progress.json}: the stage it is in and how far along it is (0-100). */
public record TrainingProgress(String stage, int percent, Instant updatedAt) {}
