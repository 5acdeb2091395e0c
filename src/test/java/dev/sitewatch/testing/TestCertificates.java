package dev.sitewatch.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway certificate authority and a server certificate it signed, made at test time with the JDK's keytool
 * (under {@code target/}, never committed): the CA's certificate, and the server's certificate and key as PEM files.
 */
public final class TestCertificates {

    private static final String STOREPASS = "test-only";

    public record Authority(Path dir, String name, Path keystore, Path certificate) {
    }

    public record Server(Path certificate, Path key) {
    }

    private TestCertificates() {
    }

    /** A self-signed CA (2 days) named {@code name}, in {@code dir}. */
    public static Authority authority(Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        Path keystore = dir.resolve(name + "-ca.p12");
        Path certificate = dir.resolve(name + "-ca.pem");
        Files.deleteIfExists(keystore);
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=" + name + " test CA", "-ext", "bc:c", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", STOREPASS);
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", keystore.toString(), "-storepass", STOREPASS,
                "-file", certificate.toString());
        return new Authority(dir, name, keystore, certificate);
    }

    /** A server certificate for {@code 127.0.0.1} (and {@code localhost}) signed by {@code ca}. */
    public static Server server(Authority ca) throws IOException {
        Path keystore = ca.dir().resolve("server.p12");
        Path request = ca.dir().resolve("server.csr");
        Path certificate = ca.dir().resolve("server.pem");
        Path key = ca.dir().resolve("server-key.pem");
        Files.deleteIfExists(keystore);
        keytool("-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", STOREPASS);
        keytool("-certreq", "-alias", "server", "-keystore", keystore.toString(), "-storepass", STOREPASS,
                "-file", request.toString());
        keytool("-gencert", "-rfc", "-alias", "ca", "-keystore", ca.keystore().toString(), "-storepass", STOREPASS,
                "-infile", request.toString(), "-outfile", certificate.toString(), "-validity", "2",
                "-ext", "SAN=IP:127.0.0.1,DNS:localhost", "-ext", "KU=digitalSignature,keyEncipherment",
                "-ext", "EKU=serverAuth");
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, STOREPASS.toCharArray());
            Key privateKey = store.getKey("server", STOREPASS.toCharArray());
            Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(privateKey.getEncoded())
                    + "\n-----END PRIVATE KEY-----\n", StandardCharsets.US_ASCII);
        } catch (GeneralSecurityException e) {
            throw new IOException("Could not read the server key back", e);
        }
        return new Server(certificate, key);
    }

    private static void keytool(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("keytool " + args[0] + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
