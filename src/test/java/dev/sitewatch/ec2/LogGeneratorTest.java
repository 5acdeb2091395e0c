package dev.sitewatch.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;

import java.time.Clock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import dev.sitewatch.kinesis.Decoded;
import dev.sitewatch.local.emulator.KinesisLocal;
import dev.sitewatch.order.OrderLine;
import dev.sitewatch.order.OrderLineParser;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Runs {@code ec2-setup/LogGenerator.java} as the README does and reads what it wrote the way the pipeline does: the
 * file through the Kinesis Agent's CSVTOJSON (emulated from the agent's source, with the delimiter of our agent.json),
 * the stream through the real emulator; every order line then goes through the archiver's own parser.
 */
class LogGeneratorTest {

    static final Path GENERATOR = Path.of("ec2-setup", "LogGenerator.java");
    static final ObjectMapper JSON = new ObjectMapper();
    static final OrderLineParser PARSER = new OrderLineParser(JSON, ZoneOffset.UTC, 65536);

    @TempDir
    Path tmp;

    @Test
    void logFileThroughTheAgentGivesValidOrderLines() throws Exception {
        Path file = tmp.resolve("website/orders.log");
        Path same = tmp.resolve("again/orders.log");
        Path other = tmp.resolve("other/orders.log");
        // three JVMs at once: compiling the source file dominates their run time
        List<Process> runs = List.of(
                start("--out", file.toString(), "--count", "200", "--seed", "7", "--rate", "1000"),
                start("--out", same.toString(), "--count", "200", "--seed", "7", "--rate", "1000"),
                start("--out", other.toString(), "--count", "200", "--seed", "8", "--rate", "1000"));
        for (Process run : runs) {
            finish(run);
        }

        String delimiter = AgentConfigTest.delimiter();
        List<String> csv = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(csv).hasSize(200);
        List<OrderLine> lines = new ArrayList<>();
        for (String line : csv) {
            String json = agentCsvToJson(line + "\n", delimiter);
            Decoded<OrderLine> decoded = PARSER.parse(json.getBytes(StandardCharsets.UTF_8));
            assertThat(decoded).as("%s read by the agent as %s", line, json).isInstanceOf(Decoded.Ok.class);
            OrderLine order = ((Decoded.Ok<OrderLine>) decoded).value();
            assertThat(order.warnings()).as(line).isEmpty();
            assertThat(order.quantity()).as(line).isNotNull();
            assertThat(order.unitPrice()).as(line).isPositive();
            assertThat(order.invoiceDate()).as(line).isBetween(Instant.now().minus(Duration.ofMinutes(5)), Instant.now());
            assertThat(order.country()).as(line).isNotBlank();
            assertThat(order.description()).as(line).doesNotContain("\"");
            lines.add(order);
        }

        Map<String, List<OrderLine>> invoices = lines.stream()
                .collect(Collectors.groupingBy(OrderLine::invoiceNo, LinkedHashMap::new, Collectors.toList()));
        assertThat(invoices.values()).allSatisfy(invoice -> {
            assertThat(invoice.size()).isBetween(1, 8);
            assertThat(invoice).extracting(OrderLine::invoiceDate).containsOnly(invoice.get(0).invoiceDate());
            assertThat(invoice).extracting(OrderLine::country).containsOnly(invoice.get(0).country());
            assertThat(invoice.stream().map(OrderLine::customer).distinct()).hasSize(1);
        });
        assertThat(invoices.values()).anySatisfy(invoice -> assertThat(invoice.size()).isGreaterThan(1));

        long blank = lines.stream().filter(l -> l.customer() == null).count();
        assertThat(blank).as("lines without a customer").isBetween(20L, 90L);
        assertThat(lines).filteredOn(OrderLine::cancelled).isNotEmpty()
                .allSatisfy(l -> assertThat(l.quantity()).isNegative());
        assertThat(lines).filteredOn(l -> !l.cancelled()).allSatisfy(l -> assertThat(l.quantity()).isPositive());
        assertThat(lines).extracting(OrderLine::country).contains("United Kingdom")
                .filteredOn("United Kingdom"::equals).hasSizeGreaterThan(100);
        List<String> withCommas = lines.stream().map(OrderLine::description).filter(d -> d.contains(", ")).toList();
        assertThat(withCommas).isNotEmpty();
        assertThat(csv).anySatisfy(l -> assertThat(l).contains("\"" + withCommas.get(0) + "\""));

        assertThat(withoutDates(same)).isEqualTo(withoutDates(file));
        assertThat(withoutDates(other)).isNotEqualTo(withoutDates(file));
    }

    @Test
    void kinesisModePutsTheAgentsJsonOntoTheStream() throws Exception {
        try (KinesisLocal kinesis = KinesisLocal.start(0, Map.of("website-orders", 1));
             KinesisClient client = KinesisClient.builder()
                     .endpointOverride(URI.create(kinesis.endpoint()))
                     .region(Region.US_EAST_1)
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                     .httpClientBuilder(UrlConnectionHttpClient.builder())
                     .build()) {
            String log = finish(start("--kinesis-endpoint", kinesis.endpoint(), "--stream", "website-orders",
                    "--count", "50", "--malformed-rate", "0.1", "--seed", "3", "--rate", "500"));
            Matcher summary = Pattern.compile("done: 50 lines \\((\\d+) malformed\\)").matcher(log);
            assertThat(summary.find()).as(log).isTrue();
            int malformed = Integer.parseInt(summary.group(1));

            List<Record> records = readAll(client, 50);
            assertThat(records).hasSize(50);
            int rejected = 0;
            for (Record record : records) {
                String data = record.data().asUtf8String();
                Decoded<OrderLine> decoded = PARSER.parse(record.data().asByteArray());
                if (decoded instanceof Decoded.Ok<OrderLine> ok) {
                    assertThat(data).endsWith("}\n"); // the agent's record ends with a newline
                    Map<String, Object> fields = JSON.readValue(data, new com.fasterxml.jackson.core.type.TypeReference<LinkedHashMap<String, Object>>() { });
                    assertThat(fields.keySet()).containsExactlyElementsOf(OrderLineParser.FIELDS);
                    assertThat(fields.values()).allSatisfy(v -> assertThat(v).isInstanceOf(String.class));
                    assertThat(ok.value().quantity()).isNotNull();
                    assertThat(ok.value().invoiceDate()).isNotNull();
                } else {
                    rejected++;
                }
            }
            assertThat(rejected).isEqualTo(malformed).isBetween(1, 15);
        }
    }

    /**
     * Against WireMock, which answers the first PutRecords with one record failed: the signature must be the one the
     * AWS SDK computes for the same request, and only the failed record may be sent again.
     */
    @Test
    void signsLikeTheAwsSdkAndResendsOnlyFailedRecords() throws Exception {
        WireMockServer server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        server.start();
        try {
            server.stubFor(post("/").inScenario("put").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("retried")
                    .willReturn(okJson("""
                            {"FailedRecordCount":1,"Records":[{"SequenceNumber":"1","ShardId":"shardId-000000000000"},
                            {"ErrorCode":"ProvisionedThroughputExceededException","ErrorMessage":"Rate exceeded"},
                            {"SequenceNumber":"2","ShardId":"shardId-000000000000"}]}""")));
            server.stubFor(post("/").inScenario("put").whenScenarioStateIs("retried").willReturn(okJson("""
                    {"FailedRecordCount":0,"Records":[{"SequenceNumber":"3","ShardId":"shardId-000000000000"}]}""")));
            ProcessBuilder generator = command("--kinesis-endpoint", server.baseUrl(), "--region", "eu-west-1",
                    "--count", "3", "--seed", "5", "--rate", "1000");
            // AWS's documented example credentials
            generator.environment().put("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE");
            generator.environment().put("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
            generator.environment().put("AWS_SESSION_TOKEN", "session-token-example");
            finish(generator.start());

            List<LoggedRequest> requests = server.getAllServeEvents().stream().map(ServeEvent::getRequest)
                    .sorted(java.util.Comparator.comparing(LoggedRequest::getLoggedDate)).toList();
            assertThat(requests).hasSize(2);
            JsonNode first = JSON.readTree(requests.get(0).getBodyAsString()).get("Records");
            JsonNode second = JSON.readTree(requests.get(1).getBodyAsString()).get("Records");
            assertThat(first).hasSize(3);
            assertThat(second).containsExactly(first.get(1));

            for (LoggedRequest request : requests) {
                assertThat(request.getHeader("X-Amz-Target")).isEqualTo("Kinesis_20131202.PutRecords");
                assertThat(request.getHeader("Authorization")).isEqualTo(sdkAuthorization(request, server.port()));
            }
        } finally {
            server.stop();
        }
    }

    /** What the AWS SDK's SigV4 signer puts in Authorization for the same request at the same instant. */
    static String sdkAuthorization(LoggedRequest request, int port) {
        Instant at = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssX")
                .parse(request.getHeader("X-Amz-Date"), Instant::from);
        SdkHttpFullRequest unsigned = SdkHttpFullRequest.builder().method(SdkHttpMethod.POST)
                .uri(URI.create("http://localhost:" + port + "/"))
                .putHeader("Content-Type", request.getHeader("Content-Type"))
                .putHeader("X-Amz-Target", request.getHeader("X-Amz-Target"))
                .putHeader("X-Amz-Security-Token", request.getHeader("X-Amz-Security-Token"))
                .build();
        byte[] body = request.getBody();
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsSessionCredentialsIdentity.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                        "session-token-example"))
                .request(unsigned)
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "kinesis")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "eu-west-1")
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC)));
        return signed.request().firstMatchingHeader("Authorization").orElseThrow();
    }

    /** The agent's CSVToJSONDataConverter: drop the newline, {@code String.split(delimiter)}, name the columns. */
    static String agentCsvToJson(String record, String delimiter) throws IOException {
        String data = record.endsWith("\n") ? record.substring(0, record.length() - 1) : record;
        String[] columns = data.split(delimiter);
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < OrderLineParser.FIELDS.size(); i++) {
            map.put(OrderLineParser.FIELDS.get(i), i < columns.length ? columns[i] : null);
        }
        return JSON.writeValueAsString(map) + "\n";
    }

    static List<String> withoutDates(Path file) throws IOException {
        return Files.readAllLines(file).stream()
                .map(l -> l.replaceAll(",\\d{1,2}/\\d{1,2}/\\d{4} \\d{1,2}:\\d{2},", ",<date>,")).toList();
    }

    /** Every record on website-orders, once {@code expected} of them are there; a timeout fails the test. */
    static List<Record> readAll(KinesisClient client, int expected) {
        return await(expected + " records on website-orders").atMost(Duration.ofSeconds(10))
                .until(() -> readToEnd(client), records -> records.size() >= expected);
    }

    private static List<Record> readToEnd(KinesisClient client) {
        List<Record> records = new ArrayList<>();
        for (Shard shard : client.listShards(r -> r.streamName("website-orders")).shards()) {
            String iterator = client.getShardIterator(r -> r.streamName("website-orders").shardId(shard.shardId())
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            while (iterator != null) {
                String current = iterator;
                GetRecordsResponse response = client.getRecords(r -> r.shardIterator(current));
                records.addAll(response.records());
                iterator = response.records().isEmpty() ? null : response.nextShardIterator();
            }
        }
        return records;
    }

    static Process start(String... args) throws IOException {
        return command(args).start();
    }

    static ProcessBuilder command(String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), GENERATOR.toString()));
        command.addAll(Arrays.asList(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().remove("AWS_SESSION_TOKEN");
        return builder;
    }

    /** Waits for the generator and returns its stderr, where it reports its rate and totals. */
    static String finish(Process process) throws Exception {
        byte[] stderr = process.getErrorStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String log = new String(stderr, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(log).isZero();
        return log;
    }
}
