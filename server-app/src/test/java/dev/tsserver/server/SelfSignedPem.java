package dev.tsserver.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/** Self-signed certificates for 127.0.0.1, made at test time with the JDK's keytool, written as PEM. */
final class SelfSignedPem {

    private SelfSignedPem() {
    }

    /** A self-signed certificate and key as PEM files; returns the certificate. */
    static X509Certificate create(Path dir, String name, Path certOut, Path keyOut) throws Exception {
        Path store = dir.resolve(name + ".p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "s", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
                "-ext", "san=ip:127.0.0.1", "-validity", "2", "-keystore", store.toString(), "-storetype", "PKCS12",
                "-storepass", "test-only", "-keypass", "test-only").redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0, output);
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(store.toFile())) {
            keys.load(in, "test-only".toCharArray());
        }
        X509Certificate certificate = (X509Certificate) keys.getCertificate("s");
        Files.writeString(certOut, pem("CERTIFICATE", certificate.getEncoded()));
        Files.writeString(keyOut, pem("PRIVATE KEY", ((PrivateKey) keys.getKey("s", "test-only".toCharArray())).getEncoded()));
        return certificate;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

}
