package dev.sitewatch.packages;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.sun.net.httpserver.HttpServer;

import dev.sitewatch.check.CheckFixtures;
import dev.sitewatch.local.LocalAws;
import dev.sitewatch.local.LocalComponents;
import dev.sitewatch.local.LocalMariaDb;
import dev.sitewatch.local.LocalSns;
import dev.sitewatch.local.LocalTables;
import dev.sitewatch.local.emulator.Dynalite;
import dev.sitewatch.local.emulator.KinesisLocal;
import dev.sitewatch.testing.KinesisEvents;
import dev.sitewatch.testing.OkSite;
import dev.sitewatch.testing.SecretsManagerStub;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Everything the function packages talk to, real and local, as the stack gives it to them on AWS: dynalite with the
 * tables, kinesis-local with {@code website-alarms}, WireMock as SNS and as Secrets Manager (and as CloudFormation's
 * response URL), MariaDB with an owner as a fresh Aurora cluster has one, and a small website for the prober. For each
 * function: the config the template would set, a full batch as its event source would send it (new ids on every call,
 * so that each launch does the whole work, not a replay the function recognises), and how to check what it did.
 * Used by {@link FunctionsAt512MbIT} and {@link ColdStartBench}.
 */
final class PackageWorld implements AutoCloseable {

    static final List<String> FUNCTIONS = List.of("order-archiver", "alarm-notifier", "alarm-historian",
            "database-migrator", "site-prober");
    static final int ORDER_BATCH = 500;
    static final int ALARM_BATCH = 10;
    static final int CHECKS = 20;
    private static final String DATABASE = "pkg_logs";
    private static final String OWNER = "pkg_owner";
    private static final String WRITER_SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:sitewatch/aurora/historian-AAAAAA";
    private static final String READER_SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:sitewatch/aurora/api-BBBBBB";
    private static final ObjectMapper JSON = new ObjectMapper();

    final Dynalite dynalite;
    final DynamoDbClient dynamo;
    final KinesisLocal kinesis;
    final LocalSns sns;
    final LocalMariaDb mariaDb;
    final SecretsManagerStub secrets;
    final HttpServer site;
    final List<Map<String, String>> published = new CopyOnWriteArrayList<>();
    final List<String> checks = new ArrayList<>();
    private final String ownerPassword = UUID.randomUUID().toString();
    private final String run = Long.toString(System.nanoTime(), 36);
    private int batches;
    private Instant nextRound = Instant.now().truncatedTo(ChronoUnit.MINUTES);

    PackageWorld() throws IOException, SQLException {
        dynalite = Dynalite.start(0);
        dynamo = LocalAws.dynamo(dynalite.endpoint());
        LocalTables.create(dynamo, "WebsiteOrders", "SitewatchQuarantine", "SitewatchAlarmLedger", "SitewatchSilences");
        LocalTables.createOrderRate(dynamo, "SitewatchOrderRate");
        LocalTables.createCheckTables(dynamo, "SitewatchChecks", "SitewatchCheckResults");
        kinesis = KinesisLocal.start(0, Map.of("website-alarms", 1));
        sns = LocalSns.start(0);
        sns.acceptPublish();
        sns.onPublish(published::add);
        mariaDb = LocalMariaDb.start(0);
        try (Connection admin = mariaDb.adminConnection(); Statement sql = admin.createStatement()) {
            sql.execute("CREATE DATABASE " + DATABASE + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
            sql.execute("CREATE USER '" + OWNER + "'@'%' IDENTIFIED BY '" + ownerPassword + "'");
            // what Aurora gives its master user, as far as this database goes
            sql.execute("GRANT ALL PRIVILEGES ON " + DATABASE + ".* TO '" + OWNER + "'@'%' WITH GRANT OPTION");
            sql.execute("GRANT CREATE USER ON *.* TO '" + OWNER + "'@'%'");
        }
        secrets = SecretsManagerStub.start();
        secrets.serve(WRITER_SECRET, "pkg_writer", UUID.randomUUID().toString());
        secrets.serve(READER_SECRET, "pkg_reader", UUID.randomUUID().toString());
        secrets.server().stubFor(WireMock.put(WireMock.urlPathMatching("/cloudformation-response/.*"))
                .willReturn(WireMock.aResponse().withStatus(200)));
        site = OkSite.start(0);
        for (int i = 0; i < CHECKS; i++) {
            String id = String.format("%016x", (long) i + 1);
            checks.add(id);
            CheckFixtures.create(dynamo, "SitewatchChecks", id, "http://127.0.0.1:" + site.getAddress().getPort() + "/shop/" + i);
        }
    }

    private String jdbcUrl() {
        return "jdbc:mariadb://127.0.0.1:" + mariaDb.port() + "/" + DATABASE;
    }

    /** What the template would put in the function's environment, pointed at the local components. */
    Map<String, String> config(String function) {
        Map<String, String> config = new LinkedHashMap<>();
        switch (function) {
            case "order-archiver" -> config.putAll(LocalAws.clientConfig("dynamodb", dynalite.endpoint()));
            case "alarm-notifier" -> {
                config.putAll(LocalAws.clientConfig("dynamodb", dynalite.endpoint()));
                config.putAll(LocalComponents.snsConfig(sns));
                config.put("sitewatch.alarms.stream-endpoint", kinesis.endpoint());
            }
            case "site-prober" -> {
                config.putAll(LocalAws.clientConfig("dynamodb", dynalite.endpoint()));
                config.put("sitewatch.alarms.stream-endpoint", kinesis.endpoint());
            }
            case "database-migrator" -> {
                // the owner's password straight from config here; the app users' from their secrets
                config.put("quarkus.datasource.jdbc.url", jdbcUrl());
                config.put("quarkus.datasource.username", OWNER);
                config.put("quarkus.datasource.password", ownerPassword);
                config.put("sitewatch.database.secrets-manager-endpoint", secrets.endpoint());
            }
            case "alarm-historian" -> {
                // as the writer, whose password only its secret holds
                config.put("quarkus.datasource.jdbc.url", jdbcUrl());
                config.put("sitewatch.database.secret-id", WRITER_SECRET);
                config.put("sitewatch.database.secrets-manager-endpoint", secrets.endpoint());
            }
            default -> throw new IllegalArgumentException(function);
        }
        return config;
    }

    /** A full batch (or the function's one event) with ids never used before. */
    String event(String function) throws JsonProcessingException {
        String batch = run + "-" + batches++;
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return switch (function) {
            case "order-archiver" -> {
                KinesisEvents events = KinesisEvents.batch();
                for (int i = 0; i < ORDER_BATCH; i++) {
                    events.record("""
                            {"InvoiceNo":"P%s%04d","StockCode":"S%04d","Description":"WHITE HANGING HEART T-LIGHT HOLDER",\
                            "Quantity":"6","InvoiceDate":"12/1/2010 8:26","UnitPrice":"2.55","Customer":"%d",\
                            "Country":"United Kingdom"}""".formatted(batch, i, i, 10_000 + i % 97), now);
                }
                yield events.json();
            }
            case "alarm-notifier", "alarm-historian" -> {
                KinesisEvents events = KinesisEvents.batch("arn:aws:kinesis:us-east-1:123456789012:stream/website-alarms", 1);
                for (int i = 0; i < ALARM_BATCH; i++) {
                    events.record(alarm(alarmId(batch, i), now.minusSeconds(60 - i), 40 + i), now);
                }
                yield events.json();
            }
            case "database-migrator" -> JSON.writeValueAsString(Map.of("RequestType", "Create",
                    "ServiceToken", "arn:aws:lambda:us-east-1:123456789012:function:sitewatch-database-migrator",
                    "ResponseURL", secrets.endpoint() + "/cloudformation-response/" + batch + "?X-Amz-Signature=abc",
                    "StackId", "arn:aws:cloudformation:us-east-1:123456789012:stack/sitewatch/0a1b2c3d",
                    "RequestId", UUID.randomUUID().toString(), "LogicalResourceId", "DatabaseMigration",
                    "ResourceType", "Custom::DatabaseMigration",
                    "ResourceProperties", Map.of("ServiceToken", "arn:aws:lambda:us-east-1:123456789012:function:x",
                            "WriterSecretId", WRITER_SECRET, "ReaderSecretId", READER_SECRET, "FunctionVersion", "1")));
            case "site-prober" -> {
                Instant round = nextRound;
                nextRound = nextRound.plus(1, ChronoUnit.MINUTES); // each round due for every check
                yield """
                        {"version":"0","id":"%s","detail-type":"Scheduled Event","source":"aws.events",\
                        "account":"123456789012","time":"%s","region":"us-east-1",\
                        "resources":["arn:aws:events:us-east-1:123456789012:rule/sitewatch-site-prober"],"detail":{}}"""
                        .formatted(UUID.randomUUID(), round);
            }
            default -> throw new IllegalArgumentException(function);
        };
    }

    /** The name of the batch {@link #event} made last, as the alarm ids and invoice numbers carry it. */
    String lastBatch() {
        return run + "-" + (batches - 1);
    }

    static String alarmId(String batch, int i) {
        return "ORDER_FLOOD-pkg-" + batch + "-" + i;
    }

    private static String alarm(String alarmId, Instant windowEnd, int count) {
        return """
                {"alarmId":"%s","floodId":"%s","type":"ORDER_FLOOD","key":null,"windowEnd":"%s","windowSeconds":15,\
                "orderCount":%d,"threshold":30,"topCustomers":[{"key":"14911","count":%d}],\
                "topCountries":[{"key":"United Kingdom","count":%d}],"topStockCodes":[{"key":"85123A","count":3}]}"""
                .formatted(alarmId, alarmId, windowEnd, count, count / 2, count - 1);
    }

    /** Order lines of {@code batch} in WebsiteOrders. */
    int archived(String batch) {
        return dynamo.scanPaginator(s -> s.tableName("WebsiteOrders").filterExpression("begins_with(InvoiceNo, :p)")
                        .expressionAttributeValues(Map.of(":p", AttributeValue.fromS("P" + batch))))
                .stream().mapToInt(page -> page.count()).sum();
    }

    /** Results of all the checks so far. */
    int results() {
        int total = 0;
        for (String id : checks) {
            total += dynamo.query(q -> q.tableName("SitewatchCheckResults").keyConditionExpression("CheckId = :id")
                    .expressionAttributeValues(Map.of(":id", AttributeValue.fromS(id)))).count();
        }
        return total;
    }

    /** History rows of the alarms of {@code batch}. */
    int historyRows(String batch) throws SQLException {
        try (Connection admin = mariaDb.adminConnection(); Statement sql = admin.createStatement();
             ResultSet rows = sql.executeQuery("SELECT COUNT(*) FROM " + DATABASE
                     + ".logs_history WHERE alarm_id LIKE 'ORDER_FLOOD-pkg-" + batch + "-%'")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    /** CloudFormation's responses for {@code batch}'s request, as the migrator PUT them. */
    List<String> customResourceResponses(String batch) {
        return secrets.server().findAll(WireMock.putRequestedFor(WireMock.urlPathEqualTo("/cloudformation-response/" + batch)))
                .stream().map(r -> r.getBodyAsString()).toList();
    }

    @Override
    public void close() {
        site.stop(0);
        for (AutoCloseable c : new AutoCloseable[] {dynamo, dynalite, kinesis, sns, mariaDb, secrets}) {
            try {
                c.close();
            } catch (Exception e) {
                System.err.println("Could not stop " + c + ": " + e);
            }
        }
    }
}
