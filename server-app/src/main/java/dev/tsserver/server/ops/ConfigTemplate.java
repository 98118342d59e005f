package dev.tsserver.server.ops;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.tsserver.server.ServerCommand;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Writes the distribution's {@code conf/tsserver.properties}: every option of the command,
 * commented out, with its description and default, so the file never misses an option added
 * later. Run at build time by the distribution module.
 */
public final class ConfigTemplate {

    private ConfigTemplate() {
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, false, StandardCharsets.UTF_8);
        CommandLine commandLine = ServerCommand.newCommandLine(server -> { });
        Operations.install(commandLine, Map.of());
        write(commandLine, out);
        out.flush();
    }

    static void write(CommandLine commandLine, PrintWriter out) {
        out.println("# tsserver configuration. Every option of `tsserver --help`, commented out at its default.");
        out.println("# Keys are the long option names without dashes; a repeatable option is written key.1, key.2, ...");
        out.println("# Precedence: command line, then TSSERVER_* environment variables (TSSERVER_MAX_FRAME=...),");
        out.println("# then this file (bin/tsserver reads conf/tsserver.properties unless TSSERVER_CONFIG or");
        out.println("# --config names another), then the defaults. `tsserver --print-config` shows the result.");
        for (OptionSpec option : ConfigDefaults.configurableOptions(commandLine.getCommandSpec()).values()) {
            String key = ConfigDefaults.key(option);
            if (!ConfigDefaults.listedInFiles(key)) {
                continue;
            }
            out.println();
            String defaultValue = option.defaultValue();
            for (String line : option.description()) {
                String text = line.replace("${DEFAULT-VALUE}", String.valueOf(defaultValue)).replace("%n", " ");
                out.println("# " + option.longestName() + " " + option.paramLabel() + ": " + text);
            }
            String value = defaultValue == null ? "" : defaultValue;
            out.println("#" + key + (option.isMultiValue() ? ".1" : "") + "=" + value);
        }
    }
}
