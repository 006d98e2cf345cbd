package io.tabml.functions;

import static io.tabml.functions.FunctionMocks.assertError;
import static io.tabml.functions.FunctionMocks.get;
import static io.tabml.functions.FunctionMocks.response;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import io.tabml.errors.NotFoundException;
import io.tabml.jobs.JobState;
import io.tabml.jobs.JobStore;
import io.tabml.jobs.TrainingJob;
import io.tabml.orchestration.JobRunner;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code GET /api/jobs}, {@code GET /api/jobs/{id}}, {@code POST /api/jobs/{id}/cancel}. */
class JobsFunctionTest {
    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
    private static final TrainingJob JOB = TrainingJob.submitted("job-1", "churn", null, null, NOW);

    private final JobStore jobs = mock(JobStore.class);
    private final JobRunner runner = mock(JobRunner.class);
    private final JobsFunction function = new JobsFunction(new Services(null, null, jobs, null, runner, null, null, null, null, null, null, null, null));
    private final FunctionMocks.Invocation invocation = new FunctionMocks.Invocation();

    @Test
    void theListIsFilteredByModelAndStateFromTheQuery() {
        when(jobs.list("churn", "Running")).thenReturn(List.of(JOB));

        var response = response(function.list(get().query("model", "churn").query("state", "Running").build(), invocation.context));

        assertEquals(200, response.getStatusCode());
        assertEquals("job-1", response.json().get("jobs").get(0).get("id").asText());
    }

    @Test
    void theListIsUnfilteredWithoutAQuery() {
        when(jobs.list(null, null)).thenReturn(List.of());

        var response = response(function.list(get().build(), invocation.context));

        assertEquals(200, response.getStatusCode());
        assertTrue(response.json().get("jobs").isEmpty());
    }

    @Test
    void aJobIsAnsweredById() {
        when(jobs.get("job-1")).thenReturn(Optional.of(JOB));

        var response = response(function.get(get().build(), "job-1", invocation.context));

        assertEquals(200, response.getStatusCode());
        assertEquals("Submitted", response.json().get("state").asText());
    }

    @Test
    void anUnknownJobIsA404NamingIt() {
        when(jobs.get("nope")).thenReturn(Optional.empty());

        JsonNode error = assertError(function.get(get().build(), "nope", invocation.context), 404, "not_found");

        assertTrue(error.get("message").asText().contains("'nope'"), error::toString);
    }

    @Test
    void cancelingAnswersTheCanceledJob() {
        when(runner.cancel("job-1")).thenReturn(JOB.ended(JobState.Canceled, new TrainingJob.JobError("canceled", "canceled", null), NOW));

        var response = response(function.cancel(get().build(), "job-1", invocation.context));

        assertEquals(200, response.getStatusCode());
        assertEquals("Canceled", response.json().get("state").asText());
    }

    @Test
    void cancelingAnUnknownJobIsA404() {
        when(runner.cancel("nope")).thenThrow(new NotFoundException("no job with id 'nope'"));

        assertError(function.cancel(get().build(), "nope", invocation.context), 404, "not_found");
    }
}
