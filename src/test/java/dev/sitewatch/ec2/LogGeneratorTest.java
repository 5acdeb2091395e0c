package dev.sitewatch.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
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
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sitewatch.kinesis.Decoded;
import dev.sitewatch.local.AgentFlow;
import dev.sitewatch.order.OrderLine;
import dev.sitewatch.order.OrderLineParser;

/**
 * Runs {@code ec2-setup/LogGenerator.java} as the README does and reads the files it writes the way the pipeline
 * does: each line through the Kinesis Agent's CSVTOJSON with our agent.json (the local stand-in's converter, see
 * {@code LocalKinesisAgentTest} for how that mirrors the agent), then through the archiver's own parser.
 */
class LogGeneratorTest {

    static final Path GENERATOR = Path.of("ec2-setup", "LogGenerator.java");
    static final AgentFlow FLOW = AgentFlow.read(Path.of("ec2-setup", "agent.json"));
    static final OrderLineParser PARSER = new OrderLineParser(new ObjectMapper(), ZoneOffset.UTC, 65536);

    @TempDir
    Path tmp;

    @Test
    void logFileThroughTheAgentGivesValidOrderLines() throws Exception {
        Path dir = tmp.resolve("website");
        Path same = tmp.resolve("again");
        Path other = tmp.resolve("other");
        // three JVMs at once: compiling the source file dominates their run time
        List<Process> runs = List.of(
                start("--out", dir.toString(), "--count", "200", "--seed", "7", "--rate", "1000"),
                start("--out", same.toString(), "--count", "200", "--seed", "7", "--rate", "1000"),
                start("--out", other.toString(), "--count", "200", "--seed", "8", "--rate", "1000"));
        for (Process run : runs) {
            finish(run);
        }

        Path file = dir.resolve("orders.log");
        assertThat(FLOW.fileNameMatcher().matches(file.getFileName())).as("agent.json's filePattern matches").isTrue();
        List<String> csv = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(csv).hasSize(200);
        List<OrderLine> lines = new ArrayList<>();
        for (String line : csv) {
            OrderLine order = orderLine(line);
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

        assertThat(withoutDates(same.resolve("orders.log"))).isEqualTo(withoutDates(file));
        assertThat(withoutDates(other.resolve("orders.log"))).isNotEqualTo(withoutDates(file));
    }

    /**
     * The malformed share is what else turns up in a backend's log: lines the agent turns into a record without an
     * InvoiceNo (quarantined by the archiver), and lines that are no order line at all (one text column).
     */
    @Test
    void malformedLinesAreNoOrderLinesOnceTheAgentReadThem() throws Exception {
        String log = finish(start("--out", tmp.toString(), "--count", "300", "--malformed-rate", "0.2", "--seed", "3",
                "--rate", "1000"));
        Matcher summary = Pattern.compile("done: 300 lines \\((\\d+) malformed\\)").matcher(log);
        assertThat(summary.find()).as(log).isTrue();
        int malformed = Integer.parseInt(summary.group(1));
        assertThat(malformed).isBetween(30, 90);

        int withoutInvoiceNo = 0;
        int noOrderLine = 0;
        for (String line : Files.readAllLines(tmp.resolve("orders.log"))) {
            Decoded<OrderLine> decoded = PARSER.parse(json(line));
            if (decoded instanceof Decoded.Rejected<OrderLine> rejected) {
                assertThat(rejected.reason()).as(line).isEqualTo("InvoiceNo missing or blank");
                withoutInvoiceNo++;
            } else if (((Decoded.Ok<OrderLine>) decoded).value().country() == null) {
                noOrderLine++; // fewer columns than an order line has
            } else {
                assertThat(((Decoded.Ok<OrderLine>) decoded).value().warnings()).as(line).isEmpty();
            }
        }
        assertThat(withoutInvoiceNo).isPositive();
        assertThat(noOrderLine).isPositive();
        assertThat(withoutInvoiceNo + noOrderLine).isEqualTo(malformed);
    }

    /** Rotation renames orders.log to orders.log.1 and on, names the agent's pattern still matches, losing no line. */
    @Test
    void rotatesIntoFilesTheAgentsPatternMatchesWithoutLosingALine() throws Exception {
        Path rotated = tmp.resolve("rotated");
        Path whole = tmp.resolve("whole");
        // about 8 KB a second against 5 KB files: a rotation every second (no more often, for the agent's sake)
        List<Process> runs = List.of(
                start("--out", rotated.toString(), "--rotate-mb", "0.005", "--rotate-keep", "2", "--count", "450",
                        "--rate", "100", "--seed", "4"),
                start("--out", whole.toString(), "--count", "450", "--rate", "1000", "--seed", "4"));
        for (Process run : runs) {
            finish(run);
        }

        try (Stream<Path> files = Files.list(rotated)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .containsExactlyInAnyOrder("orders.log", "orders.log.1", "orders.log.2");
        }
        List<String> kept = new ArrayList<>();
        for (String name : List.of("orders.log.2", "orders.log.1", "orders.log")) {
            Path file = rotated.resolve(name);
            assertThat(FLOW.fileNameMatcher().matches(file.getFileName())).as(name).isTrue();
            assertThat(Files.readString(file)).as(name).endsWith("\n");
            kept.addAll(withoutDates(file));
        }
        List<String> all = withoutDates(whole.resolve("orders.log"));
        assertThat(kept).hasSizeLessThan(all.size()).isEqualTo(all.subList(all.size() - kept.size(), all.size()));
    }

    /** The extra lines of a flood come from the bot, while the ordinary traffic goes on at its rate. */
    @Test
    void aFloodAddsTheBotsLinesToTheOrdinaryTraffic() throws Exception {
        finish(start("--out", tmp.toString(), "--rate", "20", "--flood-start", "1", "--flood-duration", "2",
                "--flood-rate", "100", "--bot-customer", "99999", "--duration", "4", "--seed", "6"));

        List<OrderLine> lines = new ArrayList<>();
        for (String line : Files.readAllLines(tmp.resolve("orders.log"))) {
            lines.add(orderLine(line));
        }
        Map<Boolean, Long> byBot = lines.stream()
                .collect(Collectors.partitioningBy(l -> "99999".equals(l.customer()), Collectors.counting()));
        // 2 s at 100 lines/s of which 20 ordinary; 4 s of 20 ordinary lines/s
        assertThat(byBot.get(true)).as("the bot's lines").isBetween(110L, 200L);
        assertThat(byBot.get(false)).as("ordinary lines").isBetween(55L, 105L);
    }

    @Test
    void refusesAFileForOutAndTheGoneKinesisMode() throws Exception {
        Path file = Files.writeString(tmp.resolve("orders.log"), "");
        List<Process> runs = List.of(
                start("--out", file.toString(), "--count", "1"),
                start("--kinesis-endpoint", "http://127.0.0.1:4567", "--count", "1"));
        assertThat(finish(runs.get(0), 2)).contains("--out names a directory, not a file");
        assertThat(finish(runs.get(1), 2)).contains("unknown option --kinesis-endpoint");
        assertThat(file).isEmptyFile();
    }

    /** What the agent puts on the stream for {@code line}: its CSVTOJSON with agent.json's field names and delimiter. */
    static byte[] json(String line) {
        return FLOW.converter().convert((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    static OrderLine orderLine(String line) {
        byte[] json = json(line);
        Decoded<OrderLine> decoded = PARSER.parse(json);
        assertThat(decoded).as("%s read by the agent as %s", line, new String(json, StandardCharsets.UTF_8))
                .isInstanceOf(Decoded.Ok.class);
        return ((Decoded.Ok<OrderLine>) decoded).value();
    }

    static List<String> withoutDates(Path file) throws IOException {
        return Files.readAllLines(file).stream()
                .map(l -> l.replaceAll(",\\d{1,2}/\\d{1,2}/\\d{4} \\d{1,2}:\\d{2},", ",<date>,")).toList();
    }

    static Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), GENERATOR.toString()));
        command.addAll(Arrays.asList(args));
        return new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** Waits for the generator and returns its stderr, where it reports its rate and totals. */
    static String finish(Process process) throws Exception {
        return finish(process, 0);
    }

    static String finish(Process process, int exitCode) throws Exception {
        byte[] stderr = process.getErrorStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String log = new String(stderr, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(log).isEqualTo(exitCode);
        return log;
    }
}
