package io.tabml.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.QueueTrigger;
import io.tabml.jobs.InAppBackend;
import io.tabml.jobs.InAppRun;
import io.tabml.orchestration.InAppTraining;
import java.util.logging.Level;

/**
 * In-app training ({@code TRAINING_BACKEND=inapp}, or {@code auto} for small datasets): a run's
 * message on the queue {@value InAppBackend#QUEUE} is trained inside this invocation, which returns
 * when the run has ended. host.json has the host take one message at a time per instance
 * ({@code batchSize} 1, {@code newBatchThreshold} 0) and give up on a message after
 * {@code maxDequeueCount} failed deliveries, moving it to {@value InAppBackend#POISON_QUEUE}.
 */
public class InAppTrainingFunction {
    private final Services services;

    /** The Functions host creates function classes with their no-argument constructor. */
    public InAppTrainingFunction() {
        this(Services.get());
    }

    public InAppTrainingFunction(Services services) {
        this.services = services;
    }

    @FunctionName("trainInApp")
    public void train(@QueueTrigger(name = "run", queueName = InAppBackend.QUEUE, connection = "AzureWebJobsStorage") String message,
                      @BindingName("DequeueCount") long dequeueCount, ExecutionContext context) {
        log(context, services.inAppTraining().run(InAppRun.parse(message), dequeueCount));
    }

    @FunctionName("failPoisonedInAppRun")
    public void poisoned(@QueueTrigger(name = "run", queueName = InAppBackend.POISON_QUEUE, connection = "AzureWebJobsStorage") String message,
                         ExecutionContext context) {
        log(context, services.inAppTraining().poisoned(InAppRun.parse(message)));
    }

    private static void log(ExecutionContext context, InAppTraining.Outcome outcome) {
        Level level = outcome.kind() == InAppTraining.Outcome.Kind.TRAINED ? Level.INFO : Level.WARNING;
        context.getLogger().log(level, "job " + outcome.jobId() + ": " + outcome.kind() + " - " + outcome.detail());
    }
}
