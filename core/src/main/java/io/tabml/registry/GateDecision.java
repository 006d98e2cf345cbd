package io.tabml.registry;

/** The quality gate's verdict on a new version: promoted or not, and why. */
public record GateDecision(boolean promote, String reason) {}
