package dev.tsserver.core.edge;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's current {@link SSLContext}, built from PEM files and rebuilt on
 * {@link #reload()}. Each new handshake takes the context current at that moment; connections
 * already open keep the one they started with. A reload that fails leaves the old context in
 * place and logs one ERROR line naming the file.
 */
public final class TlsContextSource {

    private static final Logger LOG = LoggerFactory.getLogger(TlsContextSource.class);
    private static final char[] IN_MEMORY_PASSWORD = "tsserver".toCharArray(); // never stored anywhere

    private final TlsSettings settings;
    private volatile SSLContext current;

    private TlsContextSource(TlsSettings settings, SSLContext initial) {
        this.settings = settings;
        this.current = initial;
    }

    /**
     * Reads the files once.
     *
     * @throws TlsConfigException with a one-line message naming the file that is wrong
     */
    public static TlsContextSource load(TlsSettings settings) throws TlsConfigException {
        return new TlsContextSource(settings, build(settings));
    }

    public SSLContext current() {
        return current;
    }

    public TlsSettings settings() {
        return settings;
    }

    /** Re-reads the files; true if the new pair is now in use, false (and one ERROR line) if not. */
    public boolean reload() {
        try {
            current = build(settings);
            LOG.info("TLS certificate and key reloaded from {} and {}", settings.certificateChain(), settings.privateKey());
            return true;
        } catch (TlsConfigException e) {
            LOG.error("TLS reload failed, still using the previous certificate and key: {}", e.getMessage());
            return false;
        }
    }

    static SSLContext build(TlsSettings settings) throws TlsConfigException {
        List<X509Certificate> chain = PemFiles.readCertificates(settings.certificateChain());
        PrivateKey key = PemFiles.readPrivateKey(settings.privateKey());
        if (!PemFiles.matches(key, chain.get(0))) {
            throw new TlsConfigException(settings.privateKey() + ": the key does not match the certificate in "
                    + settings.certificateChain());
        }
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("server", key, IN_MEMORY_PASSWORD, chain.toArray(new X509Certificate[0]));
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, IN_MEMORY_PASSWORD);
            TrustManagerFactory trustManagers = null;
            if (settings.clientCa() != null) {
                List<X509Certificate> cas = PemFiles.readCertificates(settings.clientCa());
                KeyStore trusted = KeyStore.getInstance("PKCS12");
                trusted.load(null, null);
                for (int i = 0; i < cas.size(); i++) {
                    trusted.setCertificateEntry("ca-" + i, cas.get(i));
                }
                trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trustManagers.init(trusted);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), trustManagers == null ? null : trustManagers.getTrustManagers(),
                    null);
            return context;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new TlsConfigException(settings.certificateChain() + ": cannot build a TLS context ("
                    + e.getMessage() + ")", e);
        }
    }
}
