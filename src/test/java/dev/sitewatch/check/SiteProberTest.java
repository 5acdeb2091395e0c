package dev.sitewatch.check;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

import dev.sitewatch.alarm.SiteCheck;
import dev.sitewatch.local.LocalCertificates;
import dev.sitewatch.local.LocalSns;
import dev.sitewatch.local.emulator.Ports;
import dev.sitewatch.testing.KinesisResource;
import dev.sitewatch.testing.SnsPublishes;
import dev.sitewatch.testing.SnsResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * The site-prober as Lambda runs it, end to end: scheduled events on the mock event server, the real client against
 * WireMock's faults, state and results in dynalite, alarms on the local {@code website-alarms} (kinesis-local), fed to
 * the real notifier and historian as their event-source mappings would, SMS read back from the SNS stand-in and
 * episodes from the API.
 */
@QuarkusTest
@TestProfile(SiteProberTest.ProberFunction.class)
@QuarkusTestResource(value = KinesisResource.class, restrictToAnnotatedClass = true)
class SiteProberTest {

    static final LocalCertificates CERTIFICATES = LocalCertificates.create();

    public static class ProberFunction implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.lambda.handler", "site-prober", "sitewatch.local.feed.enabled", "true",
                    "sitewatch.checks.second-opinion-delay", "100ms",
                    "sitewatch.checks.extra-ca-file", CERTIFICATES.caPem().toString());
        }
    }

    static WireMockServer shop;
    static WireMockServer secureShop;
    static final AtomicInteger MINUTE = new AtomicInteger();
    /** Rounds of this class: a minute apart, after now (so each check's interval of 60 s is met by the next). */
    static final Instant BASE = Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));

    @TestHTTPResource("/checks")
    URL checks;

    @TestHTTPResource("/floods")
    URL floods;

    @Inject
    CheckStore store;

    @Inject
    ObjectMapper mapper;

    final List<String> created = new ArrayList<>();

    @BeforeAll
    static void startShop() {
        shop = new WireMockServer(options().port(0).bindAddress("127.0.0.1"));
        shop.start();
        LocalCertificates.ServerKeyStore keys = CERTIFICATES.server("shop", Duration.ofDays(5));
        secureShop = new WireMockServer(options().httpDisabled(true).httpsPort(0).bindAddress("127.0.0.1")
                .keystorePath(keys.path().toString()).keystorePassword(keys.password())
                .keyManagerPassword(keys.password()).keystoreType("PKCS12"));
        secureShop.start();
    }

    @AfterAll
    static void stopShop() {
        shop.stop();
        secureShop.stop();
    }

    @BeforeEach
    void freshSns() {
        LocalSns sns = SnsResource.sns();
        sns.acceptPublish();
    }

    @AfterEach
    void removeChecks() {
        created.forEach(store::delete);
    }

    private static String shopUrl() {
        return "http://127.0.0.1:" + shop.port();
    }

    private String check(String name, String url, String extra) {
        String id = given().contentType(ContentType.JSON).body("{\"name\":\"" + name + "\",\"url\":\"" + url + "\""
                        + (extra.isEmpty() ? "" : "," + extra) + "}")
                .when().post(checks.toString()).then().statusCode(201).extract().jsonPath().getString("id");
        created.add(id);
        return id;
    }

    /** The next round's scheduled time. */
    private static Instant nextRound() {
        return BASE.plus(Duration.ofMinutes(MINUTE.incrementAndGet()));
    }

    /** One scheduled event for {@code round}, as EventBridge delivers it, to the prober; returns its answer. */
    private static JsonPath run(Instant round) {
        return given().contentType(ContentType.JSON).body("""
                        {"version":"0","id":"%s","detail-type":"Scheduled Event","source":"aws.events",\
                        "account":"123456789012","time":"%s","region":"us-east-1",\
                        "resources":["arn:aws:events:us-east-1:123456789012:rule/sitewatch-site-prober"],"detail":{}}"""
                        .formatted(UUID.randomUUID(), round))
                .when().post().then().statusCode(200).extract().jsonPath();
    }

    private static List<String> sms(String alarmId) {
        return SnsPublishes.of(alarmId).stream().map(p -> LocalSns.smsText(p.fields())).toList();
    }

    private static List<SnsPublishes.Publish> publishesOfCheck(String checkId) {
        return SnsPublishes.all().stream().filter(p -> p.alarmId() != null && p.alarmId().contains(checkId)).toList();
    }

    private static String downId(String checkId, Instant since) {
        return SiteCheck.SITE_DOWN + "-" + checkId + "-" + since.toEpochMilli();
    }

    @Test
    void consecutiveFailedRoundsRaiseExactlyOneSiteDownAndRecoveryOneResolvedNotice() {
        shop.stubFor(get("/checkout").willReturn(aResponse().withStatus(500)));
        String id = check("Checkout", shopUrl() + "/checkout", "\"failuresBeforeDown\":2");

        Instant first = nextRound();
        assertThat(run(first).getInt("probed")).isGreaterThanOrEqualTo(1);
        Instant second = nextRound();
        run(second);
        run(nextRound());
        run(nextRound());
        String alarmId = downId(id, first);
        await("the SITE_DOWN SMS").atMost(Duration.ofSeconds(15)).until(() -> !sms(alarmId).isEmpty());
        assertThat(sms(alarmId)).containsExactly("Sitewatch: Checkout (127.0.0.1) DOWN since "
                + first.toString().replace("T", " ").replace("Z", "") + " UTC - HTTP 500, expected 200-299 "
                + "(2 rounds failed)");
        // two probes per failed round: the second opinion
        assertThat(shop.findAll(getRequestedFor(urlEqualTo("/checkout")))).hasSize(8);

        shop.stubFor(get("/checkout").willReturn(aResponse().withStatus(200)));
        Instant back = nextRound();
        run(back);
        run(nextRound());
        await("the resolved notice").atMost(Duration.ofSeconds(15)).until(() -> !sms("RESOLVED-" + alarmId).isEmpty());
        assertThat(sms("RESOLVED-" + alarmId)).singleElement().asString()
                .startsWith("Sitewatch: Checkout (127.0.0.1) site back up after 4 min - down since ");
        await("nothing more").during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> publishesOfCheck(id).size() == 2);

        // the historian keeps the outage as an episode
        await("the episode in the history, closed").atMost(Duration.ofSeconds(30)).until(() -> {
            JsonPath episodes = given().queryParam("type", "SITE_DOWN").queryParam("key", id)
                    .queryParam("from", first.minusSeconds(60).toString()).when().get(floods.toString()).jsonPath();
            return episodes.getList("items").size() == 1 && "false".equals(episodes.getString("items[0].open"))
                    && episodes.getString("items[0].resolvedNotifiedAt") != null;
        });
        JsonPath episode = given().queryParam("type", "SITE_DOWN").queryParam("key", id)
                .queryParam("from", first.minusSeconds(60).toString()).when().get(floods.toString()).jsonPath();
        assertThat(episode.getString("items[0].floodId")).isEqualTo(alarmId);
        assertThat(episode.getInt("items[0].seconds")).isEqualTo(240);
    }

    @Test
    void theSecondOpinionOverrulesOneOffBlips() {
        // every other request fails: each round's first probe fails, its second opinion finds the site up
        shop.stubFor(get("/blip").inScenario("blip").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("up"));
        shop.stubFor(get("/blip").inScenario("blip").whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(200)).willSetStateTo(Scenario.STARTED));
        String id = check("Blippy", shopUrl() + "/blip", "\"failuresBeforeDown\":1");

        for (int i = 0; i < 3; i++) {
            JsonPath answer = run(nextRound());
            assertThat(answer.getInt("blips")).isGreaterThanOrEqualTo(1);
        }
        assertThat(shop.findAll(getRequestedFor(urlEqualTo("/blip")))).hasSize(6);
        JsonPath results = given().queryParam("to", BASE.plus(Duration.ofDays(1)).toString()).when()
                .get(checks + "/" + id + "/results").then().statusCode(200).extract().jsonPath();
        assertThat(results.getList("results.up", Boolean.class)).containsExactly(true, true, true);
        assertThat(results.getList("results.attempts", Integer.class)).containsExactly(2, 2, 2);
        assertThat(results.getList("results.firstAttempt.reason", String.class)).containsOnly("STATUS");
        assertThat(given().when().get(checks + "/" + id).jsonPath().getString("status.state")).isEqualTo("UP");
        await("no alarm").during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> publishesOfCheck(id).isEmpty());
    }

    @Test
    void aRedeliveredOrConcurrentRoundCountsNothingTwiceAndSendsNothingTwice() throws Exception {
        String id = check("Refused", "http://127.0.0.1:" + Ports.free() + "/", "\"failuresBeforeDown\":2");

        Instant first = nextRound();
        run(first);
        assertThat(run(first).getInt("alreadyDone") + run(first).getInt("probed")).as("not due again").isZero();
        assertThat(store.find(id).orElseThrow().state().failures()).as("one failed round, however often delivered")
                .isEqualTo(1);

        Instant second = nextRound();
        // the same round twice at once, and once more afterwards (a retry)
        CompletableFuture<JsonPath> a = CompletableFuture.supplyAsync(() -> run(second));
        CompletableFuture<JsonPath> b = CompletableFuture.supplyAsync(() -> run(second));
        a.get();
        b.get();
        run(second);
        assertThat(store.find(id).orElseThrow().state().failures()).isEqualTo(2);
        String alarmId = downId(id, first);
        await("the SITE_DOWN SMS").atMost(Duration.ofSeconds(15)).until(() -> !sms(alarmId).isEmpty());
        assertThat(sms(alarmId)).singleElement().asString().endsWith("connection refused by 127.0.0.1:"
                + store.find(id).orElseThrow().check().url().replaceAll(".*:(\\d+)/", "$1") + " (2 rounds failed)");
        await("sent once").during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> publishesOfCheck(id).size() == 1);
    }

    @Test
    void alarmsARunCommittedButDidNotPutGoOutWithTheNextRunOnce() throws Exception {
        shop.stubFor(get("/outbox").willReturn(aResponse().withStatus(200)));
        String id = check("Outbox", shopUrl() + "/outbox", "");
        Instant since = nextRound();
        Instant round = nextRound();
        // a run that died after its commit: the alarm is in the check's outbox, and (worse) it had already put it
        StoredCheck stored = store.find(id).orElseThrow();
        String alarmId = downId(id, since);
        SiteEvent.Alarm alarm = new SiteEvent.Alarm(alarmId, SiteCheck.SITE_DOWN, since, round, round, 2,
                new SiteCheck(id, "Outbox", stored.check().url(), ProbeResult.TIMEOUT, "no answer within 10000 ms"));
        CheckState downState = new CheckState(round, 2, since, ProbeResult.TIMEOUT, "no answer within 10000 ms", null,
                new CheckState.Episode(alarmId, since, ProbeResult.TIMEOUT, "no answer within 10000 ms"), null, null,
                List.of(), null);
        String json = new SiteEvents(mapper).json(alarm);
        assertThat(store.commitRound(id, downState, Map.of(String.format("%013d.00", round.toEpochMilli()), json)))
                .isTrue();
        KinesisResource.put(KinesisResource.ALARMS_STREAM, id, json);

        run(round); // the retry: the round is done, the outbox goes out (again)
        await("the SITE_DOWN SMS").atMost(Duration.ofSeconds(15)).until(() -> !sms(alarmId).isEmpty());
        assertThat(store.find(id).orElseThrow().pending()).as("outbox emptied").isEmpty();
        run(nextRound()); // up again
        await("the resolved notice").atMost(Duration.ofSeconds(15)).until(() -> !sms("RESOLVED-" + alarmId).isEmpty());
        await("each once").during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> sms(alarmId).size() == 1 && sms("RESOLVED-" + alarmId).size() == 1);
        long onStream = KinesisResource.readAll(KinesisResource.ALARMS_STREAM).stream()
                .filter(r -> r.data().asUtf8String().startsWith("{\"alarmId\":\"" + alarmId + "\"")).count();
        assertThat(onStream).as("on the stream twice, sent once").isEqualTo(2);
    }

    @Test
    void slowAnswersCrossingTheP95RaiseSiteSlowUntilTheyLeaveTheWindow() {
        shop.stubFor(get("/search").willReturn(aResponse().withStatus(200)));
        String id = check("Search", shopUrl() + "/search", "\"slowMs\":600,\"slowRounds\":3,\"timeoutMs\":5000");
        run(nextRound());
        run(nextRound());
        run(nextRound());
        shop.stubFor(get("/search").willReturn(aResponse().withStatus(200).withFixedDelay(1_200)));
        Instant slow = nextRound();
        run(slow);
        String alarmId = SiteCheck.SITE_SLOW + "-" + id + "-" + slow.toEpochMilli();
        await("the SITE_SLOW SMS").atMost(Duration.ofSeconds(15)).until(() -> !sms(alarmId).isEmpty());
        assertThat(sms(alarmId)).singleElement().asString().startsWith("Sitewatch: Search (127.0.0.1) SLOW at ")
                .matches(".* - p95 1[2-9][0-9][0-9] ms over the last 3 rounds \\(threshold 600 ms\\)");
        assertThat(SnsPublishes.of(alarmId).get(0).fields().get("MessageAttributes.entry.2.Value.StringValue"))
                .as("severity").isEqualTo("warning");

        shop.stubFor(get("/search").willReturn(aResponse().withStatus(200)));
        run(nextRound());
        run(nextRound());
        assertThat(sms("RESOLVED-" + alarmId)).as("the slow sample is still in the window").isEmpty();
        run(nextRound());
        await("fast again").atMost(Duration.ofSeconds(15)).until(() -> !sms("RESOLVED-" + alarmId).isEmpty());
        assertThat(sms("RESOLVED-" + alarmId)).singleElement().asString().contains(" fast again after 3 min ");
    }

    @Test
    void aCertificateThatEndsSoonRaisesCertExpiring() {
        secureShop.stubFor(get("/").willReturn(aResponse().withStatus(200)));
        String id = check("Secure shop", secureShop.baseUrl() + "/", "\"certExpiryDays\":14");
        run(nextRound());
        run(nextRound());
        await("the CERT_EXPIRING SMS").atMost(Duration.ofSeconds(15))
                .until(() -> publishesOfCheck(id).size() == 1);
        SnsPublishes.Publish publish = publishesOfCheck(id).get(0);
        assertThat(publish.alarmId()).startsWith(SiteCheck.CERT_EXPIRING + "-" + id + "-");
        assertThat(LocalSns.smsText(publish.fields())).matches("Sitewatch: Secure shop \\(localhost\\) certificate - "
                + "expires \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC, in [45] days \\(alarm at 14\\)");
        JsonPath status = given().when().get(checks + "/" + id).jsonPath();
        assertThat(status.getBoolean("status.certExpiring")).isTrue();
        assertThat(status.getString("status.state")).isEqualTo("UP");
    }
}
