package io.tabml.registry;

import io.tabml.training.WindowStatus;
import java.time.Instant;
import java.util.List;

/**
 * A model's monitoring status as of its latest window, kept beside its versions so that the model
 * list shows it ({@code models/<model>/monitoring.json}).
 *
 * @param since when the status last changed to what it is
 */
public record MonitoringStatus(WindowStatus.Status status, List<String> reasons, Instant windowFrom, Instant windowTo, Instant since) {}
