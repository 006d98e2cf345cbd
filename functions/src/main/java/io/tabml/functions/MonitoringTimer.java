package io.tabml.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.TimerTrigger;

/** Hourly ({@code MONITORING_SCHEDULE}): read each model's latest windows of predictions, judge them, keep each model's status. */
public class MonitoringTimer {
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
        for (var window : services.monitoring().run()) {
            context.getLogger().info("monitoring " + window.model() + " " + window.from() + ": " + window.predictions() + " predictions, "
                    + window.status().status());
        }
    }
}
