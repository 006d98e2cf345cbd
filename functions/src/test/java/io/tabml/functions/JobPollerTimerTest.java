package io.tabml.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.tabml.jobs.JobState;
import io.tabml.jobs.TrainingJob;
import io.tabml.orchestration.JobRunner;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each timer tick advances the running jobs once and logs every job that changed. */
class JobPollerTimerTest {
    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");

    private final JobRunner runner = mock(JobRunner.class);
    private final JobPollerTimer timer = new JobPollerTimer(new Services(null, null, null, null, runner, null, null, null, null, null, null, null, null));
    private final FunctionMocks.Invocation invocation = new FunctionMocks.Invocation();

    @Test
    void eachChangedJobIsLoggedWithItsOutcome() {
        TrainingJob submitted = TrainingJob.submitted("job-1", "churn", null, null, NOW);
        when(runner.pollActive()).thenReturn(List.of(
                submitted.registered(4, "champion", NOW, NOW),
                TrainingJob.submitted("job-2", "fraud", null, null, NOW)
                        .ended(JobState.Failed, new TrainingJob.JobError("trainer_crashed", "out of memory", null), NOW)));

        timer.poll("{}", invocation.context);

        verify(runner).pollActive();
        List<String> logged = invocation.messages();
        assertEquals(2, logged.size());
        assertTrue(logged.get(0).contains("job-1") && logged.get(0).contains("Registered") && logged.get(0).contains("version 4"),
                logged.get(0));
        assertTrue(logged.get(1).contains("job-2") && logged.get(1).contains("Failed") && logged.get(1).contains("out of memory"),
                logged.get(1));
    }

    @Test
    void aTickThatChangesNothingLogsNothing() {
        when(runner.pollActive()).thenReturn(List.of());

        timer.poll("{}", invocation.context);

        verify(runner).pollActive();
        assertTrue(invocation.logs.isEmpty(), invocation.messages()::toString);
    }
}
