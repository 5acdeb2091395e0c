package dev.sitewatch.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

import dev.sitewatch.local.LocalMariaDb;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * An empty database as a fresh Aurora cluster has it, with its master user (the migration owner: all privileges on
 * the database, with grant option, and CREATE USER) whose credentials are in a secret, plus the secrets of the
 * historian's and the API's users, which do not exist yet. WireMock serves the secrets (as Secrets Manager) and takes
 * CloudFormation's custom-resource responses (as the pre-signed S3 response URL).
 */
public class MigrationOwnerResource implements QuarkusTestResourceLifecycleManager {

    public static final String DATABASE = "migrator_logs";
    public static final String OWNER = "migration_owner";
    public static final String WRITER = "history_writer";
    public static final String READER = "api_reader";
    public static final String OWNER_SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:sitewatch/aurora/master-AAAAAA";
    public static final String WRITER_SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:sitewatch/aurora/historian-BBBBBB";
    public static final String READER_SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:sitewatch/aurora/api-CCCCCC";
    public static final String RESPONSE_PATH = "/cloudformation-custom-resource-response-useast1/response";

    private static SecretsManagerStub aws;
    private static final Map<String, String> PASSWORDS = Map.of(OWNER, password(), WRITER, password(), READER, password());

    @Override
    public Map<String, String> start() {
        aws = SecretsManagerStub.start();
        LocalMariaDb mariaDb = MariaDbResource.mariaDb();
        try (Connection admin = mariaDb.adminConnection(); Statement sql = admin.createStatement()) {
            sql.execute("DROP DATABASE IF EXISTS " + DATABASE);
            sql.execute("CREATE DATABASE " + DATABASE + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
            sql.execute("CREATE OR REPLACE USER '" + OWNER + "'@'%' IDENTIFIED BY '" + PASSWORDS.get(OWNER) + "'");
            // what Aurora gives its master user, as far as this database goes
            sql.execute("GRANT ALL PRIVILEGES ON " + DATABASE + ".* TO '" + OWNER + "'@'%' WITH GRANT OPTION");
            sql.execute("GRANT CREATE USER ON *.* TO '" + OWNER + "'@'%'");
            sql.execute("DROP USER IF EXISTS '" + WRITER + "'@'%', '" + READER + "'@'%'");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not set up the migration owner", e);
        }
        aws.serve(OWNER_SECRET, OWNER, PASSWORDS.get(OWNER));
        aws.serve(WRITER_SECRET, WRITER, PASSWORDS.get(WRITER));
        aws.serve(READER_SECRET, READER, PASSWORDS.get(READER));
        aws.server().stubFor(put(urlPathMatching(RESPONSE_PATH + ".*")).willReturn(aResponse().withStatus(200)));
        return Map.of("quarkus.datasource.jdbc.url", jdbcUrl(),
                "quarkus.datasource.username", OWNER,
                "quarkus.datasource.password", "not-the-password-only-the-secret-has-it",
                "sitewatch.database.secret-id", OWNER_SECRET,
                "sitewatch.database.secrets-manager-endpoint", aws.endpoint());
    }

    public static String jdbcUrl() {
        return "jdbc:mariadb://127.0.0.1:" + MariaDbResource.mariaDb().port() + "/" + DATABASE;
    }

    public static String password(String user) {
        return PASSWORDS.get(user);
    }

    /** WireMock: the Secrets Manager stand-in and the response URL's S3. */
    public static SecretsManagerStub aws() {
        return aws;
    }

    private static String password() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    @Override
    public void stop() {
        if (aws != null) {
            aws.close();
        }
    }

    @Override
    public int order() {
        return 100; // after MariaDbResource, whose server this uses and whose datasource settings this overrides
    }
}
