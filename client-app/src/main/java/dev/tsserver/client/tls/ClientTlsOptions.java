package dev.tsserver.client.tls;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;

import dev.tsserver.core.edge.TlsConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The client's TLS options (SPEC Part 2, "Client additions"), a picocli mixin of their own,
 * inherited by every subcommand like the shared options.
 */
public final class ClientTlsOptions {

    @Option(names = "--tls", scope = ScopeType.INHERIT,
            description = "Talk TLS to the server (TLS 1.2 or 1.3).")
    boolean tls;

    @Option(names = "--tls-ca", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "Trust these PEM CA certificates instead of the JDK's.")
    Path ca;

    @Option(names = "--tls-cert", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "PEM client certificate chain, for servers that ask for one (with --tls-key).")
    Path cert;

    @Option(names = "--tls-key", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "PEM private key of --tls-cert (PKCS#8 RSA/EC, or PKCS#1 RSA).")
    Path key;

    @Option(names = "--tls-insecure", scope = ScopeType.INHERIT,
            description = "Do not verify the server's certificate (testing only; says so on stderr).")
    boolean insecure;

    /**
     * The TLS setup these options ask for, or empty without {@code --tls}.
     *
     * @throws CommandLine.ParameterException for an inconsistent combination (exit 2)
     * @throws TlsConfigException            for a file that cannot be used (exit 1, one line)
     */
    public Optional<ClientTls> resolve(CommandLine commandLine, PrintWriter err) throws TlsConfigException {
        boolean anyTlsOption = ca != null || cert != null || key != null || insecure;
        if (!tls) {
            if (anyTlsOption) {
                throw new CommandLine.ParameterException(commandLine,
                        "Invalid value for option '--tls': the --tls-* options need --tls");
            }
            return Optional.empty();
        }
        if ((cert == null) != (key == null)) {
            throw new CommandLine.ParameterException(commandLine, "Invalid value for option '"
                    + (cert == null ? "--tls-key" : "--tls-cert") + "': needs "
                    + (cert == null ? "--tls-cert" : "--tls-key") + " too");
        }
        if (insecure) {
            err.println("tsclient: warning: --tls-insecure: the server's certificate is not verified");
            err.flush();
        }
        return Optional.of(ClientTls.create(ca, cert, key, insecure));
    }
}
