package io.tabml.orchestration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tabml.jobs.InAppBackend;
import io.tabml.jobs.InAppRun;
import io.tabml.jobs.JobState;
import io.tabml.jobs.TrainingJob;
import io.tabml.storage.MessageQueue;
import io.tabml.testing.EndToEnd;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * In-app runs on real Azurite queues and blobs: the message is trained inside the call that received
 * it; a message whose host died with it comes back after its visibility timeout and starts the job
 * again, the lost run recorded; a job whose runs keep dying, or whose message the host poisons, fails
 * naming why.
 */
@EndToEnd
class InAppTrainingTest {
    final InAppFixture fixture = new InAppFixture();
    final JobRunner runner = fixture.runner(fixture.inApp);
    final InAppTraining training = new InAppTraining(fixture.jobs, runner, fixture.blobs, Clock.systemUTC());

    /** The next delivery of the test's queue, as the host's listener takes it (a lease of {@code lease}). */
    private MessageQueue.Message take(Duration lease) {
        return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> fixture.queue.receive(lease), java.util.Optional::isPresent).orElseThrow();
    }

    /** A host takes the message and dies: nothing deletes it, and it is delivered again once its lease runs out. */
    private MessageQueue.Message takenByAHostThatDies() {
        MessageQueue.Message first = take(Duration.ofSeconds(1));
        MessageQueue.Message again = take(Duration.ofSeconds(60));
        assertEquals(first.id(), again.id());
        assertEquals(first.dequeueCount() + 1, again.dequeueCount());
        return again;
    }

    @Test
    void aRunIsTrainedInsideTheInvocationAndThePollerRegistersIt() {
        TrainingJob job = runner.start(fixture.storedJob("plain", 600));
        MessageQueue.Message message = take(Duration.ofSeconds(60));

        InAppTraining.Outcome outcome = training.run(InAppRun.parse(message.text()), message.dequeueCount());

        assertEquals(InAppTraining.Outcome.Kind.TRAINED, outcome.kind(), outcome.detail());
        TrainingJob registered = runner.advance(fixture.jobs.get(job.id()).orElseThrow());
        assertEquals(JobState.Registered, registered.state(), String.valueOf(registered.error()));
        assertEquals("inapp", fixture.registry.load(fixture.model, registered.version()).orElseThrow().metadata().lineage().backend());
    }

    @Test
    void aRunWhoseHostDiedIsStartedAgainWithTheLossRecordedAndThenTrained() {
        TrainingJob job = runner.start(fixture.storedJob("recycled", 600));
        String lostRef = job.backendRef();
        MessageQueue.Message back = takenByAHostThatDies();

        InAppTraining.Outcome restarted = training.run(InAppRun.parse(back.text()), back.dequeueCount());
        fixture.queue.delete(back); // the invocation returned: the host deletes the message

        assertEquals(InAppTraining.Outcome.Kind.RESTARTED, restarted.kind(), restarted.detail());
        TrainingJob again = fixture.jobs.get(job.id()).orElseThrow();
        assertEquals(1, again.lostRuns().size());
        assertEquals(lostRef, again.lostRuns().get(0).backendRef());
        assertTrue(again.lostRuns().get(0).reason().contains("its queue message came back (delivery 2)"), again.lostRuns().get(0).reason());
        assertNotEquals(lostRef, again.backendRef());
        MessageQueue.Message fresh = take(Duration.ofSeconds(60));
        assertEquals(new InAppRun(job.id(), again.backendRef()), InAppRun.parse(fresh.text()));

        assertEquals(InAppTraining.Outcome.Kind.TRAINED, training.run(InAppRun.parse(fresh.text()), fresh.dequeueCount()).kind());
        TrainingJob registered = runner.advance(fixture.jobs.get(job.id()).orElseThrow());
        assertEquals(JobState.Registered, registered.state(), String.valueOf(registered.error()));
        assertEquals(1, registered.lostRuns().size());
    }

    @Test
    void aJobWhoseRunIsLostEveryTimeFailsAfterTheBoundNamingWhy() {
        TrainingJob job = runner.start(fixture.storedJob("doomed", 200));
        for (int run = 1; run <= JobRunner.MAX_RUNS; run++) {
            MessageQueue.Message back = takenByAHostThatDies();
            training.run(InAppRun.parse(back.text()), back.dequeueCount());
            fixture.queue.delete(back);
        }

        TrainingJob failed = fixture.jobs.get(job.id()).orElseThrow();
        assertEquals(JobState.Failed, failed.state());
        assertEquals(JobRunner.MAX_RUNS, failed.lostRuns().size());
        assertEquals("trainer_lost", failed.error().code());
        assertTrue(failed.error().message().contains("the run was lost " + JobRunner.MAX_RUNS + " times, so it is not started again"),
                failed.error().message());
        assertTrue(fixture.queue.receive(Duration.ofSeconds(1)).isEmpty(), "no run is started after the last");
    }

    @Test
    void aMessageTheHostPoisonedFailsItsJobNamingThePoisonQueue() {
        TrainingJob job = runner.start(fixture.storedJob("poisoned", 200));
        MessageQueue.Message message = take(Duration.ofSeconds(60));

        InAppTraining.Outcome outcome = training.poisoned(InAppRun.parse(message.text()));

        assertEquals(InAppTraining.Outcome.Kind.FAILED, outcome.kind());
        TrainingJob failed = fixture.jobs.get(job.id()).orElseThrow();
        assertEquals(JobState.Failed, failed.state());
        assertEquals("inapp_message_poisoned", failed.error().code());
        assertTrue(failed.error().message().contains(InAppBackend.POISON_QUEUE), failed.error().message());
    }

    @Test
    void theMessageOfACanceledJobIsDroppedUntrained() {
        TrainingJob job = runner.start(fixture.storedJob("canceled", 200));
        runner.cancel(job.id());
        MessageQueue.Message message = take(Duration.ofSeconds(60));

        InAppTraining.Outcome outcome = training.run(InAppRun.parse(message.text()), message.dequeueCount());

        assertEquals(InAppTraining.Outcome.Kind.DROPPED, outcome.kind(), outcome.detail());
        assertEquals(JobState.Canceled, fixture.jobs.get(job.id()).orElseThrow().state());
    }
}
