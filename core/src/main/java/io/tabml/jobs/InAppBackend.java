package io.tabml.jobs;

import io.tabml.config.AppConfig;
import io.tabml.storage.BlobStore;
import io.tabml.storage.MessageQueue;
import io.tabml.training.StagingArea;
import io.tabml.training.TrainingFailure;
import java.util.Optional;
import java.util.UUID;

/**
 * Trains inside the function app, for datasets small enough to fit an instance: a run is a message
 * on the Storage queue {@value #QUEUE}, and the queue-triggered function {@code trainInApp} trains it
 * in-process, within that invocation, leaving its output, progress or failure in
 * {@code staging/<jobId>/} (orchestration.InAppTraining). Training never continues on a thread after
 * an invocation returned: the platform does not wait for such work (docs/inapp-training.md).
 *
 * <p>A message whose host died with it (scale-in, a platform update, a deployment) is delivered again
 * once its visibility timeout passes; the function then records the run as lost and starts the job
 * again, a bounded number of times ({@code JobRunner.restartLost}).
 */
public final class InAppBackend implements TrainingBackend {
    /** The queue of in-app runs; the poison queue the Functions host moves failing messages to is {@value #POISON_QUEUE}. */
    public static final String QUEUE = "inapp-training";
    public static final String POISON_QUEUE = QUEUE + "-poison";
    static final String REF_PREFIX = "inapp:";

    private final StagingArea staging;
    private final MessageQueue queue;

    public InAppBackend(BlobStore blobs, MessageQueue queue) {
        this.staging = new StagingArea(blobs);
        this.queue = queue;
    }

    public static InAppBackend from(AppConfig config, BlobStore blobs) {
        return new InAppBackend(blobs, MessageQueue.from(config, QUEUE));
    }

    @Override
    public String name() {
        return "inapp";
    }

    @Override
    public String submit(TrainingJob job) {
        String ref = REF_PREFIX + UUID.randomUUID().toString().substring(0, 8);
        // a restarted job must not find the previous run's progress, failure or model
        staging.clear(job.id());
        queue.send(new InAppRun(job.id(), ref).toMessage());
        return ref;
    }

    /** What the run left in staging decides: its failure, else its model and report, else its progress; nothing yet is queued. */
    @Override
    public RunStatus poll(TrainingJob job) {
        Optional<TrainingFailure> failure = staging.failure(job.id());
        if (failure.isPresent()) return RunStatus.of(failure.get());
        if (staging.missingResult(job.id()).isEmpty()) return RunStatus.completed();
        return staging.progress(job.id()).map(p -> RunStatus.running(p.stage(), p.percent()))
                .orElse(new RunStatus(RunStatus.Phase.QUEUED, "queued", 0, null));
    }

    /** Nothing to stop from here: the run checks its job at each progress step and stops once the job has ended. */
    @Override
    public void cancel(TrainingJob job) {
        // the job store holds the cancellation; the message of a run not yet taken is dropped when taken
    }
}
