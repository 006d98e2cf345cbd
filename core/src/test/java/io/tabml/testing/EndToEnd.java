package io.tabml.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * An end-to-end suite: it trains in child JVMs, runs local hosts or several processes, and takes
 * seconds to minutes. {@code mvn test} leaves these out; {@code scripts/test.sh} runs them.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("e2e")
public @interface EndToEnd {}
