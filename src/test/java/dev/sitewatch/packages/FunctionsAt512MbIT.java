package dev.sitewatch.packages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import dev.sitewatch.testing.SecretsManagerStub;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Each function's package, as built ({@code target/packages/NAME/function.zip}), handles a full batch at 512 MB under
 * the JVM flags AWS's managed Java runtime sets for that size (heap 85 %, metaspace 10 %, code cache 5 %, serial GC,
 * C1 only), launched through the AWS Lambda Java runtime interface client against a Runtime API stand-in, on the JDK
 * the template deploys on where this machine has it ({@link FunctionProcess#LAMBDA_JDK}). The effect is checked in the
 * real components (dynalite, kinesis-local, MariaDB, WireMock as SNS and Secrets Manager), and the process's peak RSS
 * must stay under the function's memory. A package that needs more metaspace than 10 % of 512 MB dies here with
 * {@code OutOfMemoryError: Metaspace}, as it would on AWS.
 */
class FunctionsAt512MbIT {

    static final int MEMORY_MB = 512;
    static final Duration FIRST_ANSWER = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RUN = Long.toString(System.currentTimeMillis(), 36);

    static Dynalite dynalite;
    static DynamoDbClient dynamo;
    static KinesisLocal kinesis;
    static LocalSns sns;
    static LocalMariaDb mariaDb;
    static SecretsManagerStub secrets;
    static final List<String> report = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void components() {
        dynalite = Dynalite.start(0);
        dynamo = LocalAws.dynamo(dynalite.endpoint());
        LocalTables.create(dynamo, "WebsiteOrders", "SitewatchQuarantine", "SitewatchAlarmLedger", "SitewatchSilences");
        LocalTables.createOrderRate(dynamo, "SitewatchOrderRate");
        LocalTables.createCheckTables(dynamo, "SitewatchChecks", "SitewatchCheckResults");
        kinesis = KinesisLocal.start(0, Map.of("website-alarms", 1));
        sns = LocalSns.start(0);
        sns.acceptPublish();
    }

    @AfterAll
    static void stop() {
        System.out.println("Functions at " + MEMORY_MB + " MB on " + FunctionProcess.java() + ":\n" + String.join("\n", report));
        for (AutoCloseable c : new AutoCloseable[] {dynamo, dynalite, kinesis, sns, mariaDb, secrets}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                System.err.println("Could not stop " + c + ": " + e);
            }
        }
    }

    private static Map<String, String> dynamoConfig() {
        return LocalAws.clientConfig("dynamodb", dynalite.endpoint());
    }

    /** Launches, hands over the event, checks the answer and the memory; returns the answer's body. */
    private static JsonNode run(String name, String handler, Map<String, String> config, String event) throws Exception {
        try (FunctionProcess function = FunctionProcess.launch(name, handler, MEMORY_MB, config)) {
            RuntimeApiStandIn.Answer answer = function.invoke(event, FIRST_ANSWER);
            String output = function.output();
            assertThat(answer.error()).as("%s answered an error: %s%n%s", name, answer.body(), output).isFalse();
            assertThat(output).as(name).doesNotContain("OutOfMemoryError");
            long peakKb = function.peakRssKb();
            assertThat(function.isAlive()).as("%s still running after its answer:%n%s", name, output).isTrue();
            assertThat(peakKb).as("%s peak RSS (kB)", name).isPositive().isLessThan(MEMORY_MB * 1024L);
            report.add(String.format("  %-17s first event answered %5d ms after launch, peak RSS %3d MB", name,
                    function.millisSinceLaunch(answer.atNanos()), peakKb / 1024));
            return answer.body().isBlank() ? JSON.nullNode() : JSON.readTree(answer.body());
        }
    }

    private static String orderLine(int i) {
        return """
                {"InvoiceNo":"P%s%04d","StockCode":"S%04d","Description":"WHITE HANGING HEART T-LIGHT HOLDER",\
                "Quantity":"6","InvoiceDate":"12/1/2010 8:26","UnitPrice":"2.55","Customer":"%d",\
                "Country":"United Kingdom"}""".formatted(RUN, i, i, 10_000 + i % 97);
    }

    private static String alarm(String alarmId, Instant windowEnd, int count) {
        return """
                {"alarmId":"%s","floodId":"%s","type":"ORDER_FLOOD","key":null,"windowEnd":"%s","windowSeconds":15,\
                "orderCount":%d,"threshold":30,"topCustomers":[{"key":"14911","count":%d}],\
                "topCountries":[{"key":"United Kingdom","count":%d}],"topStockCodes":[{"key":"85123A","count":3}]}"""
                .formatted(alarmId, alarmId, windowEnd, count, count / 2, count - 1);
    }

    @Test
    void theOrderArchiverArchivesABatchOf500() throws Exception {
        KinesisEvents batch = KinesisEvents.batch();
        Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        for (int i = 0; i < 500; i++) {
            batch.record(orderLine(i), at);
        }
        JsonNode answer = run("order-archiver", null, dynamoConfig(), batch.json());
        assertThat(answer.path("batchItemFailures")).isEmpty();
        int archived = dynamo.scanPaginator(s -> s.tableName("WebsiteOrders").select("COUNT")).stream()
                .mapToInt(page -> page.count()).sum();
        assertThat(archived).isEqualTo(500);
    }

    @Test
    void theAlarmNotifierSendsABatchOf10() throws Exception {
        List<Map<String, String>> published = new CopyOnWriteArrayList<>();
        sns.onPublish(published::add);
        KinesisEvents batch = KinesisEvents.batch("arn:aws:kinesis:us-east-1:123456789012:stream/website-alarms", 1);
        Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String id = "ORDER_FLOOD-pkg-" + RUN + "-" + i;
            ids.add(id);
            batch.record(alarm(id, at.minusSeconds(60 - i), 40 + i), at);
        }
        Map<String, String> config = new LinkedHashMap<>(dynamoConfig());
        config.putAll(LocalComponents.snsConfig(sns));
        config.put("sitewatch.alarms.stream-endpoint", kinesis.endpoint());
        JsonNode answer = run("alarm-notifier", null, config, batch.json());
        assertThat(answer.path("batchItemFailures")).isEmpty();
        await().atMost(Duration.ofSeconds(5)).until(() -> published.size() >= 10);
        assertThat(published).hasSize(10);
        assertThat(published).extracting(LocalSns::smsText).allSatisfy(text -> assertThat(text).contains("orders in 15 s"));
    }

    @Test
    void theSiteProberProbesItsChecks() throws Exception {
        HttpServer site = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        site.createContext("/", exchange -> {
            byte[] ok = "ok".getBytes();
            exchange.sendResponseHeaders(200, ok.length);
            exchange.getResponseBody().write(ok);
            exchange.close();
        });
        site.start();
        try {
            List<String> checks = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String id = String.format("%016x", (RUN.hashCode() & 0xffffffL) * 100 + i);
                checks.add(id);
                CheckFixtures.create(dynamo, "SitewatchChecks", id,
                        "http://127.0.0.1:" + site.getAddress().getPort() + "/shop/" + i);
            }
            Map<String, String> config = new LinkedHashMap<>(dynamoConfig());
            config.put("sitewatch.alarms.stream-endpoint", kinesis.endpoint());
            String event = """
                    {"version":"0","id":"%s","detail-type":"Scheduled Event","source":"aws.events",\
                    "account":"123456789012","time":"%s","region":"us-east-1",\
                    "resources":["arn:aws:events:us-east-1:123456789012:rule/sitewatch-site-prober"],"detail":{}}"""
                    .formatted(UUID.randomUUID(), Instant.now().truncatedTo(ChronoUnit.MINUTES));
            run("site-prober", null, config, event);
            for (String id : checks) {
                assertThat(dynamo.query(q -> q.tableName("SitewatchCheckResults").keyConditionExpression("CheckId = :id")
                        .expressionAttributeValues(Map.of(":id",
                                software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(id)))).count())
                        .as("results of check %s", id).isEqualTo(1);
            }
        } finally {
            site.stop(0);
        }
    }

    @Test
    void theHistorianPackageMigratesTheSchemaAndKeepsABatchOf10() throws Exception {
        // an empty database as a fresh Aurora cluster has it: its owner (the master user), secrets for the app users
        mariaDb = LocalMariaDb.start(0);
        secrets = SecretsManagerStub.start();
        String database = "pkg_logs";
        String owner = "pkg_owner";
        String ownerPassword = UUID.randomUUID().toString();
        try (Connection admin = mariaDb.adminConnection(); Statement sql = admin.createStatement()) {
            sql.execute("CREATE DATABASE " + database + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
            sql.execute("CREATE USER '" + owner + "'@'%' IDENTIFIED BY '" + ownerPassword + "'");
            sql.execute("GRANT ALL PRIVILEGES ON " + database + ".* TO '" + owner + "'@'%' WITH GRANT OPTION");
            sql.execute("GRANT CREATE USER ON *.* TO '" + owner + "'@'%'");
        }
        String writerSecret = "arn:aws:secretsmanager:us-east-1:123456789012:secret:sitewatch/aurora/historian-AAAAAA";
        String readerSecret = "arn:aws:secretsmanager:us-east-1:123456789012:secret:sitewatch/aurora/api-BBBBBB";
        secrets.serve(writerSecret, "pkg_writer", UUID.randomUUID().toString());
        secrets.serve(readerSecret, "pkg_reader", UUID.randomUUID().toString());
        String responsePath = "/cloudformation-custom-resource-response/" + RUN;
        secrets.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock.put(
                com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo(responsePath))
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(200)));
        String url = "jdbc:mariadb://127.0.0.1:" + mariaDb.port() + "/" + database;

        // the database-migrator (a CloudFormation custom resource): migrations and users, as the owner
        Map<String, String> migrator = new LinkedHashMap<>();
        migrator.put("quarkus.datasource.jdbc.url", url);
        migrator.put("quarkus.datasource.username", owner);
        migrator.put("quarkus.datasource.password", ownerPassword);
        migrator.put("sitewatch.database.secrets-manager-endpoint", secrets.endpoint());
        String requestId = UUID.randomUUID().toString();
        String create = JSON.writeValueAsString(Map.of("RequestType", "Create",
                "ServiceToken", "arn:aws:lambda:us-east-1:123456789012:function:sitewatch-database-migrator",
                "ResponseURL", secrets.endpoint() + responsePath + "?X-Amz-Signature=abc",
                "StackId", "arn:aws:cloudformation:us-east-1:123456789012:stack/sitewatch/0a1b2c3d",
                "RequestId", requestId, "LogicalResourceId", "DatabaseMigration",
                "ResourceType", "Custom::DatabaseMigration",
                "ResourceProperties", Map.of("ServiceToken", "arn:aws:lambda:us-east-1:123456789012:function:x",
                        "WriterSecretId", writerSecret, "ReaderSecretId", readerSecret, "FunctionVersion", "1")));
        run("database-migrator", null, migrator, create);
        var responses = secrets.server().findAll(com.github.tomakehurst.wiremock.client.WireMock
                .putRequestedFor(com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo(responsePath)));
        assertThat(responses).hasSize(1);
        assertThat(JSON.readTree(responses.get(0).getBodyAsString()).get("Status").asText()).isEqualTo("SUCCESS");

        // the historian, as the writer whose password only its secret holds
        Map<String, String> historian = new LinkedHashMap<>();
        historian.put("quarkus.datasource.jdbc.url", url);
        historian.put("sitewatch.database.secret-id", writerSecret);
        historian.put("sitewatch.database.secrets-manager-endpoint", secrets.endpoint());
        KinesisEvents batch = KinesisEvents.batch("arn:aws:kinesis:us-east-1:123456789012:stream/website-alarms", 1);
        Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        for (int i = 0; i < 10; i++) {
            batch.record(alarm("ORDER_FLOOD-hist-" + RUN + "-" + i, at.minusSeconds(60 - i), 50 + i), at);
        }
        JsonNode answer = run("alarm-historian", null, historian, batch.json());
        assertThat(answer.path("batchItemFailures")).isEmpty();
        try (Connection admin = mariaDb.adminConnection(); Statement sql = admin.createStatement();
             ResultSet rows = sql.executeQuery("SELECT COUNT(*) FROM " + database
                     + ".logs_history WHERE alarm_id LIKE 'ORDER_FLOOD-hist-" + RUN + "-%'")) {
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(10);
        }
    }
}
