package io.tabml.cli;

import java.io.PrintStream;
import java.util.Map;

/**
 * Where a run of the CLI reads its environment and writes: standard output for results, standard
 * error for progress and errors, and whether a person is watching (then progress redraws one line).
 * Tests give their own.
 */
record Console(PrintStream out, PrintStream err, Map<String, String> env, boolean interactive) {}
