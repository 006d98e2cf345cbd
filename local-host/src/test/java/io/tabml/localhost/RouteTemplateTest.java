package io.tabml.localhost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteTemplateTest {
    @Test
    void bindsParametersOfMatchingSegments() {
        var route = RouteTemplate.parse("models/{model}/versions/{version:int}");
        assertEquals(Map.of("model", "claims", "version", "3"), route.match(List.of("models", "claims", "versions", "3")).orElseThrow());
    }

    @Test
    void refusesOtherShapesAndConstraintViolations() {
        var route = RouteTemplate.parse("models/{model}/versions/{version:int}");
        assertTrue(route.match(List.of("models", "claims", "versions")).isEmpty());
        assertTrue(route.match(List.of("models", "claims", "versions", "x")).isEmpty());
        assertTrue(route.match(List.of("models", "claims", "versions", "99999999999")).isEmpty(), "beyond int");
        assertTrue(route.match(List.of("jobs", "claims", "versions", "1")).isEmpty());
        assertTrue(RouteTemplate.parse("models/{model}").match(List.of("models", "")).isEmpty(), "an empty segment binds nothing");
    }

    @Test
    void literalRoutesAreMoreSpecificThanParameters() {
        assertTrue(RouteTemplate.parse("models/{model}/predict").literalCount() > RouteTemplate.parse("models/{model}/{x}").literalCount());
    }
}
