package dev.tsserver.client.tls;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed EC certificate for {@code localhost} and {@code 127.0.0.1}, made at test time
 * with the JDK's keytool (no private key is committed), as PEM files an operator would give.
 * Being self-signed it is its own CA: pass {@link #certificate()} as {@code --tls-ca} (or
 * {@code --tls-client-ca} for a client certificate).
 *
 * @param certificate the PEM certificate
 * @param key         its PEM PKCS#8 private key
 */
public record SelfSignedCertificate(Path certificate, Path key) {

    private static final String PASSWORD = "test-only";

    /** Files {@code NAME.pem} and {@code NAME-key.pem} in {@code dir}. */
    public static SelfSignedCertificate create(Path dir, String name) throws IOException, InterruptedException {
        Path store = dir.resolve(name + ".p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", "2", "-keystore", store.toString(),
                "-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD)
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
            keytool.destroyForcibly();
            throw new IOException("keytool failed: " + output);
        }
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = new FileInputStream(store.toFile())) {
                keys.load(in, PASSWORD.toCharArray());
            }
            Path certificate = dir.resolve(name + ".pem");
            Path key = dir.resolve(name + "-key.pem");
            Files.writeString(certificate, pem("CERTIFICATE", keys.getCertificate(name).getEncoded()));
            Files.writeString(key, pem("PRIVATE KEY", ((PrivateKey) keys.getKey(name, PASSWORD.toCharArray()))
                    .getEncoded()));
            return new SelfSignedCertificate(certificate, key);
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException("cannot read the keystore keytool made", e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
