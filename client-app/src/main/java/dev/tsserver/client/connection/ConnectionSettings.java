package dev.tsserver.client.connection;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

import dev.tsserver.client.tls.ClientTls;
import dev.tsserver.codec.CodecSettings;
import dev.tsserver.codec.spi.CodecRegistry;
import dev.tsserver.codec.wire.WireFraming;

/**
 * Everything a {@link TsConnection} needs, validated on construction.
 *
 * @param host          server name or address, as the user wrote it
 * @param port          server port, 0..65535
 * @param transport     TCP (framed by {@code codec}) or UDP (one datagram per message)
 * @param codec         name of the TCP framing codec in {@code codecs}
 * @param codecSettings the server's limits: largest message payload and length-field size
 * @param timeout       for connecting and for each reply
 * @param codecs        where {@code codec} is looked up
 * @param protocol      what a reply must look like ({@code --protocol})
 * @param reconnect     whether an exchange connects again and resends what was not answered
 *                      when a connection ends ({@code --reconnect})
 * @param tls           TLS to the server ({@code --tls} and its options), or empty for plain TCP;
 *                      the one place every command gets its TLS engines from
 */
public record ConnectionSettings(String host, int port, ClientTransport transport, String codec,
                                 CodecSettings codecSettings, Duration timeout, CodecRegistry codecs,
                                 ReplyProtocol protocol, boolean reconnect, Optional<ClientTls> tls) {

    /** Largest UDP payload (65,535 - 8 byte UDP header - 20 byte IPv4 header). */
    public static final int MAX_DATAGRAM_PAYLOAD = 65_507;

    public ConnectionSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(codecSettings, "codecSettings");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(codecs, "codecs");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(tls, "tls");
        if (tls.isPresent() && transport != ClientTransport.TCP) {
            throw new IllegalArgumentException("TLS needs --transport tcp");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port " + port + " is outside 0..65535");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        codecs.get(codec); // UnknownCodecException names the known codecs
    }

    /** Plain TCP or UDP, without TLS. */
    public ConnectionSettings(String host, int port, ClientTransport transport, String codec,
                              CodecSettings codecSettings, Duration timeout, CodecRegistry codecs,
                              ReplyProtocol protocol, boolean reconnect) {
        this(host, port, transport, codec, codecSettings, timeout, codecs, protocol, reconnect, Optional.empty());
    }

    /** The same settings over TLS as {@code tls} says (empty: plain). */
    public ConnectionSettings withTls(Optional<ClientTls> tls) {
        return new ConnectionSettings(host, port, transport, codec, codecSettings, timeout, codecs, protocol, reconnect,
                tls);
    }

    /** The timestamp protocol, without reconnecting. */
    public ConnectionSettings(String host, int port, ClientTransport transport, String codec,
                              CodecSettings codecSettings, Duration timeout, CodecRegistry codecs) {
        this(host, port, transport, codec, codecSettings, timeout, codecs, ReplyProtocol.TS, false);
    }

    /** The codec's wire rules, if it shares them (every built-in does). */
    public Optional<WireFraming> wireFraming() {
        return codecs.get(codec).wireFraming(codecSettings);
    }

    /** {@code host:port} as the user wrote the host; an IPv6 literal in brackets. */
    public String peer() {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return (bare.indexOf(':') >= 0 ? "[" + bare + "]" : bare) + ":" + port;
    }

    /** The timeout as users wrote it: {@code 5 s}, {@code 0.5 s}. */
    public String timeoutText() {
        BigDecimal seconds = BigDecimal.valueOf(timeout.toNanos()).movePointLeft(9).stripTrailingZeros();
        return seconds.toPlainString() + " s";
    }

    /**
     * Whether replies stay apart when several messages are in flight. A codec that does not
     * delimit messages ({@code raw}) lets the server read two pipelined messages as one chunk
     * and answer them under one timestamp, so it is stop-and-wait.
     */
    public boolean keepsMessagesApart() {
        return transport == ClientTransport.UDP || wireFraming().map(WireFraming::delimitsMessages).orElse(true);
    }

    /**
     * Whether an empty message can go out. Raw TCP has no bytes to send for it. Over UDP, the
     * JDK's connected {@code DatagramChannel} (which MINA's connector uses) silently drops a
     * zero-length write, though the server would answer an empty datagram.
     */
    public boolean canSendEmpty() {
        return transport == ClientTransport.TCP && codecs.get(codec).whyUnframeable(new byte[0], codecSettings).isEmpty();
    }

    /** Whether replies must be cut from an undelimited stream by matching them to the messages sent. */
    boolean matchesRepliesToMessages() {
        return transport == ClientTransport.TCP && !keepsMessagesApart();
    }

    /**
     * Why {@code payload} cannot go out as exactly one message, or empty if it can: too long for
     * {@code --max-frame}, a length field or a datagram; a LF inside a line; an empty raw chunk.
     */
    public Optional<String> whyUnsendable(byte[] payload) {
        int size = payload.length;
        if (size > codecSettings.maxFrame()) {
            return Optional.of(size + " bytes is more than --max-frame " + codecSettings.maxFrame());
        }
        if (size == 0 && !canSendEmpty()) {
            return Optional.of(transport == ClientTransport.UDP
                    ? "an empty datagram cannot be sent on a connected UDP socket"
                    : "an empty message cannot be sent without framing");
        }
        if (transport == ClientTransport.UDP) {
            return size > MAX_DATAGRAM_PAYLOAD
                    ? Optional.of(size + " bytes do not fit one UDP datagram (max " + MAX_DATAGRAM_PAYLOAD + ")")
                    : Optional.empty();
        }
        return codecs.get(codec).whyUnframeable(payload, codecSettings);
    }
}
