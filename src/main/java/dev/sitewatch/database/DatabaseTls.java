package dev.sitewatch.database;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * TLS to the database, verified against a CA bundle (on AWS the RDS one, which cannot be downloaded at build time
 * here, so the deploy steps add it: docs/deploy.md). The JDBC URL names the bundle in MariaDB Connector/J's
 * {@code serverSslCert}: a file path, or {@code classpath:PATH} for a bundle packaged with the app (Connector/J reads
 * files, URLs and inline PEM, not the classpath; {@link #resolve} hands it the PEM text of a classpath resource).
 */
public final class DatabaseTls {

    /** Where docs/deploy.md puts the RDS CA bundle before packaging; the template's JDBC URLs name it. */
    public static final String RDS_BUNDLE = "classpath:rds-ca/global-bundle.pem";
    static final String CERT_OPTION = "serverSslCert";
    private static final String CLASSPATH = "classpath:";

    /** A JDBC URL and the connection properties to use for it. */
    record Target(String url, Properties info) {
    }

    private DatabaseTls() {
    }

    /**
     * Refuses a URL that does not ask for a verified TLS connection to a CA bundle that exists and holds
     * certificates.
     *
     * @throws IllegalStateException saying what is missing and where the docs say how to add it
     */
    public static void check(String jdbcUrl) {
        Map<String, String> options = options(jdbcUrl);
        String mode = options.getOrDefault("sslMode", "");
        if (!"verify-full".equalsIgnoreCase(mode) && !"verify_full".equalsIgnoreCase(mode)) {
            throw new IllegalStateException("sitewatch.database.tls-required is true, but the JDBC URL does not ask for"
                    + " sslMode=verify-full (it has sslMode=" + (mode.isEmpty() ? "<none>" : mode) + ")");
        }
        String bundle = options.get(CERT_OPTION);
        if (bundle == null || bundle.isBlank()) {
            throw new IllegalStateException("sitewatch.database.tls-required is true, but the JDBC URL names no CA"
                    + " bundle (serverSslCert=..., e.g. " + RDS_BUNDLE + ")");
        }
        int certificates = certificates(pem(bundle), bundle);
        if (certificates == 0) {
            throw new IllegalStateException("The CA bundle " + bundle + " holds no certificate");
        }
    }

    /**
     * The URL and properties to hand to Connector/J: a {@code serverSslCert=classpath:...} option is replaced by the
     * resource's PEM text in the properties; everything else is passed on as it is.
     */
    static Target resolve(String jdbcUrl, Properties info) {
        int query = jdbcUrl.indexOf('?');
        String bundle = options(jdbcUrl).get(CERT_OPTION);
        if (query < 0 || bundle == null || !bundle.startsWith(CLASSPATH)) {
            return new Target(jdbcUrl, info);
        }
        String kept = java.util.Arrays.stream(jdbcUrl.substring(query + 1).split("&"))
                .filter(option -> !option.startsWith(CERT_OPTION + "="))
                .collect(Collectors.joining("&"));
        Properties resolved = new Properties();
        resolved.putAll(info);
        resolved.setProperty(CERT_OPTION, pem(bundle));
        return new Target(jdbcUrl.substring(0, query) + (kept.isEmpty() ? "" : "?" + kept), resolved);
    }

    /** The PEM text of a bundle named by a file path or {@code classpath:PATH}. */
    static String pem(String bundle) {
        try {
            if (bundle.startsWith(CLASSPATH)) {
                String resource = bundle.substring(CLASSPATH.length()).replaceFirst("^/", "");
                try (InputStream in = classLoader().getResourceAsStream(resource)) {
                    if (in == null) {
                        throw missing(bundle);
                    }
                    return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
                }
            }
            Path file = Path.of(bundle);
            if (!Files.isRegularFile(file)) {
                throw missing(bundle);
            }
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalStateException("Could not read the database CA bundle " + bundle, e);
        }
    }

    private static IllegalStateException missing(String bundle) {
        return new IllegalStateException("The database CA bundle " + bundle + " is missing. On AWS it is the RDS CA"
                + " bundle, which the deploy steps add before packaging (docs/deploy.md, \"The RDS CA bundle\")");
    }

    private static int certificates(String pem, String bundle) {
        try {
            return CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))).size();
        } catch (CertificateException e) {
            throw new IllegalStateException("The database CA bundle " + bundle + " is not a PEM file of certificates", e);
        }
    }

    /** The URL's {@code ?a=1&b=2} options (Connector/J's names are case-sensitive; so are these). */
    static Map<String, String> options(String jdbcUrl) {
        Map<String, String> options = new LinkedHashMap<>();
        int query = jdbcUrl.indexOf('?');
        if (query < 0) {
            return options;
        }
        for (String option : jdbcUrl.substring(query + 1).split("&")) {
            int eq = option.indexOf('=');
            if (eq > 0) {
                options.put(option.substring(0, eq), option.substring(eq + 1));
            }
        }
        return options;
    }

    private static ClassLoader classLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : DatabaseTls.class.getClassLoader();
    }
}
