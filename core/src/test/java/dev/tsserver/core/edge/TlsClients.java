package dev.tsserver.core.edge;

import java.net.InetSocketAddress;
import java.security.KeyStore;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/** Java TLS client sockets for the tests. */
final class TlsClients {

    private TlsClients() {
    }

    static SSLContext context(TestPki trusted, TestPki clientIdentity) throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted.trustStore());
        KeyManagerFactory keys = null;
        if (clientIdentity != null) {
            keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            KeyStore store = clientIdentity.clientKeyStore();
            keys.init(store, TestPki.password());
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
        return context;
    }

    /** A connected, handshaken client socket speaking only {@code protocol}. */
    static SSLSocket connect(SSLContext context, InetSocketAddress server, String protocol) throws Exception {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket();
        socket.connect(server, 5_000);
        socket.setSoTimeout(10_000);
        socket.setEnabledProtocols(new String[] {protocol});
        var parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS"); // check the name/IP, as a real client does
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        return socket;
    }
}
