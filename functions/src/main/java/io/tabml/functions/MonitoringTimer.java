package io.tabml.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.TimerTrigger;

/**
 * Hourly ({@code MONITORING_SCHEDULE}): read each model's latest windows of predictions, judge them,
 * keep each model's status. Each status change is logged as a warning through the invocation's
 * logger, which the Functions host sends to Application Insights as a trace; the alert rule of
 * {@code infra/bicep/core/alerts.bicep} looks for {@link #STATUS_CHANGE} in those traces.
 */
public class MonitoringTimer {
    /** What a status change's log line starts with; the alert rule's query searches for it. */
    static final String STATUS_CHANGE = "tabml-monitoring-status-changed";

    private final Services services;

    /** The Functions host creates function classes with their no-argument constructor. */
    public MonitoringTimer() {
        this(Services.get());
    }

    public MonitoringTimer(Services services) {
        this.services = services;
    }

    @FunctionName("monitorModels")
    public void monitor(@TimerTrigger(name = "timer", schedule = "%MONITORING_SCHEDULE%") String timerInfo, ExecutionContext context) {
        var windows = services.monitoring().run(change -> context.getLogger().warning(STATUS_CHANGE + " model=" + change.model()
                + " from=" + change.from() + " to=" + change.to().status() + " window=" + change.to().windowFrom() + ": "
                + String.join("; ", change.to().reasons())));
        for (var window : windows) {
            context.getLogger().info("monitoring " + window.model() + " " + window.from() + ": " + window.predictions() + " predictions, "
                    + window.status().status());
        }
    }
}
