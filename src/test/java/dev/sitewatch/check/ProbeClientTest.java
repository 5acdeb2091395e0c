package dev.sitewatch.check;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;

import dev.sitewatch.local.LocalCertificates;
import dev.sitewatch.local.emulator.Ports;

/**
 * The prober's client against real faults: WireMock over real sockets (plain and TLS with certificates made for the
 * run), the real OkHttp client. Each failure is a result with its reason, never an exception.
 */
class ProbeClientTest {

    static LocalCertificates certificates;
    static WireMockServer http;
    static WireMockServer expiring;
    static WireMockServer selfSigned;
    static WireMockServer expired;
    static LocalCertificates.ServerKeyStore expiringKeys;
    static ProbeClient client;

    @BeforeAll
    static void start() {
        certificates = LocalCertificates.create();
        http = new WireMockServer(options().port(0).bindAddress("127.0.0.1"));
        http.start();
        expiringKeys = certificates.server("expiring", Duration.ofDays(5));
        expiring = https(expiringKeys);
        selfSigned = https(certificates.server("self-signed", Instant.now().minus(Duration.ofHours(1)),
                Instant.now().plus(Duration.ofDays(300)), false));
        expired = https(certificates.server("expired", Instant.now().minus(Duration.ofDays(30)),
                Instant.now().minus(Duration.ofDays(1)), true));
        for (WireMockServer server : new WireMockServer[] {http, expiring, selfSigned, expired}) {
            server.stubFor(get("/ok").willReturn(aResponse().withStatus(200).withBody("<h1>Add to basket</h1>")));
        }
        http.stubFor(get("/error").willReturn(aResponse().withStatus(500).withBody("oops")));
        http.stubFor(get("/slow").willReturn(aResponse().withStatus(200).withFixedDelay(3_000)));
        http.stubFor(get("/reset").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        client = new ProbeClient(1 << 20, certificates.caPem());
    }

    private static WireMockServer https(LocalCertificates.ServerKeyStore keys) {
        WireMockServer server = new WireMockServer(options().httpDisabled(true).httpsPort(0).bindAddress("127.0.0.1")
                .keystorePath(keys.path().toString()).keystorePassword(keys.password())
                .keyManagerPassword(keys.password()).keystoreType("PKCS12"));
        server.start();
        return server;
    }

    @AfterAll
    static void stop() {
        for (WireMockServer server : new WireMockServer[] {http, expiring, selfSigned, expired}) {
            if (server != null) {
                server.stop();
            }
        }
    }

    private static Check check(String url) {
        return Checks.get("0123456789abcdef", url);
    }

    @Test
    void anAnswerInTheExpectedRangeIsUpWithItsTimings() {
        ProbeResult result = client.probe(check(http.baseUrl() + "/ok"));

        assertThat(result.up()).as(result.detail()).isTrue();
        assertThat(result.reason()).isNull();
        assertThat(result.status()).isEqualTo(200);
        assertThat(result.tlsMs()).as("no TLS over http").isNull();
        assertThat(result.connectMs()).isNotNull().isNotNegative();
        assertThat(result.ttfbMs()).isNotNull().isBetween(0, result.totalMs());
        assertThat(result.certNotAfter()).isNull();
        http.verify(getRequestedFor(urlEqualTo("/ok")).withHeader("User-Agent", com.github.tomakehurst.wiremock.client
                .WireMock.equalTo(ProbeClient.USER_AGENT)));
    }

    @Test
    void aServerErrorIsDownWithItsStatus() {
        ProbeResult result = client.probe(check(http.baseUrl() + "/error"));

        assertThat(result.up()).isFalse();
        assertThat(result.reason()).isEqualTo(ProbeResult.STATUS);
        assertThat(result.status()).isEqualTo(500);
        assertThat(result.detail()).isEqualTo("HTTP 500, expected 200-299");
    }

    @Test
    void aPageWithoutTheExpectedTextIsDown() {
        ProbeResult found = client.probe(Checks.expecting(check(http.baseUrl() + "/ok"), "Add to basket"));
        ProbeResult missing = client.probe(Checks.expecting(check(http.baseUrl() + "/ok"), "Checkout"));

        assertThat(found.up()).as(found.detail()).isTrue();
        assertThat(missing.up()).isFalse();
        assertThat(missing.reason()).isEqualTo(ProbeResult.BODY);
        assertThat(missing.status()).isEqualTo(200);
        assertThat(missing.detail()).isEqualTo("HTTP 200 but the body lacks 'Checkout'");
    }

    @Test
    void noAnswerWithinTheTimeoutIsATimeout() {
        ProbeResult result = client.probe(Checks.withTimeout(check(http.baseUrl() + "/slow"), 300));

        assertThat(result.up()).isFalse();
        assertThat(result.reason()).isEqualTo(ProbeResult.TIMEOUT);
        assertThat(result.detail()).isEqualTo("no answer within 300 ms");
        assertThat(result.status()).isZero();
        assertThat(result.ttfbMs()).as("no first byte").isNull();
    }

    @Test
    void aClosedPortIsConnectionRefused() {
        int port = Ports.free(); // nothing listens there
        ProbeResult result = client.probe(check("http://127.0.0.1:" + port + "/"));

        assertThat(result.up()).isFalse();
        assertThat(result.reason()).isEqualTo(ProbeResult.CONNECTION_REFUSED);
        assertThat(result.detail()).isEqualTo("connection refused by 127.0.0.1:" + port);
    }

    @Test
    void aResetConnectionIsAConnectionFailure() {
        ProbeResult result = client.probe(check(http.baseUrl() + "/reset"));

        assertThat(result.up()).isFalse();
        assertThat(result.reason()).isEqualTo(ProbeResult.CONNECTION);
    }

    @Test
    void anUnknownHostIsADnsFailure() {
        ProbeResult result = client.probe(check("http://sitewatch-no-such-host.invalid/"));

        assertThat(result.up()).isFalse();
        assertThat(result.reason()).isEqualTo(ProbeResult.DNS);
        assertThat(result.detail()).isEqualTo("host not found: sitewatch-no-such-host.invalid");
    }

    @Test
    void aTrustedCertificateThatEndsSoonIsUpAndSaysWhenItEnds() {
        ProbeResult result = client.probe(check(expiring.baseUrl().replace("localhost", "127.0.0.1") + "/ok"));

        assertThat(result.up()).as(result.detail()).isTrue();
        assertThat(result.tlsMs()).as("TLS handshake timed").isNotNull().isNotNegative();
        assertThat(result.certNotAfter()).isEqualTo(expiringKeys.certificate().getNotAfter().toInstant()
                .truncatedTo(ChronoUnit.SECONDS));
        assertThat(Duration.between(Instant.now(), result.certNotAfter())).isBetween(Duration.ofDays(4),
                Duration.ofDays(5));
    }

    @Test
    void aSelfSignedCertificateIsATlsFailure() {
        ProbeResult result = client.probe(check(selfSigned.baseUrl() + "/ok"));

        assertThat(result.up()).isFalse();
        assertThat(result.reason()).isEqualTo(ProbeResult.TLS);
        assertThat(result.detail()).isEqualTo("certificate not trusted (unknown or self-signed issuer)");
        assertThat(selfSigned.getAllServeEvents()).as("no request got through").isEmpty();
    }

    @Test
    void anExpiredCertificateIsATlsFailure() {
        ProbeResult result = client.probe(check(expired.baseUrl() + "/ok"));

        assertThat(result.up()).isFalse();
        assertThat(result.reason()).isEqualTo(ProbeResult.TLS);
        assertThat(result.detail()).isEqualTo("certificate expired");
    }

    @Test
    void withoutTheExtraCaTheSameCertificateIsNotTrusted() {
        ProbeResult result = new ProbeClient(1 << 20, null).probe(check(expiring.baseUrl() + "/ok"));

        assertThat(result.reason()).isEqualTo(ProbeResult.TLS);
    }
}
