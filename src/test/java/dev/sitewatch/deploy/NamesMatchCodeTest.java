package dev.sitewatch.deploy;

import static dev.sitewatch.deploy.CfnTemplate.asList;
import static dev.sitewatch.deploy.CfnTemplate.asMap;
import static dev.sitewatch.deploy.CfnTemplate.getAttOf;
import static dev.sitewatch.deploy.CfnTemplate.map;
import static dev.sitewatch.deploy.CfnTemplate.properties;
import static dev.sitewatch.deploy.CfnTemplate.refTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the template creates is what the code reads: table, stream and topic names, the environment variables the
 * config mappings bind to, and the Flink job's runtime property groups. Read from the sources, not from a copy.
 */
class NamesMatchCodeTest {

    static final Path ORDERS_CONFIG = Path.of("src/main/java/dev/sitewatch/order/OrdersConfig.java");
    static final Path ALARMS_CONFIG = Path.of("src/main/java/dev/sitewatch/alarm/AlarmsConfig.java");
    static final Path LOCAL_CONFIG = Path.of("src/main/java/dev/sitewatch/local/LocalConfig.java");
    static final Path SILENCES_CONFIG = Path.of("src/main/java/dev/sitewatch/silence/SilencesConfig.java");
    static final Path DETECTOR_CONFIG = Path.of("kda/src/main/java/dev/sitewatch/kda/DetectorConfig.java");
    static final Path KDA_README = Path.of("kda/README.md");

    static CfnTemplate template;

    @BeforeAll
    static void load() throws IOException {
        template = CfnTemplate.deployed();
    }

    /** The {@code @WithDefault} value on the config method {@code method()} of a config mapping source. */
    static String withDefault(Path source, String method) throws IOException {
        Matcher m = Pattern.compile("@WithDefault\\(\"([^\"]*)\"\\)[^;(]*?\\s" + method + "\\(\\)")
                .matcher(Files.readString(source));
        assertThat(m.find()).as("@WithDefault on %s() in %s", method, source).isTrue();
        return m.group(1);
    }

    /** {@code sitewatch.orders} + {@code quarantineTable} → {@code SITEWATCH_ORDERS_QUARANTINE_TABLE}. */
    static String environmentVariable(Path source, String method) throws IOException {
        Matcher prefix = Pattern.compile("@ConfigMapping\\(prefix = \"([^\"]+)\"\\)").matcher(Files.readString(source));
        assertThat(prefix.find()).as("@ConfigMapping in %s", source).isTrue();
        String key = prefix.group(1) + "." + method.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase();
    }

    static Map<String, Object> environment(String function) {
        return map(map(properties(template.resource(function)), "Environment"), "Variables");
    }

    @Test
    void tablesAreTheOnesTheArchiverWritesByDefault() throws IOException {
        assertThat(template.parameterDefault("OrdersTableName")).isEqualTo(withDefault(ORDERS_CONFIG, "table"))
                .isEqualTo("WebsiteOrders");
        assertThat(template.parameterDefault("QuarantineTableName"))
                .isEqualTo(withDefault(ORDERS_CONFIG, "quarantineTable")).isEqualTo("SitewatchQuarantine");
        assertThat(refTo(properties(template.resource("OrdersTable")).get("TableName"))).isEqualTo("OrdersTableName");
        assertThat(refTo(properties(template.resource("QuarantineTable")).get("TableName")))
                .isEqualTo("QuarantineTableName");
    }

    @Test
    void tableKeysAreTheArchitecturesContract() {
        assertThat(keys("OrdersTable")).containsExactly(Map.entry("CustomerID", "HASH"), Map.entry("OrderID", "RANGE"));
        assertThat(keys("QuarantineTable")).containsExactly(Map.entry("Source", "HASH"), Map.entry("EventId", "RANGE"));
    }

    private static Map<String, Object> keys(String table) {
        Map<String, Object> out = new LinkedHashMap<>();
        asList(properties(template.resource(table)).get("KeySchema"))
                .forEach(k -> out.put(String.valueOf(asMap(k).get("AttributeName")), asMap(k).get("KeyType")));
        return out;
    }

    @Test
    void theArchiverIsToldItsTablesUnderTheNamesItsConfigReads() throws IOException {
        Map<String, Object> env = environment("OrderArchiverFunction");
        assertThat(refTo(env.get(environmentVariable(ORDERS_CONFIG, "table")))).isEqualTo("OrdersTable");
        assertThat(refTo(env.get(environmentVariable(ORDERS_CONFIG, "quarantineTable")))).isEqualTo("QuarantineTable");
    }

    @Test
    void theNotifierPublishesToTheAlarmTopicKeepsItsLedgerAndReportsOnTheAlarmStream() throws IOException {
        Map<String, Object> env = environment("AlarmNotifierFunction");
        assertThat(refTo(env.get(environmentVariable(ALARMS_CONFIG, "topicArn")))).isEqualTo("AlarmTopic");
        assertThat(refTo(env.get(environmentVariable(ALARMS_CONFIG, "ledgerTable")))).isEqualTo("AlarmLedgerTable");
        assertThat(refTo(env.get(environmentVariable(ALARMS_CONFIG, "stream")))).isEqualTo("AlarmsStream");
        assertThat(template.parameterDefault("AlarmLedgerTableName"))
                .isEqualTo(withDefault(ALARMS_CONFIG, "ledgerTable")).isEqualTo("SitewatchAlarmLedger");
        assertThat(refTo(properties(template.resource("AlarmLedgerTable")).get("TableName"))).isEqualTo("AlarmLedgerTableName");
        assertThat(keys("AlarmLedgerTable")).containsExactly(Map.entry("AlarmId", "HASH"));
        // claims expire by TTL on AWS (dynalite has none: nothing local depends on it)
        assertThat(map(properties(template.resource("AlarmLedgerTable")), "TimeToLiveSpecification"))
                .containsEntry("AttributeName", "ExpiresAt").containsEntry("Enabled", true);
    }

    @Test
    void theSilencesTableIsTheOneTheCodeReadsAndBothItsUsersAreToldIt() throws IOException {
        assertThat(template.parameterDefault("SilencesTableName"))
                .isEqualTo(withDefault(SILENCES_CONFIG, "table")).isEqualTo("SitewatchSilences");
        assertThat(refTo(properties(template.resource("SilencesTable")).get("TableName"))).isEqualTo("SilencesTableName");
        assertThat(asList(map(map(template.root(), "Metadata"), "AWS::CloudFormation::Interface").get("ParameterGroups")))
                .anySatisfy(g -> {
                    assertThat(map(asMap(g), "Label")).containsEntry("default", "Names");
                    assertThat(asList(asMap(g).get("Parameters"))).contains("SilencesTableName");
                });
        assertThat(keys("SilencesTable")).containsExactly(Map.entry("SilenceId", "HASH"));
        // old silences expire by TTL on AWS, 30 days after their end (SilenceStore writes ExpiresAt)
        assertThat(map(properties(template.resource("SilencesTable")), "TimeToLiveSpecification"))
                .containsEntry("AttributeName", "ExpiresAt").containsEntry("Enabled", true);
        assertThat(template.resource("SilencesTable")).containsEntry("DeletionPolicy", "Retain")
                .containsEntry("UpdateReplacePolicy", "Retain");
        String variable = environmentVariable(SILENCES_CONFIG, "table");
        assertThat(variable).isEqualTo("SITEWATCH_SILENCES_TABLE");
        assertThat(refTo(environment("AlarmNotifierFunction").get(variable))).isEqualTo("SilencesTable");
        Map<String, Object> api = new LinkedHashMap<>();
        asList(asMap(asList(properties(template.resource("ApiTaskDefinition")).get("ContainerDefinitions")).get(0))
                .get("Environment")).forEach(e -> api.put(String.valueOf(asMap(e).get("Name")), asMap(e).get("Value")));
        assertThat(refTo(api.get(variable))).isEqualTo("SilencesTable");
    }

    @Test
    void theOrderRateTableIsTheOneTheArchiverWritesAndTheDashboardReads() throws IOException {
        Path dashboardConfig = Path.of("src/main/java/dev/sitewatch/dashboard/DashboardConfig.java");
        assertThat(template.parameterDefault("OrderRateTableName"))
                .isEqualTo(withDefault(dashboardConfig, "orderRateTable")).isEqualTo("SitewatchOrderRate");
        assertThat(Files.readString(ORDERS_CONFIG)).containsPattern(
                "(?s)interface Rate \\{.*?@WithDefault\\(\"SitewatchOrderRate\"\\)\\s*@NotBlank\\s*String table\\(\\)");
        assertThat(refTo(properties(template.resource("OrderRateTable")).get("TableName"))).isEqualTo("OrderRateTableName");
        // order.OrderRateTable: one item per UTC hour, expiring by TTL
        assertThat(keys("OrderRateTable")).containsExactly(Map.entry("Hour", "HASH"));
        assertThat(map(properties(template.resource("OrderRateTable")), "TimeToLiveSpecification"))
                .containsEntry("AttributeName", "ExpiresAt").containsEntry("Enabled", true);
        assertThat(refTo(environment("OrderArchiverFunction").get("SITEWATCH_ORDERS_RATE_TABLE")))
                .isEqualTo("OrderRateTable");
        assertThat(refTo(environment("OrderArchiverFunction").get("SITEWATCH_ORDERS_RATE_COUNT_CANCELLATIONS")))
                .isEqualTo("CountCancellations");
        Map<String, Object> api = new LinkedHashMap<>();
        asList(asMap(asList(properties(template.resource("ApiTaskDefinition")).get("ContainerDefinitions")).get(0))
                .get("Environment")).stream().filter(e -> asMap(e).containsKey("Name"))
                .forEach(e -> api.put(String.valueOf(asMap(e).get("Name")), asMap(e).get("Value")));
        assertThat(refTo(api.get(environmentVariable(dashboardConfig, "orderRateTable")))).isEqualTo("OrderRateTable");
        // the chart's threshold line is the detector's threshold
        assertThat(refTo(api.get(environmentVariable(dashboardConfig, "orderThreshold")))).isEqualTo("OrderThreshold");
        assertThat(refTo(api.get(environmentVariable(dashboardConfig, "windowSeconds")))).isEqualTo("WindowSeconds");
    }

    @Test
    void streamsAreTheOnesTheAgentAndTheLocalRunUse() throws IOException {
        assertThat(template.parameterDefault("OrdersStreamName"))
                .isEqualTo(withDefault(LOCAL_CONFIG, "ordersStream")).isEqualTo("website-orders");
        assertThat(template.parameterDefault("AlarmsStreamName"))
                .isEqualTo(withDefault(LOCAL_CONFIG, "alarmsStream")).isEqualTo("website-alarms");
        assertThat(Files.readString(Path.of("ec2-setup/agent.json")))
                .contains("\"kinesisStream\": \"" + template.parameterDefault("OrdersStreamName") + "\"");
        assertThat(refTo(properties(template.resource("OrdersStream")).get("Name"))).isEqualTo("OrdersStreamName");
        assertThat(refTo(properties(template.resource("AlarmsStream")).get("Name"))).isEqualTo("AlarmsStreamName");
    }

    /** Group → keys of the kda/README.md configuration table (rows like {@code | `Detector` | `order.threshold` |}). */
    static Map<String, Set<String>> readmeProperties() throws IOException {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        Matcher row = Pattern.compile("(?m)^\\| `([A-Za-z0-9]+)` \\| `([a-z0-9.]+)`").matcher(Files.readString(KDA_README));
        while (row.find()) {
            out.computeIfAbsent(row.group(1), g -> new LinkedHashSet<>()).add(row.group(2));
        }
        return out;
    }

    /** The values of {@code static final String NAME = "value";} in DetectorConfig. */
    static Map<String, String> detectorConstants() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher c = Pattern.compile("static final String ([A-Z_]+) = \"([^\"]+)\";").matcher(Files.readString(DETECTOR_CONFIG));
        while (c.find()) {
            out.put(c.group(1), c.group(2));
        }
        return out;
    }

    static Map<String, Map<String, Object>> propertyGroups() {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        Map<String, Object> config = map(properties(template.resource("FloodDetector")), "ApplicationConfiguration");
        asList(map(config, "EnvironmentProperties").get("PropertyGroups")).forEach(g ->
                out.put(String.valueOf(asMap(g).get("PropertyGroupId")), map(asMap(g), "PropertyMap")));
        return out;
    }

    @Test
    void flinkPropertyGroupsAreTheJobs() throws IOException {
        Map<String, String> constants = detectorConstants();
        Map<String, Set<String>> documented = readmeProperties();
        Map<String, Map<String, Object>> groups = propertyGroups();
        assertThat(groups.keySet()).containsExactlyInAnyOrder(
                constants.get("INPUT"), constants.get("OUTPUT"), constants.get("DEAD_LETTERS"), constants.get("DETECTOR"));
        groups.forEach((group, map) -> assertThat(map.keySet()).as("keys of %s (kda/README.md)", group)
                .isSubsetOf(documented.getOrDefault(group, Set.of())));
        assertThat(groups.get(constants.get("DETECTOR")).keySet()).as("Detector keys (DetectorConfig)")
                .isSubsetOf(constants.values());
        assertThat(getAttOf(groups.get(constants.get("INPUT")).get(constants.get("STREAM_ARN")))).isEqualTo("OrdersStream");
        assertThat(getAttOf(groups.get(constants.get("OUTPUT")).get(constants.get("STREAM_ARN")))).isEqualTo("AlarmsStream");
        assertThat(getAttOf(groups.get(constants.get("DEAD_LETTERS")).get(constants.get("STREAM_ARN"))))
                .isEqualTo("DeadLetterStream");
    }

    @Test
    void detectorParametersDefaultToTheJobsDefaults() throws IOException {
        String source = Files.readString(DETECTOR_CONFIG);
        Map<String, String> constants = detectorConstants();
        Map<String, Object> detector = propertyGroups().get(constants.get("DETECTOR"));
        detector.forEach((key, value) -> {
            String constant = constants.entrySet().stream().filter(e -> e.getValue().equals(key))
                    .map(Map.Entry::getKey).findFirst().orElseThrow();
            Matcher d = Pattern.compile("\\b" + constant + ", \"([^\"]+)\"").matcher(source);
            assertThat(d.find()).as("default of %s in DetectorConfig", constant).isTrue();
            assertThat(template.parameterDefault(refTo(value))).as("default of parameter %s (%s)", refTo(value), key)
                    .isEqualTo(d.group(1));
        });
    }
}
