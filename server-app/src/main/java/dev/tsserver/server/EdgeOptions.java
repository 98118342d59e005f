package dev.tsserver.server;

import java.nio.file.Path;
import java.util.List;

import dev.tsserver.core.TsServerConfig;
import dev.tsserver.core.edge.AccessPolicy;
import dev.tsserver.core.edge.Cidr;
import dev.tsserver.core.edge.ProxyProtocolSettings;
import dev.tsserver.core.edge.TlsSettings;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The server's edge options (SPEC Part 2, "TLS", "PROXY protocol" and "Who may connect"), a picocli
 * mixin of their own so they move onto per-listener settings without touching the rest of
 * {@link ServerCommand}. Bad values are refused by the converters, so picocli's one-line error
 * names the option and the command exits 2.
 */
final class EdgeOptions {

    @Option(names = "--allow", paramLabel = "CIDR[,CIDR...]", split = ",", converter = CidrConverter.class,
            description = "Only these addresses may connect (default: everyone).")
    List<Cidr> allow;

    @Option(names = "--deny", paramLabel = "CIDR[,CIDR...]", split = ",", converter = CidrConverter.class,
            description = "These addresses may not connect; deny wins over --allow (default: no one).")
    List<Cidr> deny;

    @Option(names = "--max-connections-per-source", paramLabel = "N", defaultValue = "0",
            converter = NonNegativeConverter.class,
            description = "Open TCP connections one source address may hold; 0 = no limit (default: ${DEFAULT-VALUE}).")
    int maxConnectionsPerSource;

    @Option(names = "--udp-rate-per-source", paramLabel = "N", defaultValue = "0",
            converter = NonNegativeConverter.class,
            description = "UDP datagrams answered per second per source address; 0 = no limit (default: ${DEFAULT-VALUE}).")
    int udpRatePerSource;

    @Option(names = "--proxy-protocol", paramLabel = "off|v1|v2|any", defaultValue = "off",
            converter = ProxyModeConverter.class,
            description = "Expect a PROXY protocol header before anything else (default: ${DEFAULT-VALUE}).")
    ProxyProtocolSettings.Mode proxyProtocol;

    @Option(names = "--proxy-trusted", paramLabel = "CIDR[,CIDR...]", split = ",", converter = CidrConverter.class,
            description = "Peers whose PROXY header is believed (default: 127.0.0.0/8,::1/128).")
    List<Cidr> proxyTrusted;

    @Option(names = "--tls-cert", paramLabel = "FILE",
            description = "PEM certificate chain, leaf first: TCP becomes TLS (with --tls-key).")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE",
            description = "PEM private key (PKCS#8 RSA/EC, or PKCS#1 RSA) for --tls-cert.")
    Path tlsKey;

    @Option(names = "--tls-client-ca", paramLabel = "FILE",
            description = "PEM CA certificates: every TLS client must present a certificate they signed.")
    Path tlsClientCa;

    /** Puts these options into the server's configuration. */
    void applyTo(TsServerConfig.Builder builder, CommandLine commandLine) {
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new CommandLine.ParameterException(commandLine, "Invalid value for option '"
                    + (tlsCert == null ? "--tls-key" : "--tls-cert") + "': needs "
                    + (tlsCert == null ? "--tls-cert" : "--tls-key") + " too");
        }
        if (tlsClientCa != null && tlsCert == null) {
            throw new CommandLine.ParameterException(commandLine,
                    "Invalid value for option '--tls-client-ca': needs --tls-cert and --tls-key");
        }
        if (tlsCert != null) {
            builder.tls(new TlsSettings(tlsCert, tlsKey, tlsClientCa));
        }
        builder.accessPolicy(new AccessPolicy(allow == null ? List.of() : allow, deny == null ? List.of() : deny))
                .maxConnectionsPerSource(maxConnectionsPerSource)
                .udpRatePerSource(udpRatePerSource);
        ProxyProtocolSettings proxy = ProxyProtocolSettings.of(proxyProtocol);
        if (proxyTrusted != null) {
            proxy = proxy.withTrusted(proxyTrusted);
        }
        builder.proxyProtocol(proxy);
    }

    /** One entry of {@code 10.0.0.0/8,::1} (picocli splits at commas; the option may also repeat). */
    static final class CidrConverter implements CommandLine.ITypeConverter<Cidr> {
        @Override
        public Cidr convert(String value) {
            try {
                return Cidr.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    static final class NonNegativeConverter implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            try {
                int n = Integer.parseInt(value.strip());
                if (n >= 0) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // fall through to the one message below
            }
            throw new CommandLine.TypeConversionException("expected a whole number 0 or more, got '" + value + "'");
        }
    }

    static final class ProxyModeConverter implements CommandLine.ITypeConverter<ProxyProtocolSettings.Mode> {
        @Override
        public ProxyProtocolSettings.Mode convert(String value) {
            try {
                return ProxyProtocolSettings.Mode.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
