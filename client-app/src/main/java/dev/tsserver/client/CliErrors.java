package dev.tsserver.client;

import java.io.PrintWriter;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** One-line error messages and the SPEC's exit codes, in place of picocli's usage dumps. */
final class CliErrors {

    static final int CANNOT_RUN = 1;
    static final int BAD_COMMAND_LINE = 2;

    private static final Logger LOG = LoggerFactory.getLogger(CliErrors.class);

    private CliErrors() {
    }

    /** Exit 2: the command line is wrong. */
    static int onBadCommandLine(ParameterException e, String[] args) {
        CommandLine commandLine = e.getCommandLine();
        report(commandLine.getErr(), commandLine.getCommandSpec().qualifiedName() + ": " + e.getMessage()
                + " (see --help)");
        return BAD_COMMAND_LINE;
    }

    /** Exit 1: an error no command handled; details go to the log, not the terminal. */
    static int onFailure(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        LOG.debug("command failed", e);
        report(commandLine.getErr(), "tsclient: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
        return CANNOT_RUN;
    }

    /** Exit 1 with {@code tsclient: MESSAGE}. */
    static int cannotRun(CommandLine commandLine, String message) {
        report(commandLine.getErr(), "tsclient: " + message);
        return CANNOT_RUN;
    }

    private static void report(PrintWriter err, String line) {
        err.println(line);
        err.flush();
    }
}
