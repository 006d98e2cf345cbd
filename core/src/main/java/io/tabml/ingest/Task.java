package io.tabml.ingest;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What kind of model a target asks for: classes, or a number. It lives in ingest, beside
 * {@link Target}, because validation already needs it (a regression target is checked by other
 * rules than a classification one) and ingest may not use the training package.
 */
public enum Task {
    CLASSIFICATION("classification"), REGRESSION("regression");

    /** How {@code config.json} asks for the task to be read from the target's values ({@link TargetProfile#choose}). */
    public static final String AUTO = "auto";

    private final String id;

    Task(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }

    @JsonCreator
    public static Task of(String id) {
        for (Task task : values()) {
            if (task.id.equals(id.toLowerCase(Locale.ROOT))) return task;
        }
        throw new IllegalArgumentException("unknown task '" + id + "' (known: " + String.join(", ", ids()) + ")");
    }

    /** Every task's id and {@value #AUTO}: what {@code config.json} accepts. */
    public static List<String> ids() {
        return java.util.stream.Stream.concat(Arrays.stream(values()).map(Task::id), java.util.stream.Stream.of(AUTO)).toList();
    }
}
