package io.tabml.localhost;

import com.microsoft.azure.functions.annotation.BlobTrigger;
import com.microsoft.azure.functions.annotation.EventGridTrigger;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import com.microsoft.azure.functions.annotation.QueueTrigger;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.net.URISyntaxException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Finds the {@code @FunctionName} methods of the classes in one package (not its subpackages),
 * in a classes folder or a jar, the way the Functions host finds them in the app's jar.
 */
final class FunctionScanner {
    private FunctionScanner() {}

    static List<FunctionDefinition> scan(Class<?> anchor) {
        String packagePath = anchor.getPackageName().replace('.', '/');
        List<FunctionDefinition> functions = new ArrayList<>();
        for (String className : classNames(anchor, packagePath)) {
            Class<?> type;
            try {
                type = Class.forName(className, false, anchor.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            for (Method method : type.getMethods()) {
                FunctionName name = method.getAnnotation(FunctionName.class);
                if (name != null) functions.add(new FunctionDefinition(name.value(), method, trigger(method)));
            }
        }
        functions.sort(Comparator.comparing(FunctionDefinition::name));
        return functions;
    }

    private static Annotation trigger(Method method) {
        for (Parameter parameter : method.getParameters()) {
            for (Class<? extends Annotation> kind : List.of(HttpTrigger.class, BlobTrigger.class, TimerTrigger.class, EventGridTrigger.class,
                    QueueTrigger.class)) {
                Annotation annotation = parameter.getAnnotation(kind);
                if (annotation != null) return annotation;
            }
        }
        throw new IllegalStateException(method + " has @FunctionName but no trigger this host supports (HTTP, blob, timer, Event Grid, queue)");
    }

    private static List<String> classNames(Class<?> anchor, String packagePath) {
        try {
            Path location = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isDirectory(location)) return classNamesIn(location.resolve(packagePath), packagePath);
            try (var jar = FileSystems.newFileSystem(location, Map.of())) {
                return classNamesIn(jar.getPath(packagePath), packagePath);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> classNamesIn(Path folder, String packagePath) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".class") && !n.contains("$"))
                    .map(n -> (packagePath + "/" + n.substring(0, n.length() - ".class".length())).replace('/', '.'))
                    .toList();
        }
    }
}
