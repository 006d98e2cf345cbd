package io.tabml.ingest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.DeserializationFeature;
import java.io.IOException;
import io.tabml.storage.Sha256;

/**
 * The per-model training settings from {@code datasets/<model>/config.json}; every key is optional.
 *
 * @param targetColumn  the column to predict (default {@code target})
 * @param positiveClass the class whose probability is the score (default: the minority class)
 * @param seed          random seed for splits and learners (default 42)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = false)
public record TrainingConfig(String targetColumn, String positiveClass, Long seed) {
    public static final TrainingConfig DEFAULTS = new TrainingConfig("target", null, 42L);

    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public TrainingConfig {
        if (targetColumn == null || targetColumn.isBlank()) targetColumn = "target";
        if (seed == null) seed = 42L;
    }

    /** Parses a config document; an invalid one is a rejection that says what is wrong. */
    public static TrainingConfig parse(byte[] json) {
        try {
            TrainingConfig config = STRICT.readValue(json, TrainingConfig.class);
            if (config == null) throw new DatasetRejectedException("invalid_config", "config.json is empty");
            return config;
        } catch (JsonProcessingException e) {
            throw new DatasetRejectedException("invalid_config", "config.json is not valid: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new DatasetRejectedException("invalid_config", "config.json could not be read: " + e.getMessage());
        }
    }

    /** A stable fingerprint of the settings, part of the dedupe key of a training run. */
    public String fingerprint() {
        return Sha256.of(targetColumn + "\n" + positiveClass + "\n" + seed);
    }
}
