package dev.tsserver.core.edge;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM certificates and private keys, with only the JDK. Java 17 reads X.509 certificates in PEM
 * ({@link CertificateFactory}) but not PEM private keys; the few dozen lines below cover what
 * the SPEC asks for: PKCS#8 {@code PRIVATE KEY} (RSA or EC) and PKCS#1 {@code RSA PRIVATE KEY}
 * (wrapped into PKCS#8 by hand: a fixed DER prefix). A library (Bouncy Castle's bcpkix) would
 * add about 8 MB of jars and a steady stream of security updates to the server for the sake
 * of two base64 blocks; the formats are frozen, so this code will not need to follow them.
 * Encrypted keys are refused with a message saying so.
 */
public final class PemFiles {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");
    /** AlgorithmIdentifier of rsaEncryption (1.2.840.113549.1.1.1) with NULL parameters. */
    private static final byte[] RSA_ALGORITHM_ID = {
        0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};

    private PemFiles() {
    }

    /** The certificates of a PEM file, in file order (a chain: leaf first). */
    public static List<X509Certificate> readCertificates(Path file) throws TlsConfigException {
        byte[] bytes = read(file);
        try {
            List<X509Certificate> certificates = new ArrayList<>();
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (var certificate : factory.generateCertificates(new ByteArrayInputStream(bytes))) {
                certificates.add((X509Certificate) certificate);
            }
            if (certificates.isEmpty()) {
                throw new TlsConfigException(file + ": no certificate in the file");
            }
            return certificates;
        } catch (CertificateException e) {
            throw new TlsConfigException(file + ": not a PEM certificate file (" + e.getMessage() + ")", e);
        }
    }

    /** The private key of a PEM file: PKCS#8 RSA or EC, or PKCS#1 RSA. */
    public static PrivateKey readPrivateKey(Path file) throws TlsConfigException {
        String text = new String(read(file), StandardCharsets.US_ASCII);
        Matcher matcher = BLOCK.matcher(text);
        while (matcher.find()) {
            String type = matcher.group(1);
            byte[] der;
            try {
                der = Base64.getMimeDecoder().decode(matcher.group(2));
            } catch (IllegalArgumentException e) {
                throw new TlsConfigException(file + ": bad base64 in the " + type + " block", e);
            }
            switch (type) {
                case "PRIVATE KEY":
                    return pkcs8(file, der);
                case "RSA PRIVATE KEY":
                    return pkcs8(file, pkcs1ToPkcs8(der));
                case "ENCRYPTED PRIVATE KEY":
                    throw new TlsConfigException(file + ": the key is encrypted; give an unencrypted PKCS#8 key "
                            + "(openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pem)");
                case "EC PRIVATE KEY":
                    throw new TlsConfigException(file + ": SEC1 'EC PRIVATE KEY' is not supported; convert it to "
                            + "PKCS#8 (openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pem)");
                default:
                    // an EC PARAMETERS block before the key, or certificates in the same file: skip
            }
        }
        throw new TlsConfigException(file + ": no PEM private key in the file");
    }

    private static PrivateKey pkcs8(Path file, byte[] der) throws TlsConfigException {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519", "RSASSA-PSS"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException tryNext) {
                // the DER names its algorithm, but KeyFactory needs to be asked for it by name
            }
        }
        throw new TlsConfigException(file + ": not an RSA or EC private key");
    }

    /** PKCS#8 PrivateKeyInfo { version 0, rsaEncryption, OCTET STRING { the PKCS#1 key } }. */
    static byte[] pkcs1ToPkcs8(byte[] pkcs1) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0x02, 0x01, 0x00}); // INTEGER 0
        body.writeBytes(RSA_ALGORITHM_ID);
        body.write(0x04); // OCTET STRING
        writeLength(body, pkcs1.length);
        body.writeBytes(pkcs1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x30); // SEQUENCE
        writeLength(out, body.size());
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    private static void writeLength(ByteArrayOutputStream out, int length) {
        if (length < 0x80) {
            out.write(length);
        } else if (length <= 0xFF) {
            out.write(0x81);
            out.write(length);
        } else if (length <= 0xFFFF) {
            out.write(0x82);
            out.write(length >>> 8);
            out.write(length);
        } else {
            out.write(0x83);
            out.write(length >>> 16);
            out.write(length >>> 8);
            out.write(length);
        }
    }

    /** Whether {@code key} is the private half of {@code certificate}'s public key (a test signature). */
    public static boolean matches(PrivateKey key, X509Certificate certificate) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519" -> "Ed25519";
            default -> null;
        };
        if (algorithm == null) {
            return false;
        }
        try {
            byte[] probe = "tsserver key check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static byte[] read(Path file) throws TlsConfigException {
        try {
            if (Files.size(file) > 1 << 20) {
                throw new TlsConfigException(file + ": over 1 MiB, not a PEM file");
            }
            return Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new TlsConfigException(file + ": no such file", e);
        } catch (java.nio.file.AccessDeniedException e) {
            throw new TlsConfigException(file + ": permission denied", e);
        } catch (IOException e) {
            throw new TlsConfigException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }
}
