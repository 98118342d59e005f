package dev.tsserver.core.edge;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A TLS listener's files and limits.
 *
 * @param certificateChain PEM certificate chain, leaf first
 * @param privateKey       PEM private key (PKCS#8 RSA/EC, or PKCS#1 RSA)
 * @param clientCa         PEM CA certificates a client certificate must chain to; null: no client certificates
 * @param handshakeTimeout a handshake not finished within this long closes the connection
 */
public record TlsSettings(Path certificateChain, Path privateKey, Path clientCa, Duration handshakeTimeout) {

    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    /** TLS 1.2 and 1.3 only: older versions are broken or deprecated (RFC 8996). */
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    public TlsSettings {
        Objects.requireNonNull(certificateChain, "certificateChain");
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("handshake timeout must be positive, was " + handshakeTimeout);
        }
    }

    public TlsSettings(Path certificateChain, Path privateKey, Path clientCa) {
        this(certificateChain, privateKey, clientCa, DEFAULT_HANDSHAKE_TIMEOUT);
    }

    public Optional<Path> clientCaFile() {
        return Optional.ofNullable(clientCa);
    }

    public TlsSettings withHandshakeTimeout(Duration handshakeTimeout) {
        return new TlsSettings(certificateChain, privateKey, clientCa, handshakeTimeout);
    }
}
