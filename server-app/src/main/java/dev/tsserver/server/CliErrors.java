package dev.tsserver.server;

import java.io.PrintWriter;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** One-line error messages and the SPEC's exit codes, in place of picocli's usage dumps. */
final class CliErrors {

    private static final Logger LOG = LoggerFactory.getLogger(CliErrors.class);

    private CliErrors() {
    }

    /** Exit 2: the command line is wrong. */
    static int onBadCommandLine(ParameterException e, String[] args) {
        CommandLine commandLine = e.getCommandLine();
        PrintWriter err = commandLine.getErr();
        err.println(commandLine.getCommandName() + ": " + e.getMessage() + " (see --help)");
        err.flush();
        return 2;
    }

    /** Exit 1: the command could not run; details go to the log, not the terminal. */
    static int onFailure(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        LOG.debug("command failed", e);
        PrintWriter err = commandLine.getErr();
        err.println(commandLine.getCommandName() + ": " + (e.getMessage() != null ? e.getMessage() : e.toString()));
        err.flush();
        return 1;
    }
}
