package dev.sitewatch.deploy;

import static dev.sitewatch.deploy.CfnTemplate.asList;
import static dev.sitewatch.deploy.CfnTemplate.asMap;
import static dev.sitewatch.deploy.CfnTemplate.map;
import static dev.sitewatch.deploy.CfnTemplate.properties;
import static dev.sitewatch.deploy.CfnTemplate.refTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The site-prober as deployed: run by a schedule, outside the VPC, with rights for exactly the calls its code makes,
 * told the tables and the stream under the names its configuration reads, and the tables kept (results with a TTL).
 */
class SiteProberTemplateTest {

    static final Path CHECKS_CONFIG = Path.of("src/main/java/dev/sitewatch/check/ChecksConfig.java");
    static final Path ALARMS_CONFIG = Path.of("src/main/java/dev/sitewatch/alarm/AlarmsConfig.java");

    static CfnTemplate template;
    static List<IamPoliciesTest.Statement> statements;

    @BeforeAll
    static void load() throws IOException {
        template = CfnTemplate.load();
        statements = IamPoliciesTest.statements(template);
    }

    private static Map<String, Object> function() {
        return properties(template.resource("SiteProberFunction"));
    }

    /** Resource → actions granted to {@code role} on it (by Ref or GetAtt). */
    private static Map<String, TreeSet<String>> grants(String role) {
        Map<String, TreeSet<String>> out = new LinkedHashMap<>();
        statements.stream().filter(st -> st.where().startsWith(role + "/")).forEach(st -> st.resources().forEach(r -> {
            String target = CfnTemplate.getAttOf(r) != null ? CfnTemplate.getAttOf(r) : refTo(r);
            st.actions().forEach(a -> out.computeIfAbsent(String.valueOf(target), t -> new TreeSet<>()).add(String.valueOf(a)));
        }));
        return out;
    }

    @Test
    void aScheduleRunsItEveryMinuteByDefault() {
        Map<String, Object> events = map(function(), "Events");
        assertThat(events).hasSize(1);
        Map<String, Object> event = asMap(events.values().iterator().next());
        assertThat(event.get("Type")).isEqualTo("Schedule");
        assertThat(refTo(map(event, "Properties").get("Schedule"))).isEqualTo("ProbeSchedule");
        assertThat(template.parameterDefault("ProbeSchedule")).isEqualTo("rate(1 minute)");
        // a failed round is retried once, while it is still worth it; the next round takes over anyway
        assertThat(map(function(), "EventInvokeConfig")).containsEntry("MaximumRetryAttempts", 1)
                .containsEntry("MaximumEventAgeInSeconds", 120);
        assertThat((Integer) function().get("Timeout")).as("a round ends before the next begins").isLessThan(60);
    }

    @Test
    void itRunsOutsideTheVpcWithoutTheDatabase() {
        assertThat(function()).doesNotContainKey("VpcConfig");
        Map<String, Object> env = map(map(function(), "Environment"), "Variables");
        assertThat(env).containsEntry("QUARKUS_LAMBDA_HANDLER", "site-prober")
                .doesNotContainKeys("QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_PASSWORD");
        assertThat(grants("SiteProberRole").values()).allSatisfy(actions ->
                assertThat(actions).noneMatch(a -> a.startsWith("ec2:") || a.startsWith("rds")));
    }

    @Test
    void itMayDoExactlyWhatItsCodeCalls() {
        // CheckStore.all (Scan), commitRound and removePending (UpdateItem); ResultStore.write (BatchWriteItem);
        // SiteProber's flush (PutRecords); its own log group
        Map<String, TreeSet<String>> grants = grants("SiteProberRole");
        assertThat(grants).containsOnlyKeys("ChecksTable", "CheckResultsTable", "AlarmsStream", "SiteProberLogGroup");
        assertThat(grants.get("ChecksTable")).containsExactly("dynamodb:Scan", "dynamodb:UpdateItem");
        assertThat(grants.get("CheckResultsTable")).containsExactly("dynamodb:BatchWriteItem");
        assertThat(grants.get("AlarmsStream")).containsExactly("kinesis:PutRecords");
        assertThat(grants.get("SiteProberLogGroup")).containsExactly("logs:CreateLogStream", "logs:PutLogEvents");
        assertThat(CfnTemplate.getAttOf(function().get("Role"))).isEqualTo("SiteProberRole");
    }

    @Test
    void onlyLambdaActingForThisAccountMayTakeTheRole() {
        Map<String, Object> trust = asMap(asList(map(properties(template.resource("SiteProberRole")),
                "AssumeRolePolicyDocument").get("Statement")).get(0));
        assertThat(map(trust, "Principal")).containsEntry("Service", "lambda.amazonaws.com");
        assertThat(map(map(trust, "Condition"), "StringEquals")).containsEntry("aws:SourceAccount",
                Map.of("Ref", "AWS::AccountId"));
    }

    @Test
    void theApiMayManageChecksAndReadResultsOnly() {
        Map<String, TreeSet<String>> grants = grants("ApiTaskRole");
        assertThat(grants.get("ChecksTable")).containsExactly("dynamodb:DeleteItem", "dynamodb:GetItem",
                "dynamodb:PutItem", "dynamodb:Scan", "dynamodb:UpdateItem");
        assertThat(grants.get("CheckResultsTable")).containsExactly("dynamodb:Query");
    }

    @Test
    void tablesAreTheOnesTheCodeReadsKeptOnDeleteResultsWithATtl() throws IOException {
        assertThat(template.parameterDefault("ChecksTableName"))
                .isEqualTo(NamesMatchCodeTest.withDefault(CHECKS_CONFIG, "table")).isEqualTo("SitewatchChecks");
        assertThat(template.parameterDefault("CheckResultsTableName"))
                .isEqualTo(NamesMatchCodeTest.withDefault(CHECKS_CONFIG, "resultsTable")).isEqualTo("SitewatchCheckResults");
        for (String table : new String[] {"ChecksTable", "CheckResultsTable"}) {
            assertThat(template.resource(table)).as(table).containsEntry("DeletionPolicy", "Retain")
                    .containsEntry("UpdateReplacePolicy", "Retain");
        }
        assertThat(map(properties(template.resource("CheckResultsTable")), "TimeToLiveSpecification"))
                .containsEntry("AttributeName", "ExpiresAt").containsEntry("Enabled", true);
        assertThat(asList(properties(template.resource("CheckResultsTable")).get("KeySchema")))
                .containsExactly(Map.of("AttributeName", "CheckId", "KeyType", "HASH"),
                        Map.of("AttributeName", "RoundAt", "KeyType", "RANGE"));
        assertThat(asList(properties(template.resource("CheckResultsTable")).get("AttributeDefinitions")))
                .contains(Map.of("AttributeName", "RoundAt", "AttributeType", "N"));

        Map<String, Object> env = map(map(function(), "Environment"), "Variables");
        assertThat(refTo(env.get(NamesMatchCodeTest.environmentVariable(CHECKS_CONFIG, "table")))).isEqualTo("ChecksTable");
        assertThat(refTo(env.get(NamesMatchCodeTest.environmentVariable(CHECKS_CONFIG, "resultsTable"))))
                .isEqualTo("CheckResultsTable");
        assertThat(refTo(env.get(NamesMatchCodeTest.environmentVariable(ALARMS_CONFIG, "stream")))).isEqualTo("AlarmsStream");
        Map<String, Object> api = new LinkedHashMap<>();
        asList(asMap(asList(properties(template.resource("ApiTaskDefinition")).get("ContainerDefinitions")).get(0))
                .get("Environment")).forEach(e -> api.put(String.valueOf(asMap(e).get("Name")), asMap(e).get("Value")));
        assertThat(refTo(api.get("SITEWATCH_CHECKS_TABLE"))).isEqualTo("ChecksTable");
        assertThat(refTo(api.get("SITEWATCH_CHECKS_RESULTS_TABLE"))).isEqualTo("CheckResultsTable");
    }

    @Test
    void failedRoundsAlarmTheOpsTopic() {
        Map<String, Object> alarm = properties(template.resource("SiteProberErrorsAlarm"));
        assertThat(alarm.get("MetricName")).isEqualTo("Errors");
        assertThat(refTo(asMap(asList(alarm.get("Dimensions")).get(0)).get("Value"))).isEqualTo("SiteProberFunction");
        assertThat(asList(alarm.get("AlarmActions"))).containsExactly(Map.of("Ref", "OpsTopic"));
    }
}
