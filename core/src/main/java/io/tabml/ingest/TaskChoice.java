package io.tabml.ingest;

/**
 * The task a dataset is trained for, and the rule that decided it, in words (the config named it,
 * or what the target's values showed): reports keep it so that a person can see why a numeric
 * column was read as classes, or as a number.
 */
public record TaskChoice(Task task, String reason) {}
