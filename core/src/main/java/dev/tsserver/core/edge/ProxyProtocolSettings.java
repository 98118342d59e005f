package dev.tsserver.core.edge;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Whether a TCP listener expects a PROXY protocol header, which versions, and from whom.
 *
 * @param mode          which header versions are accepted
 * @param trusted       peers whose header is believed; a header from anyone else closes the connection
 * @param headerTimeout the whole header must arrive within this long of the connection
 */
public record ProxyProtocolSettings(Mode mode, List<Cidr> trusted, Duration headerTimeout) {

    /** The SPEC's default trusted sources: the loopback networks. */
    public static final List<Cidr> DEFAULT_TRUSTED = List.of(Cidr.parse("127.0.0.0/8"), Cidr.parse("::1/128"));
    public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(5);
    public static final ProxyProtocolSettings OFF =
            new ProxyProtocolSettings(Mode.OFF, DEFAULT_TRUSTED, DEFAULT_HEADER_TIMEOUT);

    public ProxyProtocolSettings {
        Objects.requireNonNull(mode, "mode");
        trusted = List.copyOf(trusted);
        Objects.requireNonNull(headerTimeout, "headerTimeout");
        if (headerTimeout.isNegative() || headerTimeout.isZero()) {
            throw new IllegalArgumentException("header timeout must be positive, was " + headerTimeout);
        }
    }

    public static ProxyProtocolSettings of(Mode mode) {
        return new ProxyProtocolSettings(mode, DEFAULT_TRUSTED, DEFAULT_HEADER_TIMEOUT);
    }

    public ProxyProtocolSettings withTrusted(List<Cidr> trusted) {
        return new ProxyProtocolSettings(mode, trusted, headerTimeout);
    }

    public ProxyProtocolSettings withHeaderTimeout(Duration headerTimeout) {
        return new ProxyProtocolSettings(mode, trusted, headerTimeout);
    }

    public boolean enabled() {
        return mode != Mode.OFF;
    }

    public boolean trusts(InetAddress address) {
        for (Cidr block : trusted) {
            if (block.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** {@code --proxy-protocol off|v1|v2|any}. */
    public enum Mode {
        OFF, V1, V2, ANY;

        public boolean acceptsV1() {
            return this == V1 || this == ANY;
        }

        public boolean acceptsV2() {
            return this == V2 || this == ANY;
        }

        /** Parses {@code off}, {@code v1}, {@code v2} or {@code any}, any case. */
        public static Mode parse(String text) {
            try {
                return valueOf(text.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("expected off, v1, v2 or any, got '" + text + "'");
            }
        }
    }
}
