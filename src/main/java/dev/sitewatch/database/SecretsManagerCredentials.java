package dev.sitewatch.database;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.jboss.logging.Logger;

import io.quarkus.arc.Unremovable;
import io.quarkus.credentials.CredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;

/**
 * The datasource's user and password, read from Secrets Manager at run time rather than frozen into the environment
 * at deploy time, so that a rotated password is picked up without a deploy or restart.
 * <p>
 * Agroal asks for credentials on every new physical connection (through Quarkus' {@code credentials-provider}, whose
 * value is the secret id: {@code quarkus.datasource.credentials-provider=${sitewatch.database.secret-id}}). A secret
 * is kept for {@code sitewatch.database.secret-cache-ttl} (5 min), so a pool that opens connections does not call
 * Secrets Manager each time; {@link #forget()} drops it at once, which {@link SecretAwareDriver} does when the
 * database refuses the password (MySQL error 1045), before it tries once more.
 * <p>
 * Active only where {@code sitewatch.database.secret-id} is set (on AWS); the client is built on first use, so
 * functions and local runs without a secret never build one.
 */
@ApplicationScoped
@Named(SecretsManagerCredentials.NAME)
@Unremovable
public class SecretsManagerCredentials implements CredentialsProvider {

    /** The bean name, for {@code quarkus.datasource.credentials-provider-name}. */
    public static final String NAME = "sitewatch-secrets-manager";
    private static final Logger LOG = Logger.getLogger(SecretsManagerCredentials.class);

    private record Cached(DatabaseSecret secret, Instant readAt) {
    }

    private final DatabaseConfig config;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private volatile SecretsManagerClient client;

    @Inject
    SecretsManagerCredentials(DatabaseConfig config) {
        this.config = config;
    }

    /** @param secretId the datasource's {@code credentials-provider} value: the secret to read */
    @Override
    public Map<String, String> getCredentials(String secretId) {
        DatabaseSecret secret = current(secretId);
        return Map.of(USER_PROPERTY_NAME, secret.username(), PASSWORD_PROPERTY_NAME, secret.password());
    }

    /** The secret, from the cache while it is younger than the TTL, else read from Secrets Manager. */
    public DatabaseSecret current(String secretId) {
        Cached cached = cache.get(secretId);
        if (cached != null && cached.readAt().plus(config.secretCacheTtl()).isAfter(clock.instant())) {
            return cached.secret();
        }
        DatabaseSecret secret = read(secretId);
        cache.put(secretId, new Cached(secret, clock.instant()));
        return secret;
    }

    /** Reads the secret's current version from Secrets Manager, bypassing the cache. */
    public DatabaseSecret read(String secretId) {
        String text = client().getSecretValue(request -> request.secretId(secretId)).secretString();
        LOG.debugf("Read database secret %s", secretId);
        return DatabaseSecret.parse(secretId, text);
    }

    /** Builds the Secrets Manager client now, where a secret is configured; reads nothing. */
    void buildClientIfConfigured() {
        config.secretId().ifPresent(secret -> client());
    }

    /** The secret the datasource uses, if any ({@code sitewatch.database.secret-id}). */
    public java.util.Optional<String> datasourceSecretId() {
        return config.secretId();
    }

    /** Drops every cached secret: the next connection reads them again (after the database refused a password). */
    public void forget() {
        cache.clear();
    }

    private SecretsManagerClient client() {
        SecretsManagerClient built = client;
        if (built == null) {
            synchronized (this) {
                if (client == null) {
                    SecretsManagerClientBuilder builder = SecretsManagerClient.builder()
                            .httpClientBuilder(UrlConnectionHttpClient.builder());
                    config.secretsManagerEndpoint().ifPresent(endpoint -> builder.endpointOverride(URI.create(endpoint))
                            // a stand-in checks that a request is signed, not by whom
                            .region(Region.US_EAST_1)
                            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))));
                    client = builder.build();
                }
                built = client;
            }
        }
        return built;
    }

    @PreDestroy
    void close() {
        if (client != null) {
            client.close();
        }
    }
}
