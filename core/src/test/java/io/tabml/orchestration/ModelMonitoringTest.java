package io.tabml.orchestration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tabml.errors.InvalidInputException;
import io.tabml.errors.NotFoundException;
import io.tabml.monitoring.ModelWindow;
import io.tabml.training.WindowStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitoring job on Azurite: a real model, predictions written to the real prediction table
 * hour by hour, windows judged, stored and answered, and status changes reported.
 */
class ModelMonitoringTest {
    static final Instant START = Instant.parse("2026-11-02T00:00:00Z");

    @TempDir
    static Path dir;

    static MonitoredModel fixture;
    static String model;

    @BeforeAll
    static void trainAndRegister() throws Exception {
        fixture = new MonitoredModel("monitor", dir);
        model = fixture.model;
    }

    private static ModelMonitoring monitoring(Instant now) {
        return fixture.monitoring(now);
    }

    private static void logHour(Instant hour, long seed, int rows, int labelled, UnaryOperator<Map<String, Object>> change) {
        fixture.logHour(hour, seed, rows, labelled, change);
    }

    private static List<ModelWindow> ours(List<ModelWindow> windows) {
        return windows.stream().filter(window -> window.model().equals(model)).toList();
    }

    private static Map<String, Object> tripleMileage(Map<String, Object> input) {
        if (input.get("annual_mileage_km") instanceof Double km) input.put("annual_mileage_km", km * 3);
        return input;
    }

    @Test
    void aDayOfSteadyTrafficRaisesNoAlarmAndAShiftIsFlaggedInItsFirstWindowOnTheRightFeature() {
        for (int h = 0; h < 24; h++) logHour(START.plus(Duration.ofHours(h)), 100 + h, 150, h == 3 ? 120 : 0, UnaryOperator.identity());
        logHour(START.plus(Duration.ofHours(24)), 200, 150, 0, ModelMonitoringTest::tripleMileage);

        List<ModelMonitoring.StatusChange> changes = new ArrayList<>();
        // the shared storage holds other tests' models too: this test reads its own model's part of each run
        List<ModelWindow> day = ours(monitoring(START.plus(Duration.ofHours(24)).plusSeconds(300)).run(changes::add));
        assertEquals(24, day.size(), "a model read for the first time gets the last day");
        for (ModelWindow window : day) {
            assertEquals(WindowStatus.Status.ok, window.status().status(), window.from() + ": " + window.status().reasons());
            assertEquals(150, window.predictions());
        }
        // hour 3 had feedback: live metrics beside the holdout's, and quality judged
        var live = day.get(3).versions().get(0).summary().live();
        assertEquals(120, live.labelled());
        assertEquals(live.holdout().accuracy(), live.accuracy(), 0.1);
        assertTrue(day.get(3).status().reasons().stream().noneMatch(r -> r.contains("labelled predictions, fewer")),
                day.get(3).status().reasons().toString());

        // an hour later: the last stored window again (feedback comes late), and the new one
        List<ModelWindow> next = ours(monitoring(START.plus(Duration.ofHours(25)).plusSeconds(300)).run(changes::add));
        assertEquals(List.of(START.plus(Duration.ofHours(23)), START.plus(Duration.ofHours(24))), next.stream().map(ModelWindow::from).toList());
        ModelWindow shifted = next.get(1);
        assertEquals(WindowStatus.Status.drifting, shifted.status().status());
        assertTrue(shifted.status().reasons().get(0).startsWith("feature annual_mileage_km drifted"), shifted.status().reasons().toString());
        assertEquals(1, shifted.status().reasons().stream().filter(r -> r.startsWith("feature ")).count(), "only that feature");

        changes.removeIf(change -> !change.model().equals(model));
        assertEquals(2, changes.size(), "none to ok, then ok to drifting: " + changes);
        assertNull(changes.get(0).from());
        assertEquals(WindowStatus.Status.ok, changes.get(1).from());
        assertEquals(WindowStatus.Status.drifting, changes.get(1).to().status());
        var status = fixture.registry.monitoringStatus(model).orElseThrow();
        assertEquals(WindowStatus.Status.drifting, status.status());
        assertEquals(START.plus(Duration.ofHours(24)), status.windowFrom());

        // the API's view: the stored windows of a range, and the model's status; an hour without traffic
        monitoring(START.plus(Duration.ofHours(26)).plusSeconds(300)).run(changes::add);
        var report = monitoring(START.plus(Duration.ofHours(27))).report(model, START.plus(Duration.ofHours(20)), null);
        assertEquals(6, report.windows().size(), "hours 20 to 25");
        assertEquals(WindowStatus.Status.drifting, report.windows().get(4).status().status());
        ModelWindow quiet = report.windows().get(5);
        assertEquals(0, quiet.predictions());
        assertEquals(WindowStatus.Status.ok, quiet.status().status(), "a window without traffic has nothing to alarm on");
        assertTrue(quiet.status().reasons().get(0).startsWith("0 predictions, fewer than the 100"), quiet.status().reasons().toString());
        assertEquals(WindowStatus.Status.ok, report.status().status(), "the latest window speaks for the model");
    }

    @Test
    void anUnknownModelAndAWrongRangeAreRefused() {
        var job = monitoring(START);
        assertThrows(NotFoundException.class, () -> job.report("no-such-model", null, null));
        assertThrows(InvalidInputException.class, () -> job.report(model, START, START));
        assertThrows(InvalidInputException.class, () -> job.report(model, START, START.plus(Duration.ofDays(40))));
        assertEquals(List.of(), job.report(model, START.minus(Duration.ofDays(3)), START.minus(Duration.ofDays(2))).windows(),
                "nothing stored that far back");
    }
}
