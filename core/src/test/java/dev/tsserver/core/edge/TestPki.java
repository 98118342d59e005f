package dev.tsserver.core.edge;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test certificates made at test time with the JDK's keytool (no private key is committed): a
 * CA, a server certificate for 127.0.0.1/localhost signed by it, and a client certificate.
 * The files are PEM, as an operator would give them: chain (leaf first), PKCS#8 key, CA.
 */
final class TestPki {

    private static final String PASSWORD = "test-only";

    final Path dir;
    final Path caCertificate;
    final Path serverChain;
    final Path serverKey;
    final Path clientCertificate;
    final Path clientKey;

    private TestPki(Path dir) {
        this.dir = dir;
        this.caCertificate = dir.resolve("ca.pem");
        this.serverChain = dir.resolve("server-chain.pem");
        this.serverKey = dir.resolve("server-key.pem");
        this.clientCertificate = dir.resolve("client.pem");
        this.clientKey = dir.resolve("client-key.pem");
    }

    /** A CA "name", a server certificate (RSA unless {@code ecServer}) and an EC client certificate, in {@code dir}. */
    static TestPki create(Path dir, String name, boolean ecServer) throws Exception {
        Files.createDirectories(dir);
        TestPki pki = new TestPki(dir);
        Path ca = dir.resolve("ca.p12");
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
                "-ext", "bc:c", "-validity", "2", "-keystore", ca.toString(), "-storetype", "PKCS12",
                "-storepass", PASSWORD, "-keypass", PASSWORD);
        Files.writeString(pki.caCertificate, pem("CERTIFICATE", load(ca).getCertificate("ca").getEncoded()));
        pki.issue(ca, "server", ecServer ? new String[] {"-keyalg", "EC", "-groupname", "secp256r1"}
                        : new String[] {"-keyalg", "RSA", "-keysize", "2048"},
                "CN=localhost", new String[] {"-ext", "san=ip:127.0.0.1,dns:localhost", "-ext", "eku=serverAuth"},
                pki.serverChain, pki.serverKey);
        pki.issue(ca, "client", new String[] {"-keyalg", "EC", "-groupname", "secp256r1"}, "CN=test client",
                new String[] {"-ext", "eku=clientAuth"}, pki.clientCertificate, pki.clientKey);
        return pki;
    }

    private void issue(Path ca, String alias, String[] keyOptions, String dname, String[] extensions,
                       Path chainOut, Path keyOut) throws Exception {
        Path store = dir.resolve(alias + ".p12");
        List<String> genkey = new ArrayList<>(List.of("-genkeypair", "-alias", alias, "-dname", dname, "-validity", "2",
                "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD));
        genkey.addAll(List.of(keyOptions));
        keytool(genkey.toArray(new String[0]));
        Path csr = dir.resolve(alias + ".csr");
        Path crt = dir.resolve(alias + ".crt");
        keytool("-certreq", "-alias", alias, "-keystore", store.toString(), "-storepass", PASSWORD, "-file", csr.toString());
        List<String> gencert = new ArrayList<>(List.of("-gencert", "-alias", "ca", "-keystore", ca.toString(),
                "-storepass", PASSWORD, "-infile", csr.toString(), "-outfile", crt.toString(), "-rfc", "-validity", "2"));
        gencert.addAll(List.of(extensions));
        keytool(gencert.toArray(new String[0]));
        Files.writeString(chainOut, Files.readString(crt).strip() + "\n" + Files.readString(caCertificate));
        PrivateKey key = (PrivateKey) load(store).getKey(alias, PASSWORD.toCharArray());
        Files.writeString(keyOut, pem("PRIVATE KEY", key.getEncoded()));
    }

    /** The server key as PKCS#1 {@code RSA PRIVATE KEY}: the OCTET STRING inside the PKCS#8 structure. */
    Path serverKeyAsPkcs1() throws Exception {
        byte[] pkcs8 = Base64.getMimeDecoder().decode(Files.readString(serverKey)
                .replaceAll("-----[A-Z ]+-----", "").strip());
        int[] outer = header(pkcs8, 0); // SEQUENCE
        int p = outer[0];
        p = skip(pkcs8, p); // version
        p = skip(pkcs8, p); // algorithm
        int[] octets = header(pkcs8, p);
        byte[] pkcs1 = java.util.Arrays.copyOfRange(pkcs8, octets[0], octets[0] + octets[1]);
        Path out = dir.resolve("server-key-pkcs1.pem");
        Files.writeString(out, pem("RSA PRIVATE KEY", pkcs1));
        return out;
    }

    /** [content offset, content length] of the DER element at {@code at}. */
    private static int[] header(byte[] der, int at) {
        int lengthByte = der[at + 1] & 0xFF;
        if (lengthByte < 0x80) {
            return new int[] {at + 2, lengthByte};
        }
        int n = lengthByte & 0x7F;
        int length = 0;
        for (int i = 0; i < n; i++) {
            length = (length << 8) | (der[at + 2 + i] & 0xFF);
        }
        return new int[] {at + 2 + n, length};
    }

    private static int skip(byte[] der, int at) {
        int[] h = header(der, at);
        return h[0] + h[1];
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private static KeyStore load(Path store) throws Exception {
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(store.toFile())) {
            keyStore.load(in, PASSWORD.toCharArray());
        }
        return keyStore;
    }

    /** A trust store holding this PKI's CA, for Java TLS clients. */
    KeyStore trustStore() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(caCertificate)) {
            Certificate ca = java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in);
            trust.setCertificateEntry("ca", ca);
        }
        return trust;
    }

    /** The client's key and certificate, for Java TLS clients. */
    KeyStore clientKeyStore() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        var chain = PemFiles.readCertificates(clientCertificate).toArray(new Certificate[0]);
        store.setKeyEntry("client", PemFiles.readPrivateKey(clientKey), PASSWORD.toCharArray(), chain);
        return store;
    }

    static char[] password() {
        return PASSWORD.toCharArray();
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException("keytool " + String.join(" ", args) + " failed: "
                    + new String(output, StandardCharsets.UTF_8));
        }
    }
}
