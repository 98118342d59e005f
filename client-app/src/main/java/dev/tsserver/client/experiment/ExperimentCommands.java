package dev.tsserver.client.experiment;

import java.io.PrintWriter;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * What the experiment commands ({@code boundaries}, {@code reliability}) say when they cannot
 * run or are given a bad value: one line each, with the exit codes of every {@code tsclient}
 * command (1 cannot run, 2 bad command line).
 */
public final class ExperimentCommands {

    private ExperimentCommands() {
    }

    /** Prints {@code tsclient COMMAND: WHY} on the command's error stream; returns exit code 1. */
    public static int cannotRun(CommandSpec command, String why) {
        PrintWriter err = command.commandLine().getErr();
        err.println("tsclient " + command.name() + ": " + why);
        err.flush();
        return 1;
    }

    /** A bad value for {@code option}: picocli reports it in one line and exits 2. */
    public static ParameterException badValue(CommandSpec command, String option, String why) {
        return new ParameterException(command.commandLine(), "Invalid value for option '" + option + "': " + why);
    }
}
