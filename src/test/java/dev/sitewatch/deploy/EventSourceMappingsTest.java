package dev.sitewatch.deploy;

import static dev.sitewatch.deploy.CfnTemplate.getAttOf;
import static dev.sitewatch.deploy.CfnTemplate.map;
import static dev.sitewatch.deploy.CfnTemplate.properties;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every Kinesis event-source mapping delivers the way the handlers are written for (ARCHITECTURE.md, "Known
 * pitfalls"): partial batch failures reported, a poison record bisected out, retries and record age bounded, and
 * what gives up lands in an on-failure destination instead of blocking the shard until the stream's retention ends.
 */
class EventSourceMappingsTest {

    static CfnTemplate template;
    static Map<String, Map<String, Object>> mappings;

    @BeforeAll
    static void load() throws IOException {
        template = CfnTemplate.deployed();
        mappings = kinesisMappings(template);
    }

    /** Plain {@code AWS::Lambda::EventSourceMapping}s and SAM {@code Events} of type Kinesis, by a readable name. */
    static Map<String, Map<String, Object>> kinesisMappings(CfnTemplate t) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        t.resourcesOfType("AWS::Lambda::EventSourceMapping")
                .forEach((id, r) -> out.put(id, properties(r)));
        t.resourcesOfType("AWS::Serverless::Function").forEach((id, r) -> map(properties(r), "Events")
                .forEach((name, e) -> {
                    Map<String, Object> event = CfnTemplate.asMap(e);
                    if ("Kinesis".equals(event.get("Type"))) {
                        out.put(id + "/" + name, map(event, "Properties"));
                    }
                }));
        return out;
    }

    @Test
    void everyFunctionIsFedFromItsStream() {
        Map<String, String> streamOfFunction = new LinkedHashMap<>();
        mappings.values().forEach(m -> streamOfFunction.put(CfnTemplate.aliasOf(m.get("FunctionName")),
                getAttOf(m.getOrDefault("EventSourceArn", m.get("Stream")))));
        assertThat(streamOfFunction).containsExactlyInAnyOrderEntriesOf(Map.of(
                "OrderArchiverFunction", "OrdersStream",
                "AlarmNotifierFunction", "AlarmsStream",
                "AlarmHistorianFunction", "AlarmsStream"));
    }

    @Test
    void withFanOutTheArchiverReadsThroughItsOwnConsumer() throws IOException {
        CfnTemplate fanOut = CfnTemplate.deployed(Map.of("ArchiverEnhancedFanOut", "true"));
        Map<String, Object> mapping = properties(fanOut.resource("OrderArchiverMapping"));
        assertThat(CfnTemplate.asList(CfnTemplate.asMap(mapping.get("EventSourceArn")).get("Fn::GetAtt")))
                .containsExactly("OrderArchiverConsumer", "ConsumerARN");
        assertThat(getAttOf(properties(fanOut.resource("OrderArchiverConsumer")).get("StreamARN"))).isEqualTo("OrdersStream");
        assertThat(IamPoliciesTest.statements(fanOut)).filteredOn(st -> st.where().startsWith("OrderArchiverRole/"))
                .filteredOn(st -> st.resources().stream().anyMatch(r -> "OrderArchiverConsumer".equals(getAttOf(r))))
                .flatExtracting(IamPoliciesTest.Statement::actions)
                .containsExactlyInAnyOrder("kinesis:SubscribeToShard", "kinesis:DescribeStreamConsumer");
        // by default it polls, and no consumer is paid for
        assertThat(template.resources()).doesNotContainKey("OrderArchiverConsumer");
    }

    /** The historian retries a failing batch until the database is back; see {@link #theHistorianWaitsForTheDatabase}. */
    private static boolean isHistorian(Map<String, Object> mapping) {
        return "AlarmHistorianFunction".equals(CfnTemplate.aliasOf(mapping.get("FunctionName")));
    }

    @Test
    void everyMappingReportsBatchItemFailures() {
        mappings.forEach((id, m) -> assertThat(m.get("FunctionResponseTypes"))
                .as("%s FunctionResponseTypes", id)
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                .contains("ReportBatchItemFailures"));
    }

    @Test
    void everyMappingButTheHistoriansBisectsAFailingBatch() {
        mappings.forEach((id, m) -> assertThat(m.get("BisectBatchOnFunctionError"))
                .as("%s BisectBatchOnFunctionError", id)
                .isEqualTo(!isHistorian(m)));
    }

    @Test
    void retriesAreBounded() {
        // -1 (the default) retries until the record expires from the stream, holding up its whole shard
        mappings.forEach((id, m) -> {
            if (!isHistorian(m)) {
                assertThat(m.get("MaximumRetryAttempts")).as("%s MaximumRetryAttempts", id)
                        .isInstanceOf(Integer.class)
                        .satisfies(n -> assertThat((Integer) n).isBetween(0, 10));
            }
        });
    }

    @Test
    void theHistorianWaitsForTheDatabase() {
        // a database outage must not lose history: retried without a count limit, bounded by the records' age
        // (recordAgeIsBoundedWellInsideTheStreamsRetention); its shard holds up only the history, never an SMS
        Map<String, Object> historian = mappings.values().stream().filter(EventSourceMappingsTest::isHistorian)
                .findFirst().orElseThrow();
        assertThat(historian.get("MaximumRetryAttempts")).isEqualTo(-1);
        assertThat(historian.get("FunctionResponseTypes")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                .contains("ReportBatchItemFailures");
    }

    @Test
    void recordAgeIsBoundedWellInsideTheStreamsRetention() {
        mappings.forEach((id, m) -> {
            assertThat(m.get("MaximumRecordAgeInSeconds")).as("%s MaximumRecordAgeInSeconds", id)
                    .isInstanceOf(Integer.class);
            int maxAge = (Integer) m.get("MaximumRecordAgeInSeconds");
            String stream = getAttOf(m.getOrDefault("EventSourceArn", m.get("Stream")));
            Object retentionHours = properties(template.resource(stream)).getOrDefault("RetentionPeriodHours", 24);
            // what gives up is replayed from the stream after the on-failure message: leave time for that
            assertThat(maxAge).as("%s MaximumRecordAgeInSeconds", id)
                    .isBetween(60, (Integer) retentionHours * 3600 / 2);
        });
    }

    @Test
    void everyMappingHasAnOnFailureQueue() {
        mappings.forEach((id, m) -> {
            Object destination = map(map(m, "DestinationConfig"), "OnFailure").get("Destination");
            assertThat(getAttOf(destination)).as("%s DestinationConfig.OnFailure.Destination", id).isNotNull();
            assertThat(template.resource(getAttOf(destination)).get("Type")).as("%s on-failure destination", id)
                    .isEqualTo("AWS::SQS::Queue");
        });
    }

    @Test
    void mappingsStartAtTheOldestRecordWithAnExplicitBatchShape() {
        mappings.forEach((id, m) -> {
            assertThat(m.get("StartingPosition")).as("%s StartingPosition", id).isEqualTo("TRIM_HORIZON");
            assertThat(m.get("BatchSize")).as("%s BatchSize", id).isInstanceOf(Integer.class);
            assertThat((Integer) m.get("BatchSize")).as("%s BatchSize", id).isBetween(1, 10_000);
            assertThat(m.get("MaximumBatchingWindowInSeconds")).as("%s MaximumBatchingWindowInSeconds", id)
                    .isInstanceOf(Integer.class);
            assertThat((Integer) m.get("MaximumBatchingWindowInSeconds")).isBetween(0, 300);
        });
    }
}
