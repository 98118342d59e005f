package dev.tsserver.server.ops;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import picocli.CommandLine;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * Option values from the environment and a configuration file, for any option the command
 * declares, now or later: it works from picocli's option model, never from a list of names.
 *
 * <ul>
 *   <li>environment: {@code TSSERVER_} + the long name upper-cased with {@code -} as {@code _}
 *       ({@code --max-frame} is {@code TSSERVER_MAX_FRAME}); a repeatable option's values are
 *       separated by spaces ({@code TSSERVER_LISTEN="tcp://... udp://..."});</li>
 *   <li>file (Java properties): the long name without dashes ({@code max-frame=1024}); a
 *       repeatable option as {@code listen.1=...}, {@code listen.2=...} (in numeric order).</li>
 * </ul>
 *
 * Single-valued options get their value through picocli's {@link IDefaultValueProvider}, so
 * picocli converts and checks them like any other value and the command line still wins.
 * picocli reads a provider's value for a repeatable option as one element, so those are
 * handed back as extra arguments ({@link #extraArguments}) for options the command line did
 * not give. Every value's source is remembered for error messages and {@code --print-config}.
 */
public final class ConfigDefaults implements IDefaultValueProvider {

    static final String ENV_PREFIX = "TSSERVER_";
    /**
     * Options that do something once and exit instead of configuring the server: only the command
     * line may give them, or a {@code list=true} in a service's file would turn it into a one-shot.
     */
    static final Set<String> ACTIONS = Set.of("print-config", "list");
    private static final Pattern INDEXED_KEY = Pattern.compile("(.+)\\.(\\d+)");

    private final Map<String, String> environment;
    private final Map<String, ValueSource> sources = new HashMap<>();
    private final Map<String, String> rawValues = new HashMap<>();
    private Properties file;
    private String fileName;

    public ConfigDefaults(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /** The key of an option in files, {@code max-frame}; null for options without a long name. */
    static String key(OptionSpec option) {
        String name = option.longestName();
        return name.startsWith("--") ? name.substring(2) : null;
    }

    /** {@code TSSERVER_MAX_FRAME} for {@code --max-frame}. */
    static String environmentVariable(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** Options that can be configured: not help, not version, only those with a long name. */
    static boolean configurable(OptionSpec option) {
        return !option.usageHelp() && !option.versionHelp() && key(option) != null;
    }

    @Override
    public String defaultValue(ArgSpec argSpec) {
        if (!(argSpec instanceof OptionSpec option) || !configurable(option) || option.isMultiValue()) {
            return null;
        }
        String key = key(option);
        if (ACTIONS.contains(key)) {
            return null;
        }
        String variable = environmentVariable(key);
        String value = environment.get(variable);
        ValueSource source = ValueSource.environment(variable);
        if (value == null && file != null) {
            value = file.getProperty(key);
            source = ValueSource.file(fileName, key);
        }
        if (value != null) {
            sources.put(key, source);
            rawValues.put(key, value);
        }
        return value;
    }

    /**
     * Reads the configuration file; every key must name an option of {@code spec}.
     *
     * @throws ParameterException naming {@code --config} when the file cannot be read, and the
     *                            key when a key names no option
     */
    void loadFile(Path path, CommandSpec spec) {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(path)) {
            properties.load(in);
        } catch (NoSuchFileException e) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--config': no such file: " + path);
        } catch (IOException | IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(),
                    "Invalid value for option '--config': cannot read " + path + ": " + e.getMessage());
        }
        Map<String, OptionSpec> options = configurableOptions(spec);
        for (String key : properties.stringPropertyNames()) {
            Matcher indexed = INDEXED_KEY.matcher(key);
            OptionSpec option = options.get(key);
            if (option == null && indexed.matches()) {
                option = options.get(indexed.group(1));
                if (option != null && !option.isMultiValue()) {
                    option = null;
                }
            }
            if (option == null || "config".equals(key) || ACTIONS.contains(key)) {
                throw new ParameterException(spec.commandLine(),
                        "Unknown option '" + key + "' in configuration file " + path);
            }
        }
        this.file = properties;
        this.fileName = path.toString();
    }

    /**
     * Arguments that give the repeatable options their environment or file values, for each
     * repeatable option the command line did not give: {@code --listen=tcp://...}, ...
     */
    List<String> extraArguments(CommandSpec spec, CommandLine.ParseResult parsed) {
        List<String> extra = new ArrayList<>();
        for (OptionSpec option : configurableOptions(spec).values()) {
            if (!option.isMultiValue() || parsed.hasMatchedOption(option)) {
                continue;
            }
            String key = key(option);
            List<String> values = repeatedValues(key);
            for (String value : values) {
                extra.add(option.longestName() + "=" + value);
            }
        }
        return extra;
    }

    private List<String> repeatedValues(String key) {
        String variable = environmentVariable(key);
        String fromEnvironment = environment.get(variable);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            sources.put(key, ValueSource.environment(variable));
            return List.of(fromEnvironment.trim().split("\\s+"));
        }
        if (file == null) {
            return List.of();
        }
        TreeMap<Long, String> numbered = new TreeMap<>();
        for (String name : file.stringPropertyNames()) {
            Matcher indexed = INDEXED_KEY.matcher(name);
            if (indexed.matches() && indexed.group(1).equals(key)) {
                numbered.put(Long.parseLong(indexed.group(2).length() > 18 ? "0" : indexed.group(2)),
                        file.getProperty(name));
            }
        }
        String plain = file.getProperty(key);
        List<String> values = new ArrayList<>();
        if (plain != null) {
            values.add(plain);
        }
        values.addAll(numbered.values());
        if (!values.isEmpty()) {
            sources.put(key, ValueSource.file(fileName, key + (numbered.isEmpty() ? "" : ".N")));
        }
        return values;
    }

    /** Options a file or {@code --print-config} lists: all but the file's own name and the actions. */
    static boolean listedInFiles(String key) {
        return !"config".equals(key) && !ACTIONS.contains(key);
    }

    /** The string a single-valued option got from the environment or the file, or null. */
    String rawValue(String key) {
        return rawValues.get(key);
    }

    /** Where the value of the option with this key came from, if from the environment or the file. */
    ValueSource sourceOf(String key) {
        return sources.get(key);
    }

    static Map<String, OptionSpec> configurableOptions(CommandSpec spec) {
        Map<String, OptionSpec> options = new LinkedHashMap<>();
        for (OptionSpec option : spec.options()) {
            if (configurable(option)) {
                options.put(key(option), option);
            }
        }
        return options;
    }
}
