package io.tabml.localhost;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.BlobTrigger;
import com.microsoft.azure.functions.annotation.EventGridTrigger;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import com.microsoft.azure.functions.annotation.QueueTrigger;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import io.tabml.functions.Services;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Parameter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Calls a function method the way the Java worker does: one instance per class, the trigger's
 * value for the trigger parameter, binding data (route and path parameters, a queue message's
 * {@code DequeueCount}) for
 * {@code @BindingName} parameters, and an {@link ExecutionContext}.
 */
final class FunctionInvoker {
    private final Function<Class<?>, Object> factory;
    private final Map<Class<?>, Object> instances = new ConcurrentHashMap<>();

    /** @param factory makes the one instance of a function class */
    FunctionInvoker(Function<Class<?>, Object> factory) {
        this.factory = factory;
    }

    /** Function classes made with their constructor that takes the services, so that every function runs on these. */
    static FunctionInvoker on(Services services) {
        return new FunctionInvoker(type -> {
            try {
                return type.getConstructor(Services.class).newInstance(services);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("function class " + type.getName() + " needs a public constructor taking Services", e);
            }
        });
    }

    Object invoke(FunctionDefinition function, Object triggerValue, Map<String, String> bindingData) throws Exception {
        Parameter[] parameters = function.method().getParameters();
        Object[] args = new Object[parameters.length];
        for (int i = 0; i < parameters.length; i++) {
            Parameter parameter = parameters[i];
            if (parameter.isAnnotationPresent(HttpTrigger.class) || parameter.isAnnotationPresent(BlobTrigger.class)
                    || parameter.isAnnotationPresent(TimerTrigger.class) || parameter.isAnnotationPresent(EventGridTrigger.class)
                    || parameter.isAnnotationPresent(QueueTrigger.class)) {
                args[i] = triggerValue;
            } else if (parameter.isAnnotationPresent(BindingName.class)) {
                args[i] = convert(bindingData.get(parameter.getAnnotation(BindingName.class).value()), parameter.getType());
            } else if (parameter.getType() == ExecutionContext.class) {
                args[i] = new LocalExecutionContext(function.name());
            } else {
                throw new IllegalStateException("parameter " + parameter + " of " + function.name() + " cannot be bound locally");
            }
        }
        Object target = instances.computeIfAbsent(function.method().getDeclaringClass(), factory);
        try {
            return function.method().invoke(target, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Exception cause) throw cause;
            throw e;
        }
    }

    private static Object convert(String value, Class<?> type) {
        if (value == null || type == String.class) return value;
        if (type == int.class || type == Integer.class) return Integer.valueOf(value);
        if (type == long.class || type == Long.class) return Long.valueOf(value);
        throw new IllegalStateException("binding of type " + type + " is not supported by the local host");
    }
}
