package io.tabml.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** Input files read up front, so a wrong path is a usage error (exit 2) before anything is sent. */
final class Inputs {
    private Inputs() {}

    static byte[] read(CommandLine command, Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ParameterException(command, "cannot read " + file + ": " + (e instanceof java.nio.file.NoSuchFileException
                    ? "no such file" : e.getMessage()));
        }
    }

    static long size(CommandLine command, Path file) {
        try {
            return Files.size(readable(command, file));
        } catch (IOException e) {
            throw new ParameterException(command, "cannot read " + file + ": " + e.getMessage());
        }
    }

    static Path readable(CommandLine command, Path file) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new ParameterException(command, "cannot read " + file + ": no such file");
        }
        return file;
    }
}
