package dev.sitewatch.kda;

import dev.sitewatch.local.emulator.KinesisLocal;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * kinesis-local with the given streams for one test class, and a client on it, started before its first test and
 * stopped after its last: {@code @RegisterExtension static final KinesisEmulator kinesis = new KinesisEmulator(...)}.
 */
final class KinesisEmulator implements BeforeAllCallback, AfterAllCallback {

    private final Map<String, Integer> streams;
    private KinesisLocal kinesis;
    private EmulatorClient client;

    /** @param streams stream name → shards, created in this order */
    KinesisEmulator(Map<String, Integer> streams) {
        this.streams = new LinkedHashMap<>(streams);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        kinesis = KinesisLocal.start(0, streams);
        client = new EmulatorClient(kinesis);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (client != null) {
            client.close();
        }
        if (kinesis != null) {
            kinesis.close();
        }
    }

    String endpoint() {
        return kinesis.endpoint();
    }

    EmulatorClient client() {
        return client;
    }
}
