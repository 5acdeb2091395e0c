package dev.sitewatch.kda.io;

import dev.sitewatch.kda.model.DeadLetter;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class DeadLetterJsonTest {

    private static final long ARRIVAL = Instant.parse("2026-11-25T14:03:12.345Z").toEpochMilli();

    @Test
    void keepsTheRawTextAndWhyItWasRejected() {
        DeadLetter letter = new DeadLetter("{\"Customer\":\"17850\"}", "missing InvoiceNo", ARRIVAL,
                "shardId-000000000001/4960");

        assertThat(new String(new DeadLetterJson().serialize(letter), StandardCharsets.UTF_8)).isEqualTo(
                "{\"reason\":\"missing InvoiceNo\",\"origin\":\"shardId-000000000001/4960\","
                        + "\"arrivalTime\":\"2026-11-25T14:03:12.345Z\",\"truncated\":false,"
                        + "\"payload\":\"{\\\"Customer\\\":\\\"17850\\\"}\"}");
    }

    @Test
    void cutsAPayloadThatWouldNotFitInAKinesisRecord() {
        // One megabyte of quotes: the largest record Kinesis takes, doubled by escaping.
        DeadLetter letter = new DeadLetter("\"".repeat(1 << 20), "not JSON", ARRIVAL, "shardId-000000000000/1");

        byte[] json = new DeadLetterJson().serialize(letter);
        assertThat(json.length).isLessThan(1 << 20);
        assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"truncated\":true");
    }
}
