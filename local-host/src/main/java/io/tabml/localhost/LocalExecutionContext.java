package io.tabml.localhost;

import com.microsoft.azure.functions.ExecutionContext;
import java.util.UUID;
import java.util.logging.Logger;

/** The invocation's context, as the Functions worker gives it: a logger, an invocation id, the function's name. */
final class LocalExecutionContext implements ExecutionContext {
    private final String functionName;
    private final String invocationId = UUID.randomUUID().toString();

    LocalExecutionContext(String functionName) {
        this.functionName = functionName;
    }

    @Override
    public Logger getLogger() {
        return Logger.getLogger("Function." + functionName);
    }

    @Override
    public String getInvocationId() {
        return invocationId;
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }
}
