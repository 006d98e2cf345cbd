package io.tabml.client;

/** What the API did with feedback: entries received, newly recorded, and already recorded with the same class. */
public record FeedbackReceipt(String model, int received, int recorded, int unchanged) {}
