package io.tabml;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layering of core's packages, as drawn in docs/architecture.md: a package may use the packages
 * of the tiers below its own and nothing beside or above it, and no two packages depend on each other.
 * A failure names the class and the dependency that breaks the rule.
 */
class LayeringTest {
    /** Bottom first. Packages in one tier are independent of each other. */
    static final List<List<String>> TIERS = List.of(
            List.of("config", "errors"),
            List.of("storage"),
            List.of("data"),
            List.of("ingest"),
            List.of("training"),
            List.of("registry", "jobs", "monitoring"),
            List.of("serving"),
            List.of("orchestration"),
            List.of("sample"));

    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.tabml");

    @Test
    void noPackageUsesOneBesideOrAboveIt() {
        Architectures.LayeredArchitecture layers = Architectures.layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (List<String> tier : TIERS) {
            for (String name : tier) layers = layers.layer(name).definedBy("io.tabml." + name + "..");
        }
        for (int t = 0; t < TIERS.size(); t++) {
            List<String> above = new ArrayList<>();
            TIERS.subList(t + 1, TIERS.size()).forEach(above::addAll);
            for (String name : TIERS.get(t)) {
                layers = above.isEmpty() ? layers.whereLayer(name).mayNotBeAccessedByAnyLayer()
                        : layers.whereLayer(name).mayOnlyBeAccessedByLayers(above.toArray(String[]::new));
            }
        }
        layers.check(CORE);
    }

    /**
     * The same rule on the sources: the compiler copies a {@code static final} constant into the class
     * that uses it, so a dependency on another package's constant is invisible to the bytecode check.
     */
    @Test
    void noSourceFileNamesAPackageBesideOrAboveIt() throws IOException {
        Path sources = Path.of(System.getProperty("tabml.root", ".."), "core", "src", "main", "java", "io", "tabml");
        Pattern reference = Pattern.compile("\\bio\\.tabml\\.(\\w+)\\.");
        List<String> upward = new ArrayList<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                String own = sources.relativize(file).getName(0).toString();
                String text = Files.readString(file).replaceFirst("package [\\w.]+;", "");
                Matcher m = reference.matcher(text);
                while (m.find()) {
                    String used = m.group(1);
                    if (!used.equals(own) && tier(used) >= tier(own)) upward.add(sources.relativize(file) + " names io.tabml." + used);
                }
            }
        }
        assertEquals(List.of(), upward.stream().distinct().toList(), "references to a package in the same or a higher tier");
    }

    private static int tier(String name) {
        for (int t = 0; t < TIERS.size(); t++) {
            if (TIERS.get(t).contains(name)) return t;
        }
        throw new AssertionError("package io.tabml." + name + " is in no tier of LayeringTest.TIERS");
    }

    @Test
    void everyPackageIsInATier() {
        List<String> placed = TIERS.stream().flatMap(List::stream).map(p -> "io.tabml." + p).toList();
        List<String> unplaced = CORE.stream().map(c -> c.getPackageName())
                .filter(p -> placed.stream().noneMatch(q -> p.equals(q) || p.startsWith(q + ".")))
                .distinct().sorted().toList();
        assertEquals(List.of(), unplaced,
                "packages missing from LayeringTest.TIERS (and from docs/architecture.md): place each in its tier");
    }

    @Test
    void noPackagesDependOnEachOther() {
        slices().matching("io.tabml.(*)..").should().beFreeOfCycles().check(CORE);
    }
}
