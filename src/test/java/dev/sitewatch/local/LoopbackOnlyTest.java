package dev.sitewatch.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteOrder;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.sitewatch.local.emulator.Dynalite;
import dev.sitewatch.local.emulator.KinesisLocal;
import dev.sitewatch.local.emulator.NodeModules;
import dev.sitewatch.testing.ListeningSockets;
import dev.sitewatch.testing.ListeningSockets.Listener;

/**
 * Every component the local run starts listens on 127.0.0.1 only, as the kernel sees it: dynalite, kinesis-local
 * (plain and TLS port), MariaDB, WireMock and the flood detector's Flink MiniCluster (REST endpoint, blob server and
 * whatever else it opens). The Lambda mock event server is Quarkus's, and its address cannot be set.
 */
class LoopbackOnlyTest {

    private final List<AutoCloseable> started = new ArrayList<>();

    @AfterEach
    void stopAll() throws Exception {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).close();
        }
    }

    @Test
    void everyLocalComponentListensOnLoopbackOnly() {
        assumeTrue(ListeningSockets.available(), "needs Linux's /proc/net/tcp");
        Dynalite dynalite = started(Dynalite.start(0));
        Map<String, Integer> streams = new LinkedHashMap<>();
        streams.put("website-orders", 2);
        streams.put("website-alarms", 1);
        KinesisLocal kinesis = started(KinesisLocal.start(0, streams));
        LocalMariaDb mariaDb = started(LocalMariaDb.start(0));
        LocalSns sns = started(LocalSns.start(0));
        LocalShop shop = started(LocalShop.start(0, 0));
        LocalPipeline pipeline = started(LocalPipeline.startDetector(NodeModules.installed().root(), kinesis.endpoint(),
                List.of()));

        // the MiniCluster opens its servers some seconds after its JVM starts, the job's own ones later still; its
        // log (log4j2-local.properties) says when the job runs
        await("the flood detector's job running").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                .until(() -> Files.readString(pipeline.detector().log()).contains("switched from state CREATED to RUNNING"));

        Map<String, List<Listener>> listeners = new LinkedHashMap<>();
        listeners.put("dynalite", ListeningSockets.of(dynalite.processTree()));
        listeners.put("kinesis-local", ListeningSockets.of(kinesis.processTree()));
        listeners.put("MariaDB", ListeningSockets.onPort(mariaDb.port()));
        listeners.put("SNS (WireMock)", ListeningSockets.onPort(Integer.parseInt(
                sns.endpoint().substring(sns.endpoint().lastIndexOf(':') + 1))));
        listeners.put("flood detector (Flink)", ListeningSockets.of(pipeline.detector().processTree()));
        listeners.put("stand-in shop (WireMock, http)", ListeningSockets.onPort(port(shop.httpUrl())));
        listeners.put("stand-in shop (WireMock, https)", ListeningSockets.onPort(port(shop.httpsUrl())));

        assertThat(listeners.get("kinesis-local")).as("kinesis-local: plain and TLS port").hasSize(2);
        assertThat(listeners.get("flood detector (Flink)")).as("Flink: REST endpoint and blob server at least")
                .hasSizeGreaterThanOrEqualTo(2);
        listeners.forEach((component, sockets) -> assertThat(sockets).as(component + " listens on " + sockets)
                .isNotEmpty().allMatch(Listener::loopbackOnly));
    }

    @Test
    void theKernelsTablesAreReadRight() {
        assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN, "the samples are from a little-endian machine");
        String header = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode";
        List<Listener> v4 = ListeningSockets.parse(List.of(header,
                "   0: 00000000:0CEB 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 101 1 0",
                "   1: 0100007F:1F40 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 102 1 0",
                "   2: 0100007F:9C40 0100007F:1F40 01 00000000:00000000 00:00000000 00000000     0        0 103 1 0"));
        List<Listener> v6 = ListeningSockets.parse(List.of(header,
                "   0: 00000000000000000000000000000000:11D7 00000000000000000000000000000000:0000 0A 00000000:00000000"
                        + " 00:00000000 00000000     0        0 201 1 0",
                "   1: 0000000000000000FFFF00000100007F:1F91 00000000000000000000000000000000:0000 0A 00000000:00000000"
                        + " 00:00000000 00000000     0        0 202 1 0",
                "   2: 00000000000000000000000001000000:1F92 00000000000000000000000000000000:0000 0A 00000000:00000000"
                        + " 00:00000000 00000000     0        0 203 1 0"));

        assertThat(v4).extracting(Listener::toString, Listener::loopbackOnly, Listener::inode)
                .containsExactly(tuple("0.0.0.0:3307", false, 101L), tuple("127.0.0.1:8000", true, 102L));
        assertThat(v6).extracting(Listener::port, Listener::loopbackOnly)
                .containsExactly(tuple(4567, false), tuple(8081, true), tuple(8082, true));
    }

    private static int port(String url) {
        return Integer.parseInt(url.substring(url.lastIndexOf(':') + 1));
    }

        private <T extends AutoCloseable> T started(T component) {
        started.add(component);
        return component;
    }
}
