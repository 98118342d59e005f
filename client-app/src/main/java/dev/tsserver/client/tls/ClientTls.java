package dev.tsserver.client.tls;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

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
 * A client's TLS setup: whom to trust, which certificate to show, and the MINA filters that
 * speak it. The server's name is checked against its certificate (as HTTPS clients do) unless
 * {@code --tls-insecure}.
 */
public final class ClientTls {

    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    private static final char[] IN_MEMORY_PASSWORD = "tsclient".toCharArray();
    private static volatile ClientTls active;

    private final SSLContext context;
    private final boolean verifyServer;
    private final RecordingTrustManager trust;
    private volatile boolean handshakeDone;

    private ClientTls(SSLContext context, boolean verifyServer, RecordingTrustManager trust) {
        this.context = context;
        this.verifyServer = verifyServer;
        this.trust = trust;
    }

    /**
     * Why the connection failed, in one line, when TLS is the reason: MINA's TLS handler runs
     * the certificate check on its own thread and drops the exception (the client would only see
     * "no reply"), so the trust manager records it here.
     */
    public Optional<String> failure() {
        if (handshakeDone) {
            return Optional.empty();
        }
        String rejected = trust == null ? null : trust.rejection;
        return Optional.of(rejected != null
                ? "TLS: the server's certificate is not accepted: " + rejected
                : "TLS: the handshake did not complete");
    }

    void handshakeDone() {
        handshakeDone = true;
    }

    /**
     * The TLS setup of this run (set once from the command line), for the connection code. A
     * process-wide value keeps the TLS options out of the connection settings, which another
     * change is reshaping; it moves there once that has landed.
     */
    public static Optional<ClientTls> active() {
        return Optional.ofNullable(active);
    }

    public static void activate(Optional<ClientTls> tls) {
        active = tls.orElse(null);
    }

    static ClientTls create(Path ca, Path cert, Path key, boolean insecure) throws TlsConfigException {
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
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new TlsConfigException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /**
     * Puts TLS first in a connector's chain.
     *
     * @param serverName the host as the user wrote it: checked against the certificate, and sent as SNI
     */
    public void install(DefaultIoFilterChainBuilder chain, String serverName) {
        chain.addFirst("tls-handshake-gate", new HandshakeGate(this));
        chain.addFirst("tls", new ClientSslFilter(context, serverName, verifyServer));
        chain.addFirst("tls-handshake-flush", new TlsHandshakeFlush());
    }

    /** MINA's SslFilter in client mode, with the server name as given rather than a reverse lookup. */
    private static final class ClientSslFilter extends SslFilter {
        private final String serverName;
        private final boolean verifyServer;

        ClientSslFilter(SSLContext context, String serverName, boolean verifyServer) {
            super(context);
            this.serverName = serverName.startsWith("[") ? serverName.substring(1, serverName.length() - 1) : serverName;
            this.verifyServer = verifyServer;
        }

        @Override
        protected SSLEngine createEngine(IoSession session, InetSocketAddress address) {
            SSLEngine engine = sslContext.createSSLEngine(serverName, address == null ? -1 : address.getPort());
            engine.setUseClientMode(true);
            SSLParameters parameters = engine.getSSLParameters();
            parameters.setProtocols(PROTOCOLS);
            if (verifyServer) {
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
            }
            engine.setSSLParameters(parameters);
            return engine;
        }
    }

    /** The JDK's trust manager (name check included), remembering why it refused a server. */
    private static final class RecordingTrustManager extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager delegate;
        volatile String rejection;

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

        private CertificateException record(CertificateException e) {
            rejection = String.valueOf(e.getMessage()).replaceAll("\\s+", " ");
            return e;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            try {
                delegate.checkServerTrusted(chain, authType, engine);
            } catch (CertificateException e) {
                throw record(e);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            try {
                delegate.checkServerTrusted(chain, authType, socket);
            } catch (CertificateException e) {
                throw record(e);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            try {
                delegate.checkServerTrusted(chain, authType);
            } catch (CertificateException e) {
                throw record(e);
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
