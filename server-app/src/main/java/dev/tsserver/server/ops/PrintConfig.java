package dev.tsserver.server.ops;

import java.io.PrintWriter;
import java.util.List;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * {@code --print-config}: the effective configuration as a properties file that
 * {@code --config} reads back, each key preceded by a comment saying where its value came
 * from. Options without a value (no default) are printed commented out.
 */
final class PrintConfig {

    private PrintConfig() {
    }

    static void print(CommandSpec spec, ParseResult parsed, List<String> originalArgs, ConfigDefaults defaults,
                      PrintWriter out) {
        String[] args = originalArgs.toArray(String[]::new);
        out.println("# tsserver effective configuration (command line > environment > file > defaults)");
        for (OptionSpec option : ConfigDefaults.configurableOptions(spec).values()) {
            String key = ConfigDefaults.key(option);
            if (!ConfigDefaults.listedInFiles(key)) {
                continue;
            }
            ValueSource source = sourceOf(option, parsed, args, defaults);
            List<String> values = values(option, parsed, source, defaults);
            out.println("# " + option.longestName() + " (" + source.describe() + ")");
            if (values.isEmpty()) {
                out.println("#" + key + "=");
            } else if (option.isMultiValue()) {
                for (int i = 0; i < values.size(); i++) {
                    out.println(key + "." + (i + 1) + "=" + escape(values.get(i)));
                }
            } else {
                out.println(key + "=" + escape(values.get(values.size() - 1)));
            }
        }
    }

    private static ValueSource sourceOf(OptionSpec option, ParseResult parsed, String[] args, ConfigDefaults defaults) {
        if (Operations.givenOnCommandLine(option, args)) {
            return ValueSource.COMMAND_LINE;
        }
        ValueSource fromDefaults = defaults.sourceOf(ConfigDefaults.key(option));
        if (fromDefaults != null && (option.isMultiValue() ? parsed.hasMatchedOption(option) : true)) {
            return fromDefaults;
        }
        return ValueSource.DEFAULT;
    }

    private static List<String> values(OptionSpec option, ParseResult parsed, ValueSource source,
                                       ConfigDefaults defaults) {
        if (parsed.hasMatchedOption(option)) {
            OptionSpec matched = parsed.matchedOption(option.longestName());
            List<String> strings = matched.originalStringValues();
            if (option.arity().max() == 0 && strings.isEmpty()) {
                return List.of("true");
            }
            return strings;
        }
        String raw = source.kind() == ValueSource.Kind.DEFAULT ? option.defaultValue()
                : defaults.rawValue(ConfigDefaults.key(option));
        return raw == null ? List.of() : List.of(raw);
    }

    /** Backslashes and leading blanks would be read differently by {@link java.util.Properties}. */
    private static String escape(String value) {
        String escaped = value.replace("\\", "\\\\");
        return escaped.startsWith(" ") ? "\\" + escaped : escaped;
    }
}
