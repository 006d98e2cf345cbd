package io.tabml.localhost;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An HTTP trigger's route, e.g. {@code models/{model}/versions/{version:int}}: literal segments and
 * one parameter per segment, with the {@code int} and {@code alpha} constraints of the Functions
 * host's route syntax. Matching is by whole segments.
 */
record RouteTemplate(String template, List<Segment> segments) {

    static RouteTemplate parse(String template) {
        String trimmed = template.startsWith("/") ? template.substring(1) : template;
        List<Segment> segments = java.util.Arrays.stream(trimmed.split("/")).map(RouteTemplate::segment).toList();
        return new RouteTemplate(trimmed, segments);
    }

    /** The parameter values if the (already decoded) path segments match, else empty. */
    Optional<Map<String, String>> match(List<String> path) {
        if (path.size() != segments.size()) return Optional.empty();
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < path.size(); i++) {
            Segment segment = segments.get(i);
            String part = path.get(i);
            if (segment.parameter() == null) {
                if (!segment.literal().equalsIgnoreCase(part)) return Optional.empty();
            } else {
                if (part.isEmpty() || !segment.accepts(part)) return Optional.empty();
                values.put(segment.parameter(), part);
            }
        }
        return Optional.of(values);
    }

    /** How specific the route is: literal segments win over parameters when two routes match. */
    int literalCount() {
        return (int) segments.stream().filter(s -> s.parameter() == null).count();
    }

    private static Segment segment(String text) {
        if (text.startsWith("{") && text.endsWith("}")) {
            String inner = text.substring(1, text.length() - 1);
            int colon = inner.indexOf(':');
            return colon < 0 ? new Segment(null, inner, null) : new Segment(null, inner.substring(0, colon), inner.substring(colon + 1));
        }
        return new Segment(text, null, null);
    }

    record Segment(String literal, String parameter, String constraint) {
        boolean accepts(String value) {
            if (constraint == null) return true;
            return switch (constraint) {
                case "int" -> value.matches("-?\\d{1,10}") && fitsInt(value);
                case "alpha" -> value.matches("[A-Za-z]+");
                default -> throw new IllegalStateException("route constraint '" + constraint + "' is not supported by the local host");
            };
        }

        private static boolean fitsInt(String value) {
            try {
                Integer.parseInt(value);
                return true;
            } catch (NumberFormatException e) {
                return false;
            }
        }
    }
}
