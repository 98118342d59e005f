package dev.tsserver.core;

/**
 * A configuration value that cannot be used. {@link #setting()} is the setting's long option
 * name without dashes ({@code max-frame}, {@code port}, ...), the same name a {@code --listen}
 * key or a command-line option uses, so a command line can say which of its options was wrong.
 */
public class InvalidSettingException extends IllegalArgumentException {

    private final String setting;

    public InvalidSettingException(String setting, String message) {
        super(message);
        this.setting = setting;
    }

    /** The long option name without dashes, e.g. {@code max-frame}. */
    public String setting() {
        return setting;
    }
}
