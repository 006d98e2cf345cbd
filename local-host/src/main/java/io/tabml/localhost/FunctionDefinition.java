package io.tabml.localhost;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;

/** One {@code @FunctionName} method and the trigger annotation on one of its parameters. */
record FunctionDefinition(String name, Method method, Annotation trigger) {
    <A extends Annotation> A trigger(Class<A> type) {
        return type.isInstance(trigger) ? type.cast(trigger) : null;
    }
}
