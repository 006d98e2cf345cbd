package io.tabml.monitoring;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.tabml.training.LiveWindow;
import io.tabml.training.WindowStatus;
import java.time.Instant;
import java.util.List;

/**
 * A model's predictions in one window of time, as the monitoring job read them: the model's status
 * for the window and why, then each version that answered in it, read against its own training rows
 * and holdout.
 *
 * @param status the status of the version that counts: the champion when it answered in the window,
 *               else the version that answered most
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelWindow(String model, Instant from, Instant to, Instant computedAt, long predictions, WindowStatus status,
                          List<VersionWindow> versions) {

    /**
     * One version's part of the window; {@code summary} and {@code status} are null (and {@code note}
     * says why) for a version whose report has no drift reference.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record VersionWindow(int version, long predictions, LiveWindow.Summary summary, WindowStatus status, String note) {}
}
