package dev.tsserver.client.report;

import java.util.Locale;

/**
 * JSON string literals for the client's {@code --json} reports. The reports are flat and
 * written by hand (a JSON library would be the client's largest dependency for a few quotes),
 * so this is the one place that escapes text for them.
 */
public final class JsonText {

    private JsonText() {
    }

    /** {@code value} as a JSON string literal, quotes included, or {@code null} for null. */
    public static String quote(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder quoted = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }
}
