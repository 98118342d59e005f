package dev.tsserver.core;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Reads an endpoint {@code SCHEME://HOST:PORT[?KEY=VALUE[&KEY=VALUE]...]} into
 * {@link ListenerSettings}. Hand-written rather than {@link java.net.URI}: {@code URI} accepts
 * things the SPEC does not ({@code tcp://host} without a port, user info, fragments) and its
 * messages do not say which part was wrong.
 */
final class EndpointParser {

    private EndpointParser() {
    }

    static ListenerSettings parse(String endpoint, ListenerSettings defaults) {
        int schemeEnd = endpoint.indexOf("://");
        if (schemeEnd < 0) {
            throw new InvalidSettingException("listen", "'" + endpoint + "' is not SCHEME://HOST:PORT[?KEY=VALUE...]");
        }
        String schemeText = endpoint.substring(0, schemeEnd);
        Scheme scheme = schemeOf(schemeText);
        ListenerSettings.Builder builder = defaults.toBuilder().scheme(scheme);
        String rest = endpoint.substring(schemeEnd + 3);
        int query = rest.indexOf('?');
        String authority = query < 0 ? rest : rest.substring(0, query);
        hostAndPort(authority, builder);
        Set<String> seen = new HashSet<>();
        try {
            if (query >= 0) {
                for (String pair : rest.substring(query + 1).split("&", -1)) {
                    int eq = pair.indexOf('=');
                    if (eq <= 0) {
                        throw new InvalidSettingException(pair.isEmpty() ? "listen" : pair,
                                "'" + pair + "' is not KEY=VALUE");
                    }
                    String key = pair.substring(0, eq);
                    if (!seen.add(key)) {
                        throw new InvalidSettingException(key, "key '" + key + "' given twice");
                    }
                    builder.set(key, pair.substring(eq + 1));
                }
            }
            checkKeysFitScheme(scheme, seen);
            return builder.build();
        } catch (InvalidSettingException e) {
            throw namingTheKey(e, seen);
        }
    }

    /**
     * A key the endpoint names itself must mean something for its scheme: {@code tls-cert} on a
     * {@code tcp://} listener would otherwise be silently ignored (the scheme, not the key, says
     * whether a listener speaks TLS). Keys a listener inherits from the command line are not
     * checked: {@code --udp-rate-per-source} is the default of every UDP listener and means
     * nothing to the TCP ones.
     */
    private static void checkKeysFitScheme(Scheme scheme, Set<String> keysGiven) {
        for (String key : keysGiven) {
            boolean fits = switch (key) {
                case "tls-cert", "tls-key", "tls-client-ca" -> scheme == Scheme.TLS;
                case "proxy-protocol", "proxy-trusted", "max-connections-per-source" -> scheme.isStream();
                case "udp-rate-per-source" -> scheme == Scheme.UDP;
                default -> true;
            };
            if (!fits) {
                throw new InvalidSettingException(key, "key '" + key + "' does not apply to a " + scheme.uriName()
                        + ":// listener" + (key.startsWith("tls-") ? " (use tls://)" : ""));
            }
        }
    }

    /** "must be at least 1 byte" becomes "key 'max-frame': must be at least 1 byte" when the key was given. */
    private static InvalidSettingException namingTheKey(InvalidSettingException e, Set<String> keysGiven) {
        String key = e.setting();
        if (!keysGiven.contains(key) || e.getMessage().contains("'" + key + "'")) {
            return e;
        }
        return new InvalidSettingException(key, "key '" + key + "': " + e.getMessage());
    }

    private static Scheme schemeOf(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "tcp" -> Scheme.TCP;
            case "udp" -> Scheme.UDP;
            case "tls" -> Scheme.TLS;
            default -> throw new InvalidSettingException("scheme", "unknown scheme '" + text + "' (known: tcp, udp, tls)");
        };
    }

    private static void hostAndPort(String authority, ListenerSettings.Builder builder) {
        String host;
        String portText;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0 || close + 1 >= authority.length() || authority.charAt(close + 1) != ':') {
                throw new InvalidSettingException("host", "'" + authority + "' is not [IPV6]:PORT");
            }
            host = authority.substring(1, close);
            portText = authority.substring(close + 2);
        } else {
            int colon = authority.lastIndexOf(':');
            if (colon < 0) {
                throw new InvalidSettingException("port", "'" + authority + "' has no :PORT");
            }
            host = authority.substring(0, colon);
            if (host.indexOf(':') >= 0) {
                throw new InvalidSettingException("host", "IPv6 address '" + host + "' must be in brackets, e.g. [::1]");
            }
            portText = authority.substring(colon + 1);
        }
        if (host.isEmpty()) {
            throw new InvalidSettingException("host", "'" + authority + "' has no host");
        }
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw new InvalidSettingException("port", "'" + portText + "' is not a port number");
        }
        if (port < 0 || port > 65_535) {
            throw new InvalidSettingException("port", port + " is outside 0..65535");
        }
        builder.host(host).port(port);
    }
}
