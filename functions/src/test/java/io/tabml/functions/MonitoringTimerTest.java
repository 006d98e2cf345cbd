package io.tabml.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.tabml.orchestration.ModelMonitoring;
import io.tabml.registry.MonitoringStatus;
import io.tabml.training.WindowStatus;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/** The monitoring timer logs each status change, the line the alert rule in Bicep searches for. */
class MonitoringTimerTest {
    private final ModelMonitoring monitoring = mock(ModelMonitoring.class);
    private final MonitoringTimer timer = new MonitoringTimer(new Services(null, null, null, null, null, null, null, null, null, null, monitoring, null, null));
    private final FunctionMocks.Invocation invocation = new FunctionMocks.Invocation();

    @Test
    @SuppressWarnings("unchecked")
    void aStatusChangeIsLoggedAsAWarningWithTheAlertsPrefix() {
        Instant from = Instant.parse("2026-11-30T09:00:00Z");
        var drifting = new MonitoringStatus(WindowStatus.Status.drifting, List.of("feature age drifted: population stability index 0.310 (threshold 0.25)"),
                from, from.plusSeconds(3600), from.plusSeconds(3900));
        when(monitoring.run(any())).thenAnswer(call -> {
            call.getArgument(0, Consumer.class).accept(new ModelMonitoring.StatusChange("churn", WindowStatus.Status.ok, drifting));
            return List.of();
        });

        timer.monitor("{}", invocation.context);

        var warnings = invocation.logs.stream().filter(r -> r.getLevel() == Level.WARNING).toList();
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).getMessage().startsWith(MonitoringTimer.STATUS_CHANGE + " model=churn from=ok to=drifting"),
                warnings.get(0).getMessage());
    }
}
