package dev.sitewatch.local;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import com.github.tomakehurst.wiremock.WireMockServer;

import dev.sitewatch.local.emulator.Ports;

/**
 * The shop's website, for the local run's site checks: WireMock on 127.0.0.1 with scripted outages, so that a new
 * user sees every kind of site alarm within minutes of the start.
 * <ul>
 * <li>{@code /checkout} answers 503 from {@value #DOWN_FROM_S} s after the first probe for 2 minutes, else 200 with
 * "Add to basket";</li>
 * <li>{@code /search} turns slow (1.5 s) {@value #SLOW_FROM_S} s after the first probe, and fast again at
 * {@value #FAST_AGAIN_S} s;</li>
 * <li>HTTPS {@code /} has a certificate made at start by a CA of this run, which ends in 5 days.</li>
 * </ul>
 * The certificates are made at run time ({@link LocalCertificates}); nothing secret is committed.
 */
public final class LocalShop implements AutoCloseable {

    static final int DOWN_FROM_S = 30;
    static final int DOWN_FOR_S = 120;
    static final int SLOW_FROM_S = 60;
    static final int FAST_AGAIN_S = 240;
    static final int SLOW_MS = 1_500;
    static final Duration CERTIFICATE_VALIDITY = Duration.ofDays(5);
    private static final Logger LOG = Logger.getLogger(LocalShop.class);

    private final WireMockServer server;
    private final LocalCertificates certificates;
    private final ScheduledExecutorService script;

    private LocalShop(WireMockServer server, LocalCertificates certificates) {
        this.server = server;
        this.certificates = certificates;
        this.script = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "local-shop-script");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts the shop on {@code httpPort} and {@code httpsPort} (0 = any free port) and its outage script. */
    public static LocalShop start(int httpPort, int httpsPort) {
        LocalCertificates certificates = LocalCertificates.create();
        LocalCertificates.ServerKeyStore keys = certificates.server("shop", CERTIFICATE_VALIDITY);
        WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1")
                .port(Ports.choose(httpPort, "stand-in shop (WireMock, http)"))
                .httpsPort(Ports.choose(httpsPort, "stand-in shop (WireMock, https)"))
                .keystorePath(keys.path().toString()).keystorePassword(keys.password())
                .keyManagerPassword(keys.password()).keystoreType("PKCS12"));
        server.start();
        LocalShop shop = new LocalShop(server, certificates);
        shop.up("/checkout", "<h1>Checkout</h1><button>Add to basket</button>", 0);
        shop.up("/search", "<h1>Search</h1>", 0);
        shop.up("/", "<h1>Sitewatch stand-in shop</h1>", 0);
        // the script's clock starts with the first probe, however long the app takes to come up
        java.util.concurrent.atomic.AtomicBoolean begun = new java.util.concurrent.atomic.AtomicBoolean();
        server.addMockServiceRequestListener((request, response) -> {
            if (begun.compareAndSet(false, true)) {
                shop.script();
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(shop::close, "stop-local-shop"));
        return shop;
    }

    private void script() {
        LOG.infof("Stand-in shop: first probe; /checkout goes down in %d s for 2 minutes, /search turns slow in %d s",
                DOWN_FROM_S, SLOW_FROM_S);
        at(DOWN_FROM_S, () -> down("/checkout"), "/checkout goes down (HTTP 503) for 2 minutes");
        at(DOWN_FROM_S + DOWN_FOR_S, () -> up("/checkout", "<h1>Checkout</h1><button>Add to basket</button>", 0),
                "/checkout is back");
        at(SLOW_FROM_S, () -> up("/search", "<h1>Search</h1>", SLOW_MS), "/search turns slow (1.5 s)");
        at(FAST_AGAIN_S, () -> up("/search", "<h1>Search</h1>", 0), "/search is fast again");
    }

        public String httpUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    /** {@code localhost}, the name its certificate is for (127.0.0.1 too). */
    public String httpsUrl() {
        return "https://localhost:" + server.httpsPort();
    }

    /** The run's CA, which the prober is told to trust. */
    public String caPem() {
        return certificates.caPem().toString();
    }

    private void at(int seconds, Runnable change, String what) {
        script.schedule(() -> {
            change.run();
            LOG.infof("Stand-in shop: %s", what);
        }, seconds, TimeUnit.SECONDS);
    }

    private void up(String path, String body, int delayMs) {
        server.stubFor(any(urlPathEqualTo(path)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/html; charset=utf-8").withBody(body).withFixedDelay(delayMs)));
    }

    private void down(String path) {
        server.stubFor(any(urlPathEqualTo(path)).willReturn(aResponse().withStatus(503).withBody("Service Unavailable")));
    }

    @Override
    public void close() {
        script.shutdownNow();
        if (server.isRunning()) {
            server.stop();
        }
    }
}
