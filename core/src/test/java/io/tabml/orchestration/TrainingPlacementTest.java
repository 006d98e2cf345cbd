package io.tabml.orchestration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tabml.jobs.InAppRun;
import io.tabml.jobs.JobState;
import io.tabml.jobs.RoutingBackend;
import io.tabml.jobs.RunStatus;
import io.tabml.jobs.TrainingBackend;
import io.tabml.jobs.TrainingJob;
import io.tabml.storage.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * TRAINING_BACKEND=auto: the job runner asks the routing backend where each job trains, records the
 * choice and its reason in the job before the run starts, and follows the run on the backend chosen.
 */
class TrainingPlacementTest {
    final InAppFixture fixture = new InAppFixture();
    /** Azure ML as the runner sees it: this test needs its name and its calls, not a workspace. */
    final List<String> submittedToAzureMl = new ArrayList<>();
    final TrainingBackend azureMl = new TrainingBackend() {
        public String name() {
            return "azureml";
        }

        public String submit(TrainingJob job) {
            submittedToAzureMl.add(job.id());
            return "tabml-" + job.id();
        }

        public RunStatus poll(TrainingJob job) {
            return RunStatus.running("running", 10);
        }

        public void cancel(TrainingJob job) {
        }
    };

    @Test
    void aDatasetWithinTheThresholdTrainsInTheAppAndALargerOneOnAzureMlEachWithItsReason() {
        TrainingJob small = fixture.storedJob("small", 200);
        TrainingJob large = fixture.storedJob("large", 2000);
        long threshold = small.dataset().bytes();
        JobRunner runner = fixture.runner(new RoutingBackend(fixture.inApp, azureMl, threshold));

        TrainingJob inApp = runner.start(small);
        TrainingJob onAzureMl = runner.start(large);

        assertEquals("inapp", inApp.backend());
        assertEquals("inapp", inApp.placement().backend());
        assertTrue(inApp.placement().reason().contains("within INAPP_TRAINING_MAX_BYTES (" + String.format("%,d", threshold)),
                inApp.placement().reason());
        assertTrue(inApp.backendRef().startsWith("inapp:"), inApp.backendRef());
        var message = fixture.queue.receive(Duration.ofSeconds(30)).orElseThrow();
        assertEquals(new InAppRun(small.id(), inApp.backendRef()), InAppRun.parse(message.text()));

        assertEquals("azureml", onAzureMl.backend());
        assertTrue(onAzureMl.placement().reason().contains("more than INAPP_TRAINING_MAX_BYTES"), onAzureMl.placement().reason());
        assertEquals(List.of(large.id()), submittedToAzureMl);
        assertEquals("tabml-" + large.id(), onAzureMl.backendRef());

        String stored = new String(Json.write(fixture.jobs.get(large.id()).orElseThrow()));
        assertTrue(stored.contains("\"placement\"") && stored.contains("more than INAPP_TRAINING_MAX_BYTES"), "GET /api/jobs/{id} shows it: " + stored);
        assertEquals(JobState.Running, runner.advance(onAzureMl).state(), "the runner follows an Azure ML run under auto");
    }

    @Test
    void aTimeBudgetLongerThanAnInvocationTakesOnGoesToAzureMlWhateverTheSize() {
        TrainingJob job = fixture.storedJob("patient", 200);
        var patient = new io.tabml.training.TrainingConfig(null, null, List.of("logistic-regression"), null, 2, null,
                RoutingBackend.MAX_INAPP_TIME_BUDGET_SECONDS + 1);
        fixture.jobs.update(job.id(), j -> new TrainingJob(j.id(), j.model(), j.state(), j.stage(), j.progress(), j.dataset(), patient,
                j.backend(), j.backendRef(), j.version(), j.error(), j.message(), j.createdAt(), j.updatedAt(), j.startedAt(), j.endedAt(),
                j.registrar(), j.drift(), j.timeline(), j.lostRuns(), j.placement()));

        TrainingJob started = fixture.runner(new RoutingBackend(fixture.inApp, azureMl, 1L << 30)).start(fixture.jobs.get(job.id()).orElseThrow());

        assertEquals("azureml", started.backend());
        assertTrue(started.placement().reason().contains("time budget of 1801 s"), started.placement().reason());
    }
}
