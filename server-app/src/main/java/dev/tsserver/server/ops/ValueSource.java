package dev.tsserver.server.ops;

/**
 * Where an option's value came from, in the SPEC's order of precedence: command line, then
 * environment, then configuration file, then the built-in default.
 *
 * @param kind   which of the four
 * @param detail the environment variable's name, or the file and key; empty otherwise
 */
public record ValueSource(Kind kind, String detail) {

    /** The four places, highest precedence first. */
    public enum Kind { COMMAND_LINE, ENVIRONMENT, FILE, DEFAULT }

    static final ValueSource COMMAND_LINE = new ValueSource(Kind.COMMAND_LINE, "");
    static final ValueSource DEFAULT = new ValueSource(Kind.DEFAULT, "");

    static ValueSource environment(String variable) {
        return new ValueSource(Kind.ENVIRONMENT, variable);
    }

    static ValueSource file(String file, String key) {
        return new ValueSource(Kind.FILE, file + ", key " + key);
    }

    /** For messages: {@code environment variable TSSERVER_PORT}, {@code file /etc/x.properties, key port}. */
    public String describe() {
        return switch (kind) {
            case COMMAND_LINE -> "command line";
            case ENVIRONMENT -> "environment variable " + detail;
            case FILE -> "file " + detail;
            case DEFAULT -> "default";
        };
    }
}
