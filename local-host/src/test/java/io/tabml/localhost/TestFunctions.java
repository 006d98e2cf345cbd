package io.tabml.localhost;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.BlobTrigger;
import com.microsoft.azure.functions.annotation.EventGridTrigger;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.QueueTrigger;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Functions that record their invocations, for the trigger tests. */
public class TestFunctions {
    static final List<String> blobCalls = new CopyOnWriteArrayList<>();
    static final List<String> timerCalls = new CopyOnWriteArrayList<>();
    static final List<String> events = new CopyOnWriteArrayList<>();
    static volatile int failuresToThrow;
    static final List<String> queueCalls = new CopyOnWriteArrayList<>();
    static volatile int queueFailuresToThrow;

    @FunctionName("recordBlob")
    public void blob(@BlobTrigger(name = "content", path = "trigger-test/{folder}/{name}.csv", dataType = "binary") byte[] content,
                     @BindingName("folder") String folder, @BindingName("name") String name, ExecutionContext context) {
        if (failuresToThrow > 0) {
            failuresToThrow--;
            throw new IllegalStateException("failing on purpose");
        }
        blobCalls.add(folder + "/" + name + ":" + new String(content));
    }

    @FunctionName("recordEvent")
    public void event(@EventGridTrigger(name = "event") String event, ExecutionContext context) {
        events.add(event);
    }

    @FunctionName("recordTimer")
    public void timer(@TimerTrigger(name = "timer", schedule = "%TEST_SCHEDULE%") String info, ExecutionContext context) {
        timerCalls.add(info);
    }

    @FunctionName("recordQueueMessage")
    public void queued(@QueueTrigger(name = "message", queueName = "%TEST_QUEUE%", connection = "AzureWebJobsStorage") String message,
                       @BindingName("DequeueCount") long dequeueCount, ExecutionContext context) {
        queueCalls.add(message + "#" + dequeueCount);
        if (queueFailuresToThrow > 0) {
            queueFailuresToThrow--;
            throw new IllegalStateException("failing on purpose");
        }
    }
}
