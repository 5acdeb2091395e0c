package dev.sitewatch.local;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates made at run time for the stand-in shop's HTTPS (local run and tests): a throwaway CA, and server
 * certificates for {@code localhost}/{@code 127.0.0.1} signed by it or by nobody (self-signed), each with the validity
 * asked for. Keys never leave the run's temporary folder (owner-only) and are never committed.
 */
public final class LocalCertificates {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path folder;
    private final KeyPair caKeys;
    private final X509Certificate ca;
    private final Path caPem;

    private LocalCertificates(Path folder) {
        this.folder = folder;
        try {
            caKeys = keyPair();
            Instant now = Instant.now();
            X500Name name = new X500Name("CN=Sitewatch local test CA " + HexFormat.of().toHexDigits(RANDOM.nextInt()));
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(30))), name,
                    caKeys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            ca = sign(builder, caKeys);
            caPem = folder.resolve("ca.pem");
            Files.writeString(caPem, pem(ca));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("Could not make the local CA", e);
        }
    }

    /** A new CA in a new owner-only temporary folder. */
    public static LocalCertificates create() {
        try {
            Path folder = Files.createTempDirectory("sitewatch-certs-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            folder.toFile().deleteOnExit();
            return new LocalCertificates(folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The CA certificate as PEM: what the prober is told to trust ({@code sitewatch.checks.extra-ca-file}). */
    public Path caPem() {
        return caPem;
    }

    /** A server key store (PKCS12). */
    public record ServerKeyStore(Path path, String password, X509Certificate certificate) {
    }

    /** A certificate for localhost and 127.0.0.1 signed by this CA, valid from an hour ago for {@code validity}. */
    public ServerKeyStore server(String name, Duration validity) {
        return server(name, Instant.now().minus(Duration.ofHours(1)), Instant.now().plus(validity), true);
    }

    /**
     * A certificate for localhost and 127.0.0.1 valid from {@code notBefore} to {@code notAfter}, signed by this CA or,
     * with {@code signed} false, by itself (which nobody trusts).
     */
    public ServerKeyStore server(String name, Instant notBefore, Instant notAfter, boolean signed) {
        try {
            KeyPair keys = keyPair();
            X500Name subject = new X500Name("CN=localhost, O=Sitewatch stand-in shop");
            X509v3CertificateBuilder builder = signed
                    ? new JcaX509v3CertificateBuilder(ca, serial(), Date.from(notBefore), Date.from(notAfter),
                    new javax.security.auth.x500.X500Principal(subject.toString()), keys.getPublic())
                    : new JcaX509v3CertificateBuilder(subject, serial(), Date.from(notBefore), Date.from(notAfter),
                    subject, keys.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.dNSName, "localhost"),
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            X509Certificate certificate = sign(builder, signed ? caKeys : keys);
            byte[] secret = new byte[12];
            RANDOM.nextBytes(secret);
            String password = HexFormat.of().formatHex(secret);
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            Certificate[] chain = signed ? new Certificate[] {certificate, ca} : new Certificate[] {certificate};
            store.setKeyEntry("server", keys.getPrivate(), password.toCharArray(), chain);
            Path path = folder.resolve(name + ".p12");
            try (OutputStream out = Files.newOutputStream(path)) {
                store.store(out, password.toCharArray());
            }
            path.toFile().deleteOnExit();
            return new ServerKeyStore(path, password, certificate);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("Could not make a server certificate", e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer)
            throws OperatorCreationException, GeneralSecurityException {
        ContentSigner contentSigner = new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate());
        return new JcaX509CertificateConverter().getCertificate(builder.build(contentSigner));
    }

    private static KeyPair keyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        return generator.generateKeyPair();
    }

    private static BigInteger serial() {
        return new BigInteger(63, RANDOM);
    }

    private static String pem(X509Certificate certificate) throws GeneralSecurityException {
        return "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
    }
}
