package dev.sitewatch.packages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Each function's package, as built ({@code target/packages/NAME/function.zip}), handles a full batch at 512 MB under
 * exactly the JVM flags AWS's managed Java runtime sets for that size (heap 85 %, metaspace 10 %, code cache 5 %,
 * serial GC, C1 only), launched through the AWS Lambda Java runtime interface client against a Runtime API stand-in, on the JDK
 * the template deploys on where this machine has it ({@link FunctionProcess#LAMBDA_JDK}). The effect is checked in the
 * real components ({@link PackageWorld}), and the process's peak RSS must stay under the function's memory. A package
 * that needs more metaspace than 10 % of 512 MB dies here with {@code OutOfMemoryError: Metaspace}, as on AWS.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FunctionsAt512MbIT {

    static final int MEMORY_MB = 512;
    static final Duration FIRST_ANSWER = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();

    static PackageWorld world;
    static final List<String> report = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void components() throws Exception {
        world = new PackageWorld();
    }

    @AfterAll
    static void stop() {
        System.out.println("Functions at " + MEMORY_MB + " MB on " + FunctionProcess.java() + ":\n" + String.join("\n", report));
        if (world != null) {
            world.close();
        }
    }

    /** Launches, hands over the function's next event, checks the answer and the memory; returns the answer. */
    private static JsonNode run(String name) throws Exception {
        // AWS's flags and nothing else: on this machine the JVM then sizes its initial heap from 24 GB, not 512 MB,
        // which only makes the RSS here higher than on Lambda
        try (FunctionProcess function = FunctionProcess.launch(name, MEMORY_MB, false, world.config(name))) {
            RuntimeApiStandIn.Answer answer = function.invoke(world.event(name), FIRST_ANSWER);
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

    @Test
    @Order(1)
    void theOrderArchiverArchivesABatchOf500() throws Exception {
        JsonNode answer = run("order-archiver");
        assertThat(answer.path("batchItemFailures")).isEmpty();
        assertThat(world.archived(world.lastBatch())).isEqualTo(PackageWorld.ORDER_BATCH);
    }

    @Test
    @Order(2)
    void theAlarmNotifierSendsABatchOf10() throws Exception {
        int before = world.published.size();
        JsonNode answer = run("alarm-notifier");
        assertThat(answer.path("batchItemFailures")).isEmpty();
        await().atMost(Duration.ofSeconds(5)).until(() -> world.published.size() >= before + PackageWorld.ALARM_BATCH);
        assertThat(world.published.subList(before, world.published.size())).hasSize(PackageWorld.ALARM_BATCH)
                .allSatisfy(p -> assertThat(dev.sitewatch.local.LocalSns.smsText(p)).contains("orders in 15 s"));
    }

    @Test
    @Order(3)
    void theSiteProberProbesItsChecks() throws Exception {
        int before = world.results();
        run("site-prober");
        assertThat(world.results() - before).as("one result per check").isEqualTo(PackageWorld.CHECKS);
    }

    @Test
    @Order(4)
    void theDatabaseMigratorMigratesTheSchemaAndMakesTheUsers() throws Exception {
        run("database-migrator");
        List<String> responses = world.customResourceResponses(world.lastBatch());
        assertThat(responses).hasSize(1);
        assertThat(JSON.readTree(responses.get(0)).get("Status").asText()).isEqualTo("SUCCESS");
    }

    @Test
    @Order(5)
    void theAlarmHistorianKeepsABatchOf10() throws Exception {
        JsonNode answer = run("alarm-historian"); // on the schema and as the user the migrator made
        assertThat(answer.path("batchItemFailures")).isEmpty();
        assertThat(world.historyRows(world.lastBatch())).isEqualTo(PackageWorld.ALARM_BATCH);
    }
}
