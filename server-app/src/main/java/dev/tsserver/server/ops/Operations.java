package dev.tsserver.server.ops;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Hooks the operations features into a picocli command that has an {@link OperationsOptions}
 * mixin: values from {@code TSSERVER_*} and {@code --config}, {@code --print-config}, the log
 * format and level, and error messages that say where a bad value came from.
 *
 * <p>The file's name is itself an option, so it is known only once the command line is
 * parsed: the execution strategy then reads the file and parses again, the provider now
 * answering from the file too (and the repeatable options getting their values as extra
 * arguments).
 */
public final class Operations {

    private static final Pattern OPTION_IN_MESSAGE = Pattern.compile("option '(--[A-Za-z0-9-]+)'");

    private Operations() {
    }

    /** Installs on {@code commandLine}, reading the environment from {@code environment}. */
    public static void install(CommandLine commandLine, Map<String, String> environment) {
        ConfigDefaults defaults = new ConfigDefaults(environment);
        commandLine.setDefaultValueProvider(defaults);
        CommandLine.IExecutionStrategy run = new CommandLine.RunLast();
        commandLine.setExecutionStrategy(parsed -> execute(commandLine, defaults, parsed, run));
        IParameterExceptionHandler errors = commandLine.getParameterExceptionHandler();
        commandLine.setParameterExceptionHandler((e, args) -> errors.handleParseException(withSource(e, args, defaults),
                args));
    }

    private static int execute(CommandLine commandLine, ConfigDefaults defaults, ParseResult parsed,
                               CommandLine.IExecutionStrategy run) {
        if (parsed.isUsageHelpRequested() || parsed.isVersionHelpRequested()) {
            return run.execute(parsed);
        }
        CommandSpec spec = commandLine.getCommandSpec();
        OperationsOptions ops = operations(spec);
        List<String> originalArgs = parsed.originalArgs();
        if (ops.config != null) {
            defaults.loadFile(ops.config, spec);
        }
        List<String> extra = defaults.extraArguments(spec, parsed);
        if (ops.config != null || !extra.isEmpty()) {
            List<String> args = new ArrayList<>(extra);
            args.addAll(originalArgs);
            parsed = commandLine.parseArgs(args.toArray(String[]::new));
        }
        if (ops.printConfig) {
            PrintWriter out = commandLine.getOut();
            PrintConfig.print(spec, parsed, originalArgs, defaults, out);
            out.flush();
            return 0;
        }
        String levelAtStart = System.getenv().getOrDefault("TSSERVER_LOG_LEVEL", "INFO");
        LogSetup.apply(ops.logFormat, ops.logLevel, levelAtStart);
        return run.execute(parsed);
    }

    private static OperationsOptions operations(CommandSpec spec) {
        for (CommandSpec mixin : spec.mixins().values()) {
            if (mixin.userObject() instanceof OperationsOptions ops) {
                return ops;
            }
        }
        throw new IllegalStateException("the command has no OperationsOptions mixin");
    }

    /**
     * Adds where the value came from to an error about an option whose value the command line
     * did not give: {@code ... (from environment variable TSSERVER_MAX_FRAME)}.
     */
    static ParameterException withSource(ParameterException e, String[] args, ConfigDefaults defaults) {
        Matcher m = OPTION_IN_MESSAGE.matcher(String.valueOf(e.getMessage()));
        if (!m.find()) {
            return e;
        }
        String name = m.group(1);
        CommandSpec spec = e.getCommandLine().getCommandSpec();
        OptionSpec option = spec.findOption(name);
        if (option == null || ConfigDefaults.key(option) == null || givenOnCommandLine(option, args)) {
            return e;
        }
        ValueSource source = defaults.sourceOf(ConfigDefaults.key(option));
        if (source == null) {
            return e;
        }
        String message = e.getMessage() + " (from " + source.describe() + ")";
        return e.getArgSpec() == null && e.getValue() == null
                ? new ParameterException(e.getCommandLine(), message, e)
                : new ParameterException(e.getCommandLine(), message, e, e.getArgSpec(), e.getValue());
    }

    static boolean givenOnCommandLine(OptionSpec option, String[] args) {
        if (args == null) {
            return false;
        }
        for (String arg : args) {
            for (String name : option.names()) {
                if (arg.equals(name) || arg.startsWith(name + "=")
                        || (name.length() == 2 && !name.startsWith("--") && arg.startsWith(name) && arg.length() > 2
                        && !arg.startsWith("--"))) {
                    return true;
                }
            }
        }
        return false;
    }
}
