package dev.tsserver.client.tls;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

import dev.tsserver.core.edge.PemFiles;
import dev.tsserver.core.edge.TlsConfigException;
import dev.tsserver.core.edge.TlsHandshakeFlush;
import org.apache.mina.core.filterchain.DefaultIoFilterChainBuilder;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.ssl.SslFilter;

/**
 * A client's TLS setup, made once from the command line and carried in the connection
 * settings: whom to trust, which certificate to show. The one place that makes client
 * {@link SSLEngine}s, for MINA connections ({@link #install}) and for the load generator's own
 * engine loop ({@link TlsChannel}). The server's name is checked against its certificate (as
 * HTTPS clients do) unless {@code --tls-insecure}.
 */
public final class ClientTls {

    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    private static final char[] IN_MEMORY_PASSWORD = "tsclient".toCharArray();

    private final SSLContext context;
    private final boolean verifyServer;
    private final RecordingTrustManager trust;

    private ClientTls(SSLContext context, boolean verifyServer, RecordingTrustManager trust) {
        this.context = context;
        this.verifyServer = verifyServer;
        this.trust = trust;
    }

    /**
     * A client engine for one connection, TLS 1.2/1.3 only.
     *
     * @param serverName the host as the user wrote it (brackets of an IPv6 literal allowed):
     *                   checked against the certificate, and sent as SNI when it is a name
     * @param port       the server's port, a hint for session resumption
     */
    public SSLEngine newEngine(String serverName, int port) {
        String host = serverName.startsWith("[") && serverName.endsWith("]")
                ? serverName.substring(1, serverName.length() - 1) : serverName;
        SSLEngine engine = context.createSSLEngine(host, port);
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setProtocols(PROTOCOLS);
        if (verifyServer) {
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
        }
        engine.setSSLParameters(parameters);
        return engine;
    }

    /**
     * Why a handshake failed, in a few words a user can act on: "certificate not trusted (use
     * --tls-ca FILE or --tls-insecure)", "the certificate does not name HOST", or the TLS
     * layer's own message.
     */
    public static String describeFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CertificateExpiredException) {
                return "the server's certificate has expired";
            }
            if (t instanceof CertPathValidatorException || t instanceof CertPathBuilderException) {
                return "certificate not trusted (use --tls-ca FILE or --tls-insecure)";
            }
            if (t instanceof CertificateException && t.getMessage() != null && t.getMessage().startsWith("No ")
                    && t.getMessage().contains("matching")) {
                // "No subject alternative names matching IP address 127.0.0.2 found"
                return "the server's certificate does not name this host: " + oneLine(t.getMessage())
                        + " (connect by a name it lists, or --tls-insecure)";
            }
        }
        String message = failure.getMessage();
        return message == null ? failure.getClass().getSimpleName() : oneLine(message);
    }

    private static String oneLine(String message) {
        String line = message.replaceAll("\\s+", " ").strip();
        return line.length() <= 200 ? line : line.substring(0, 200) + "...";
    }

    /**
     * Calls {@code onRejected} if the server's certificate is refused during {@code engine}'s
     * handshake. MINA runs that check on its own executor and drops the exception (the
     * connection would just go quiet until the timeout); this is how a MINA connection hears
     * of it at once. Forget the engine with {@link #forget} once its handshake is over.
     */
    void watch(SSLEngine engine, Consumer<CertificateException> onRejected) {
        if (trust != null) {
            trust.watchers.put(engine, onRejected);
        }
    }

    void forget(SSLEngine engine) {
        if (trust != null && engine != null) {
            trust.watchers.remove(engine);
        }
    }

    /**
     * The setup for these files (PEM).
     *
     * @param ca       CA certificates to trust instead of the JDK's, or null
     * @param cert     client certificate chain, or null
     * @param key      its private key, or null
     * @param insecure accept any server certificate
     * @throws TlsConfigException for a file that cannot be read or a key that does not match
     */
    public static ClientTls create(Path ca, Path cert, Path key, boolean insecure) throws TlsConfigException {
        try {
            TrustManager[] trust;
            RecordingTrustManager recording = null;
            if (insecure) {
                trust = new TrustManager[] {new TrustEverything()};
            } else if (ca != null) {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                List<X509Certificate> cas = PemFiles.readCertificates(ca);
                for (int i = 0; i < cas.size(); i++) {
                    store.setCertificateEntry("ca-" + i, cas.get(i));
                }
                TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                factory.init(store);
                recording = new RecordingTrustManager(factory.getTrustManagers());
                trust = new TrustManager[] {recording};
            } else {
                TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                factory.init((KeyStore) null); // the JDK's own CAs
                recording = new RecordingTrustManager(factory.getTrustManagers());
                trust = new TrustManager[] {recording};
            }
            KeyManagerFactory keys = null;
            if (cert != null) {
                List<X509Certificate> chain = PemFiles.readCertificates(cert);
                var privateKey = PemFiles.readPrivateKey(key);
                if (!PemFiles.matches(privateKey, chain.get(0))) {
                    throw new TlsConfigException(key + ": the key does not match the certificate in " + cert);
                }
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                store.setKeyEntry("client", privateKey, IN_MEMORY_PASSWORD, chain.toArray(new X509Certificate[0]));
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(store, IN_MEMORY_PASSWORD);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust, null);
            return new ClientTls(context, !insecure, recording);
        } catch (GeneralSecurityException | IOException e) {
            throw new TlsConfigException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /**
     * Puts TLS first in a MINA connector's chain; {@link HandshakeGate#handshake} then tells
     * when each session's handshake is done or why it failed.
     *
     * @param serverName the host as the user wrote it: checked against the certificate, and sent as SNI
     */
    public void install(DefaultIoFilterChainBuilder chain, String serverName) {
        chain.addFirst("tls-handshake-gate", new HandshakeGate(this));
        chain.addFirst("tls", new ClientSslFilter(this, serverName));
        chain.addFirst("tls-handshake-flush", new TlsHandshakeFlush());
    }

    /** MINA's SslFilter in client mode, with the engine from {@link #newEngine} rather than a reverse lookup. */
    private static final class ClientSslFilter extends SslFilter {
        private final ClientTls tls;
        private final String serverName;

        ClientSslFilter(ClientTls tls, String serverName) {
            super(tls.context);
            this.tls = tls;
            this.serverName = serverName;
        }

        @Override
        protected SSLEngine createEngine(IoSession session, InetSocketAddress address) {
            SSLEngine engine = tls.newEngine(serverName, address == null ? -1 : address.getPort());
            HandshakeGate.engineCreated(tls, session, engine);
            return engine;
        }
    }

    /** The JDK's trust manager (name check included), telling a watching connection when it refuses a server. */
    private static final class RecordingTrustManager extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager delegate;
        final Map<SSLEngine, Consumer<CertificateException>> watchers = new ConcurrentHashMap<>();

        RecordingTrustManager(TrustManager[] managers) {
            X509ExtendedTrustManager found = null;
            for (TrustManager manager : managers) {
                if (manager instanceof X509ExtendedTrustManager extended) {
                    found = extended;
                    break;
                }
            }
            if (found == null) {
                throw new IllegalStateException("no X509ExtendedTrustManager from the JDK");
            }
            this.delegate = found;
        }

        private CertificateException record(CertificateException e, SSLEngine engine) {
            Consumer<CertificateException> watcher = engine == null ? null : watchers.remove(engine);
            if (watcher != null) {
                watcher.accept(e);
            }
            return e;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            try {
                delegate.checkServerTrusted(chain, authType, engine);
            } catch (CertificateException e) {
                throw record(e, engine);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            try {
                delegate.checkServerTrusted(chain, authType, socket);
            } catch (CertificateException e) {
                throw record(e, null);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            try {
                delegate.checkServerTrusted(chain, authType);
            } catch (CertificateException e) {
                throw record(e, null);
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            delegate.checkClientTrusted(chain, authType, engine);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            delegate.checkClientTrusted(chain, authType, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            delegate.checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return delegate.getAcceptedIssuers();
        }
    }

    /** {@code --tls-insecure}: accepts any server certificate. */
    private static final class TrustEverything implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
