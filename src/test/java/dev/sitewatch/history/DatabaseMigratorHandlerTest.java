package dev.sitewatch.history;

import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.sitewatch.testing.MigrationOwnerResource.DATABASE;
import static dev.sitewatch.testing.MigrationOwnerResource.READER;
import static dev.sitewatch.testing.MigrationOwnerResource.WRITER;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import dev.sitewatch.testing.MariaDbResource;
import dev.sitewatch.testing.MigrationOwnerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * The database-migrator as CloudFormation invokes it (a custom-resource request on the mock event server, the
 * response PUT to WireMock as the pre-signed URL): on an empty database with only its owner, it migrates the schema
 * and creates the historian's and the API's users with the least they need; run again, it changes nothing and takes
 * back privileges granted by hand; it always answers CloudFormation.
 */
@QuarkusTest
@TestProfile(DatabaseMigratorHandlerTest.Migrator.class)
@QuarkusTestResource(value = MigrationOwnerResource.class, restrictToAnnotatedClass = true)
class DatabaseMigratorHandlerTest {

    public static class Migrator implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // as on AWS: the schema is the migrator's job, not every start's
            return Map.of("quarkus.lambda.handler", "database-migrator", "quarkus.flyway.migrate-at-start", "false");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Map<String, Object> request(String type, String readerSecret) {
        String requestId = UUID.randomUUID().toString();
        Map<String, Object> request = new java.util.LinkedHashMap<>(Map.of(
                "RequestType", type,
                "ServiceToken", "arn:aws:lambda:us-east-1:123456789012:function:sitewatch-database-migrator",
                "ResponseURL", MigrationOwnerResource.aws().endpoint() + MigrationOwnerResource.RESPONSE_PATH + "/"
                        + requestId + "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=abc",
                "StackId", "arn:aws:cloudformation:us-east-1:123456789012:stack/sitewatch/0a1b2c3d",
                "RequestId", requestId,
                "LogicalResourceId", "DatabaseMigration",
                "ResourceType", "Custom::DatabaseMigration",
                "ResourceProperties", Map.of("ServiceToken", "arn:aws:lambda:us-east-1:123456789012:function:x",
                        "WriterSecretId", MigrationOwnerResource.WRITER_SECRET,
                        "ReaderSecretId", readerSecret, "FunctionVersion", "3")));
        if (!"Create".equals(type)) {
            request.put("PhysicalResourceId", DatabaseMigratorHandler.PHYSICAL_ID);
        }
        return request;
    }

    /** Invokes the function and returns the response CloudFormation received for this request. */
    private static JsonNode invoke(Map<String, Object> request) throws Exception {
        given().contentType(ContentType.JSON).accept(ContentType.JSON).body(JSON.writeValueAsString(request))
                .when().post().then().statusCode(200);
        String path = MigrationOwnerResource.RESPONSE_PATH + "/" + request.get("RequestId");
        List<LoggedRequest> puts = MigrationOwnerResource.aws().server().findAll(putRequestedFor(urlPathEqualTo(path)));
        assertThat(puts).as("responses to request %s", request.get("RequestId")).hasSize(1);
        LoggedRequest put = puts.get(0);
        // the pre-signed URL was signed over an empty Content-Type
        assertThat(put.containsHeader("Content-Type") ? put.getHeader("Content-Type") : "").isEmpty();
        JsonNode response = JSON.readTree(put.getBodyAsString());
        assertThat(response.path("RequestId").asText()).isEqualTo(request.get("RequestId"));
        assertThat(response.path("StackId").asText()).isEqualTo(request.get("StackId"));
        assertThat(response.path("LogicalResourceId").asText()).isEqualTo("DatabaseMigration");
        assertThat(response.path("PhysicalResourceId").asText()).isEqualTo(DatabaseMigratorHandler.PHYSICAL_ID);
        assertThat(response.path("Reason").asText()).isNotBlank();
        return response;
    }

    private static Connection as(String user) throws SQLException {
        return DriverManager.getConnection(MigrationOwnerResource.jdbcUrl(), user, MigrationOwnerResource.password(user));
    }

    private static void run(Connection connection, String statement) throws SQLException {
        try (Statement sql = connection.createStatement()) {
            sql.execute(statement);
        }
    }

    private static long count(Connection connection, String query) throws SQLException {
        try (Statement sql = connection.createStatement(); ResultSet rs = sql.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String> grants(String user) throws SQLException {
        List<String> grants = new ArrayList<>();
        try (Connection admin = MariaDbResource.mariaDb().adminConnection(); Statement sql = admin.createStatement();
                ResultSet rs = sql.executeQuery("SHOW GRANTS FOR '" + user + "'@'%'")) {
            while (rs.next()) {
                grants.add(rs.getString(1).replaceAll("IDENTIFIED BY PASSWORD '[^']*'", "IDENTIFIED BY PASSWORD ..."));
            }
        }
        return grants;
    }

    private static void refused(Connection connection, String statement) {
        assertThatThrownBy(() -> run(connection, statement)).as(statement).isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).as("error code of: %s", statement)
                        .isIn(1142, 1044, 1143)); // command denied (table, database, column)
    }

    private static final String INSERT = """
            INSERT INTO logs_history (alarm_id, alarm_type, alarm_creation_time, Number_of_orders, threshold,
                window_start, window_end, window_seconds, received_at)
            VALUES ('%s', 'ORDER_FLOOD', '2026-11-25 14:03:12', 42, 30, '2026-11-25 14:02:57', '2026-11-25 14:03:12',
                15, '2026-11-25 14:03:13')""";

    @Test
    void migratesCreatesLeastPrivilegeUsersAndIsHarmlessTwice() throws Exception {
        try (Connection admin = MariaDbResource.mariaDb().adminConnection()) {
            assertThat(count(admin, "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '" + DATABASE + "'"))
                    .as("tables before the first deploy").isZero();
        }

        JsonNode created = invoke(request("Create", MigrationOwnerResource.READER_SECRET));
        assertThat(created.path("Status").asText()).isEqualTo("SUCCESS");
        assertThat(created.path("Data").path("SchemaVersion").asText()).isEqualTo("6");
        assertThat(created.path("Data").path("MigrationsApplied").asText()).isEqualTo("7"); // V1, V1.1, V2 ... V6

        try (Connection writer = as(WRITER)) {
            run(writer, INSERT.formatted("ORDER_FLOOD-writer-1"));
            run(writer, "UPDATE logs_history SET sns_message_id = 'm-1' WHERE alarm_id = 'ORDER_FLOOD-writer-1'");
            run(writer, "INSERT INTO floods (flood_id, alarm_type, started_at, peak_count, peak_at, alarms, threshold,"
                    + " window_seconds) VALUES ('F-1', 'ORDER_FLOOD', '2026-11-25 14:03:12', 42, '2026-11-25 14:03:12', 1, 30, 15)");
            assertThat(count(writer, "SELECT COUNT(*) FROM logs_history WHERE sns_message_id = 'm-1'")).isEqualTo(1);
            // the insert trigger (defined by the owner) still keeps the rollups
            assertThat(count(writer, "SELECT SUM(alarms) FROM alarm_rollup")).isEqualTo(1);
            refused(writer, "DELETE FROM logs_history WHERE alarm_id = 'ORDER_FLOOD-writer-1'");
            refused(writer, "CREATE TABLE sneaky (id INT)");
            refused(writer, "DROP TABLE floods");
            refused(writer, "ALTER TABLE logs_history ADD COLUMN sneaky INT");
            refused(writer, "TRUNCATE TABLE alarm_quarantine");
            refused(writer, "SELECT COUNT(*) FROM logs.logs_history"); // another database on the server
        }
        try (Connection reader = as(READER)) {
            assertThat(count(reader, "SELECT COUNT(*) FROM logs_history")).isEqualTo(1);
            assertThat(count(reader, "SELECT COUNT(*) FROM alarm_rollup_hour")).isEqualTo(1);
            refused(reader, INSERT.formatted("ORDER_FLOOD-reader-1"));
            refused(reader, "UPDATE logs_history SET sns_message_id = 'x'");
            refused(reader, "DELETE FROM logs_history");
            refused(reader, "CREATE TABLE sneaky (id INT)");
            refused(reader, "DROP TABLE floods");
        }
        List<String> writerGrants = grants(WRITER);
        List<String> readerGrants = grants(READER);

        // someone granted more by hand; the next deploy's run puts it back, and changes nothing else
        try (Connection admin = MariaDbResource.mariaDb().adminConnection()) {
            run(admin, "GRANT DELETE ON " + DATABASE + ".* TO '" + READER + "'@'%'");
        }
        JsonNode updated = invoke(request("Update", MigrationOwnerResource.READER_SECRET));
        assertThat(updated.path("Status").asText()).isEqualTo("SUCCESS");
        assertThat(updated.path("Data").path("MigrationsApplied").asText()).isEqualTo("0");
        assertThat(invoke(request("Update", MigrationOwnerResource.READER_SECRET)).path("Status").asText())
                .isEqualTo("SUCCESS");
        assertThat(grants(WRITER)).isEqualTo(writerGrants);
        assertThat(grants(READER)).isEqualTo(readerGrants);
        try (Connection writer = as(WRITER); Connection reader = as(READER)) {
            assertThat(count(writer, "SELECT COUNT(*) FROM logs_history")).isEqualTo(1);
            refused(reader, "DELETE FROM logs_history");
        }

        // a stack delete leaves the data alone (the cluster's final snapshot keeps it)
        assertThat(invoke(request("Delete", MigrationOwnerResource.READER_SECRET)).path("Status").asText())
                .isEqualTo("SUCCESS");
        try (Connection reader = as(READER)) {
            assertThat(count(reader, "SELECT COUNT(*) FROM logs_history")).isEqualTo(1);
        }
    }

    @Test
    void byHandWithoutAResponseUrlItAnswersTheCaller() throws Exception {
        Map<String, Object> request = request("Update", MigrationOwnerResource.READER_SECRET);
        request.remove("ResponseURL");
        int responses = MigrationOwnerResource.aws().server().findAll(putRequestedFor(
                com.github.tomakehurst.wiremock.client.WireMock.anyUrl())).size();
        JsonNode answer = JSON.readTree(given().contentType(ContentType.JSON).accept(ContentType.JSON)
                .body(JSON.writeValueAsString(request)).when().post().then().statusCode(200).extract().asString());
        assertThat(answer.path("Status").asText()).isEqualTo("SUCCESS");
        assertThat(answer.path("Data").path("SchemaVersion").asText()).isEqualTo("6");
        assertThat(MigrationOwnerResource.aws().server().findAll(putRequestedFor(
                com.github.tomakehurst.wiremock.client.WireMock.anyUrl()))).hasSize(responses);
        try (Connection reader = as(READER)) {
            refused(reader, "DELETE FROM logs_history");
        }
    }

    @Test
    void aFailureIsReportedToCloudFormationRatherThanLeftWaiting() throws Exception {
        String missing = "arn:aws:secretsmanager:us-east-1:123456789012:secret:sitewatch/aurora/nobody-ZZZZZZ";
        JsonNode failed = invoke(request("Update", missing));
        assertThat(failed.path("Status").asText()).isEqualTo("FAILED");
        assertThat(failed.path("Reason").asText()).contains("ResourceNotFoundException");
    }
}
