package dev.sitewatch.dashboard;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import dev.sitewatch.check.SiteProber;
import dev.sitewatch.testing.KinesisResource;
import dev.sitewatch.testing.OkSite;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The dashboard in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}) against the app
 * with its real components: order lines and alarms go onto the local Kinesis streams and reach DynamoDB and MariaDB
 * through the real handlers, as in the local run. The page must draw what the API answers (read from its accessible
 * tables), show a new alarm within 2 s without a reload, request nothing but this app, and log no console error. A
 * screenshot lands in {@code target/dashboard.png} (and {@code target/dashboard-375.png}) on every run.
 * <p>
 * The browser runs in {@code Asia/Kolkata} (+05:30), so the per-hour chart is asked for in a zone that is not the
 * machine's.
 */
@QuarkusTest
@TestProfile(DashboardBrowserTest.Fed.class)
@QuarkusTestResource(value = KinesisResource.class, restrictToAnnotatedClass = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {

    public static class Fed implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // a failed probe's second opinion after 100 ms, so that the rounds before the page loads take little time
            return Map.of("sitewatch.local.feed.enabled", "true", "sitewatch.checks.second-opinion-delay", "100ms");
        }
    }

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final String ZONE = "Asia/Kolkata";
    static final Path SCREENSHOT = Path.of("target", "dashboard.png");
    static final int ORDERS = 37;
    private static final ObjectMapper JSON = new ObjectMapper();

    static ChromeDriver browser;
    static long firstLoadBytes;

    @TestHTTPResource("/")
    URL root;

    @BeforeAll
    static void chromium() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present) {
            System.err.println("""

                    ************************************************************************************
                    * DashboardBrowserTest SKIPPED: no /usr/bin/chromium or /usr/bin/chromedriver.      *
                    * Install them: apt-get install -y chromium chromium-driver (.ci/run does).         *
                    ************************************************************************************
                    """);
        }
        Assumptions.assumeTrue(present, "chromium and chromium-driver are not installed");
    }

    @AfterAll
    static void closeBrowser() {
        if (checkoutBack != null) {
            checkoutBack.stop(0);
        }
        if (browser != null) {
            screenshot(SCREENSHOT);
            browser.quit();
        }
    }

    private static void screenshot(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, browser.getScreenshotAs(OutputType.BYTES));
        } catch (IOException | RuntimeException e) {
            System.err.println("No screenshot " + file + ": " + e);
        }
    }

    private static ChromeDriver startBrowser() throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // flags that keep Chromium from calling home: the machine's network is closed, and the test checks that the
        // page requests nothing beyond the app; a fresh profile each run
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--disable-default-apps", "--lang=en-GB",
                "--user-data-dir=" + Files.createTempDirectory("sitewatch-chromium"), "--window-size=1280,2200");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        logs.enable(LogType.PERFORMANCE, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withEnvironment(Map.of("TZ", ZONE))
                .build();
        return new ChromeDriver(service, options);
    }

    // ---------------------------------------------------------------- data through the real pipeline

    private String url(String path) {
        return root.toString().replaceAll("/$", "") + path;
    }

    private JsonNode get(String path) {
        try {
            // the page's own query strings come encoded already
            return JSON.readTree(given().urlEncodingEnabled(false).accept("application/json").get(url(path)).then().statusCode(200)
                    .extract().asString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String alarm(String alarmId, String type, String key, Instant windowEnd, int count, String floodId) {
        return """
                {"alarmId":"%s","floodId":"%s","type":"%s","key":%s,"windowEnd":"%s","windowSeconds":15,\
                "orderCount":%d,"threshold":%d,"topCustomers":[{"key":"14911","count":%d}],\
                "topCountries":[{"key":"United Kingdom","count":%d}],"topStockCodes":[{"key":"85123A","count":3}]}"""
                .formatted(alarmId, floodId, type, key == null ? "null" : '"' + key + '"', windowEnd, count,
                        type.equals("ORDER_FLOOD") ? 30 : 20, count / 2, count - 1);
    }

    private static final String RUN = Long.toString(System.currentTimeMillis(), 36);

    private void putAlarmsAndOrders() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        // an open site-wide flood of two alarms, an earlier customer flood, alarms hours ago: counts are powers of
        // two, so a missed or doubled alarm changes every sum
        String flood = "ORDER_FLOOD-dash-" + RUN + "-1";
        List<String> alarms = List.of(
                alarm(flood, "ORDER_FLOOD", null, now.minusSeconds(90), 64, flood),
                alarm("ORDER_FLOOD-dash-" + RUN + "-2", "ORDER_FLOOD", null, now.minusSeconds(30), 128, flood),
                alarm("CUSTOMER_FLOOD-dash-" + RUN + "-3", "CUSTOMER_FLOOD", "14911", now.minus(Duration.ofHours(3)), 32,
                        "CUSTOMER_FLOOD-dash-" + RUN + "-3"),
                alarm("ORDER_FLOOD-dash-" + RUN + "-4", "ORDER_FLOOD", null, now.minus(Duration.ofHours(20)), 256,
                        "ORDER_FLOOD-dash-" + RUN + "-4"));
        alarms.forEach(a -> KinesisResource.put(KinesisResource.ALARMS_STREAM, "ORDER_FLOOD", a));
        for (int i = 0; i < ORDERS; i++) {
            KinesisResource.put(KinesisResource.ORDERS_STREAM, "pk-" + i, """
                    {"InvoiceNo":"%s","StockCode":"85123A","Description":"WHITE HANGING HEART T-LIGHT HOLDER",\
                    "Quantity":"6","InvoiceDate":"12/1/2010 8:26","UnitPrice":"2.55","Customer":"17850",\
                    "Country":"United Kingdom"}""".formatted("D" + RUN + i));
        }
        await("the alarms in the history").atMost(Duration.ofSeconds(30))
                .until(() -> get("/alarms?limit=500").get("items").findValuesAsText("alarmId").stream()
                        .filter(id -> id.contains("-dash-" + RUN + "-")).count() == 4);
        await("the orders counted").atMost(Duration.ofSeconds(30))
                .until(() -> sum(get("/dashboard/order-rate").get("minutes")) >= ORDERS);
    }

    // ---------------------------------------------------------------- site checks through the real prober

    @Inject
    SiteProber prober;

    /** "Shop home" probes this app and is up; "Checkout" probes a port nobody listens on, until a test opens it. */
    static String homeCheck;
    static String checkoutCheck;
    static int checkoutPort;
    static HttpServer checkoutBack;

    private String postCheck(String name, String checkUrl) {
        return given().contentType("application/json").body("{\"name\":\"%s\",\"url\":\"%s\"}".formatted(name, checkUrl))
                .post(url("/checks")).then().statusCode(201).extract().jsonPath().getString("id");
    }

    /** Three rounds, a minute apart, just before now: the checkout fails all three, so it is DOWN with one SITE_DOWN. */
    private void putChecks() throws IOException {
        try (ServerSocket free = new ServerSocket(0)) {
            checkoutPort = free.getLocalPort();
        }
        homeCheck = postCheck("Shop home " + RUN, url("/dashboard/order-rate"));
        checkoutCheck = postCheck("Checkout " + RUN, "http://127.0.0.1:" + checkoutPort + "/checkout");
        Instant round = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        for (int i = 3; i >= 1; i--) {
            prober.run(round.minus(Duration.ofMinutes(i)));
        }
        await("the SITE_DOWN in the history").atMost(Duration.ofSeconds(30))
                .until(() -> get("/alarms?limit=500&type=SITE_DOWN").get("items").findValuesAsText("key")
                        .contains(checkoutCheck));
    }

    /** The check table: rows of cell texts (id first), the status key and the hour strip's label, read at once. */
    @SuppressWarnings("unchecked")
    private Map<String, Map<String, String>> checkRows() {
        Map<String, Map<String, String>> checks = new LinkedHashMap<>();
        ((List<Map<String, String>>) js("""
                return Array.from(document.querySelectorAll('#check-table tbody tr')).map(tr => ({
                    id: tr.dataset.checkId, state: tr.dataset.state, query: tr.dataset.uptimeQuery || '',
                    status: tr.cells[0].textContent, name: tr.cells[1].textContent,
                    strip: (tr.cells[2].querySelector('.strip') || { getAttribute: () => '' }).getAttribute('aria-label') || '',
                    uptime: tr.cells[3].textContent, p95: tr.cells[4].textContent, detail: tr.cells[6].textContent }));
                """)).forEach(row -> checks.put(row.get("id"), row));
        return checks;
    }

    private static <T> List<T> reversed(List<T> list) {
        List<T> copy = new ArrayList<>(list);
        java.util.Collections.reverse(copy);
        return copy;
    }

    private static long sum(JsonNode minutes) {
        long total = 0;
        for (JsonNode minute : minutes) {
            total += minute.get("orders").asLong();
        }
        return total;
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    /**
     * A table's rows as cell texts, with the row's {@code data-*} key first; read in one script, so that a refresh of
     * the table (the page reloads its data every 15 s) cannot change it halfway.
     */
    @SuppressWarnings("unchecked")
    private List<List<String>> rows(String tableId, String key) {
        return (List<List<String>>) js("""
                return Array.from(document.querySelectorAll('#' + arguments[0] + ' tbody tr')).map(tr =>
                    [tr.getAttribute('data-' + arguments[1])].concat(Array.from(tr.cells).map(td => td.textContent)));
                """, tableId, key);
    }

    /** The timeline's marks: element id → accessible label, read at once. */
    @SuppressWarnings("unchecked")
    private Map<String, String> marks() {
        Map<String, String> marks = new LinkedHashMap<>();
        ((List<List<String>>) js("""
                return Array.from(document.querySelectorAll('#timeline .mark'))
                    .map(m => [m.id, m.getAttribute('aria-label')]);
                """)).forEach(m -> marks.put(m.get(0), m.get(1)));
        return marks;
    }

    // ---------------------------------------------------------------- the tests, in order on one page

    @Test
    @Order(1)
    void thePageLoadsAndDrawsWhatTheApiAnswers() throws Exception {
        putAlarmsAndOrders();
        putChecks();
        browser = startBrowser();
        browser.get(url("/"));
        await("the live stream open").atMost(Duration.ofSeconds(20))
                .until(() -> browser.findElement(By.id("live")).getAttribute("data-state").equals("live"));
        await("the tables filled").atMost(Duration.ofSeconds(20)).until(() ->
                !browser.findElements(By.cssSelector("#rate-table tbody tr")).isEmpty()
                        && browser.findElement(By.id("agg-table")).getAttribute("data-query") != null
                        && browser.findElement(By.id("timeline")).getAttribute("data-from") != null
                        && !browser.findElements(By.cssSelector("#floods article.flood")).isEmpty()
                        && checkRows().values().stream().filter(c -> !c.get("query").isEmpty()).count() == 2);

        // order rate: every minute of the table is the API's
        JsonNode rate = get("/dashboard/order-rate");
        Map<String, String> apiMinutes = new LinkedHashMap<>();
        rate.get("minutes").forEach(m -> apiMinutes.put(m.get("start").asText(), m.get("orders").asText()));
        Map<String, String> pageMinutes = new LinkedHashMap<>();
        rows("rate-table", "start").forEach(r -> pageMinutes.put(r.get(0), r.get(2)));
        assertThat(pageMinutes).hasSize(360);
        // the minutes both saw (a new minute may have begun since the page asked)
        Map<String, String> both = new LinkedHashMap<>(apiMinutes);
        both.keySet().retainAll(pageMinutes.keySet());
        assertThat(both).hasSizeGreaterThanOrEqualTo(359);
        assertThat(pageMinutes).containsAllEntriesOf(both);
        assertThat(pageMinutes.values().stream().mapToLong(Long::parseLong).sum()).isEqualTo(ORDERS);
        assertThat(browser.findElement(By.id("rate-summary")).getText())
                .contains(ORDERS + " orders").contains("drawn as 120 per minute");
        assertThat(browser.findElements(By.cssSelector("#rate-chart canvas"))).hasSize(1);

        // per hour, in the browser's zone: the query the page made, answered again by the API, is the table
        String query = browser.findElement(By.id("agg-table")).getAttribute("data-query");
        // Chromium names the zone by ICU's canonical name, Asia/Calcutta
        assertThat(query).contains("bucket=hour").containsPattern("tz=Asia%2F(Kolkata|Calcutta)");
        List<List<String>> apiBuckets = new ArrayList<>();
        get(query).get("buckets").forEach(b -> apiBuckets.add(List.of(b.get("start").asText(),
                b.get("alarms").asText(), b.get("orders").asText(), b.get("maxOrders").asText())));
        List<List<String>> pageBuckets = rows("agg-table", "start").stream()
                .map(r -> List.of(r.get(0), r.get(2), r.get(3), r.get(4))).toList();
        assertThat(pageBuckets).containsExactlyElementsOf(reversed(apiBuckets));
        assertThat(pageBuckets).extracting(r -> r.get(2)).contains("192", "32", "256"); // 64 + 128 in one hour
        // a Kolkata hour starts at :30 UTC
        assertThat(pageBuckets).allSatisfy(r -> assertThat(r.get(0)).contains(":30:00Z"));
        assertThat(browser.findElements(By.cssSelector("#agg-chart canvas"))).hasSize(1);

        // the timeline: one mark per alarm the API lists for the range, each with its count in its label
        String from = browser.findElement(By.id("timeline")).getAttribute("data-from");
        JsonNode listed = get("/alarms?limit=500&from=" + from);
        Map<String, String> marks = marks();
        assertThat(marks).hasSize(listed.get("items").size());
        for (JsonNode a : listed.get("items")) {
            String label = marks.get("alarm-" + a.get("id").asText());
            assertThat(label).contains(a.get("type").asText());
            if (a.get("type").asText().startsWith("SITE_")) {
                assertThat(label).contains("Checkout " + RUN).contains("down after 2 failed rounds"); // the name, not the id
            } else {
                assertThat(label).contains(a.get("orderCount").asText() + " orders");
            }
        }
        assertThat(marks.values()).filteredOn(label -> label.startsWith("✖ SITE_DOWN")).hasSize(1);
        assertThat(rows("alarm-table", "alarm-id")).extracting(r -> r.get(0))
                .containsExactlyElementsOf(listed.get("items").findValuesAsText("alarmId"));

        // now: the open flood with its current count, peak and threshold, and the latest alarm's top contributors
        @SuppressWarnings("unchecked")
        Map<String, String> flood = (Map<String, String>) js("""
                const f = document.querySelector("article.flood[data-flood-id='" + arguments[0] + "']");
                return { current: f.querySelector('.current').textContent, peak: f.querySelector('.peak').textContent,
                         threshold: f.querySelector('.threshold').textContent,
                         tops: Array.from(f.querySelectorAll('.tops li')).map(li => li.textContent).join(' | ') };
                """, "ORDER_FLOOD-dash-" + RUN + "-1");
        assertThat(flood.get("current")).startsWith("128 orders in 15 s");
        assertThat(flood.get("peak")).startsWith("128 at");
        assertThat(flood.get("threshold")).isEqualTo("30 in 15 s");
        assertThat(flood.get("tops")).contains("14911 — 64").contains("United Kingdom — 127").contains("85123A — 3");

        // site checks: the API's checks, the failing first, each with the uptime the API answers for the query the page
        // made (its hours in the browser's zone)
        Map<String, Map<String, String>> checks = checkRows();
        assertThat(checks.keySet()).containsExactly(checkoutCheck, homeCheck);
        JsonNode apiChecks = get("/checks");
        assertThat(apiChecks.findValuesAsText("id")).containsExactlyInAnyOrder(checkoutCheck, homeCheck);
        for (Map<String, String> row : checks.values()) {
            assertThat(row.get("query")).contains("bucket=hour").containsPattern("tz=Asia%2F(Kolkata|Calcutta)");
            long rounds = 0;
            long up = 0;
            String p95 = "–";
            for (JsonNode bucket : get(row.get("query"))) {
                rounds += bucket.get("rounds").asLong();
                up += bucket.get("up").asLong();
                if (!bucket.get("p95Ms").isNull()) {
                    p95 = bucket.get("p95Ms").asText() + " ms";
                }
                assertThat(bucket.get("start").asText()).contains(":30:00Z"); // Kolkata hours
            }
            assertThat(rounds).isEqualTo(3);
            assertThat(row.get("uptime")).isEqualTo(String.format(java.util.Locale.ROOT, "%.2f %%", 100.0 * up / rounds));
            assertThat(row.get("p95")).isEqualTo(p95);
        }
        Map<String, String> checkout = checks.get(checkoutCheck);
        assertThat(checkout.get("state")).isEqualTo("down");
        assertThat(checkout.get("status")).isEqualTo("✖ DOWN");
        assertThat(checkout.get("uptime")).isEqualTo("0.00 %");
        assertThat(checkout.get("p95")).isEqualTo("–"); // nothing answered
        assertThat(checkout.get("detail")).startsWith("down since").contains("CONNECTION_REFUSED")
                .contains("connection refused by 127.0.0.1");
        assertThat(checkout.get("strip")).contains("all down").doesNotContain("all up");
        Map<String, String> home = checks.get(homeCheck);
        assertThat(home.get("state")).isEqualTo("up");
        assertThat(home.get("status")).isEqualTo("✔ UP");
        assertThat(home.get("uptime")).isEqualTo("100.00 %");
        assertThat(home.get("p95")).endsWith(" ms");
        assertThat(home.get("strip")).contains("all up").doesNotContain("down");
        assertThat(browser.findElement(By.id("checks-summary")).getText()).isEqualTo("2 checks: 1 down, 1 up.");
        // and in Now: the site that is down, why and since when; the open SITE_DOWN episode is no flood card
        WebElement down = browser.findElement(By.cssSelector("#sites-now article.site-down[data-check-id='" + checkoutCheck + "']"));
        assertThat(down.getText()).contains("Site down: Checkout " + RUN).contains("CONNECTION_REFUSED");
        assertThat(browser.findElements(By.cssSelector("#floods article.flood")))
                .allSatisfy(card -> assertThat(card.getText()).doesNotContain("SITE_DOWN"));

        // what the first load transferred (compressed) and what it unpacked to, per resource: BENCHMARKS.md
        @SuppressWarnings("unchecked")
        List<List<Object>> loaded = (List<List<Object>>) js("""
                const nav = performance.getEntriesByType('navigation')[0];
                return [nav].concat(performance.getEntriesByType('resource'))
                    .map(r => [new URL(r.name).pathname, r.transferSize, r.decodedBodySize]);
                """);
        StringBuilder report = new StringBuilder("| resource | transferred (bytes) | decoded (bytes) |\n|---|---|---|\n");
        long decoded = 0;
        firstLoadBytes = 0;
        for (List<Object> r : loaded) {
            firstLoadBytes += ((Number) r.get(1)).longValue();
            decoded += ((Number) r.get(2)).longValue();
            report.append(String.format("| `%s` | %,d | %,d |%n", r.get(0), ((Number) r.get(1)).longValue(),
                    ((Number) r.get(2)).longValue()));
        }
        report.append(String.format("| **all %d** | **%,d** | %,d |%n", loaded.size(), firstLoadBytes, decoded));
        System.out.printf("Dashboard first load: %,d bytes transferred (compressed), %,d decoded, %d requests%n",
                firstLoadBytes, decoded, loaded.size());
        Files.writeString(Path.of("target", "dashboard-first-load.md"), report);
        assertThat(firstLoadBytes).isPositive().isLessThan(300_000);
    }

    @Test
    @Order(2)
    void aNewAlarmAppearsWithinTwoSecondsWithoutReload() {
        Assumptions.assumeTrue(browser != null, "the page did not load");
        Object marker = js("window.sitewatchNotReloaded = true; return true;");
        String id = "ORDER_FLOOD-dash-" + RUN + "-live";
        long put = System.nanoTime();
        KinesisResource.put(KinesisResource.ALARMS_STREAM, "ORDER_FLOOD",
                alarm(id, "ORDER_FLOOD", null, Instant.now(), 512, "ORDER_FLOOD-dash-" + RUN + "-1"));
        await("the new alarm on the page").atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20))
                .until(() -> !browser.findElements(By.cssSelector("#live-list li[data-alarm-id='" + id + "']")).isEmpty());
        System.out.printf("New alarm on the page %d ms after its PutRecord%n", (System.nanoTime() - put) / 1_000_000);
        assertThat(marker).isEqualTo(true);
        assertThat(js("return window.sitewatchNotReloaded === true")).isEqualTo(true);
        assertThat(browser.findElement(By.cssSelector("#live-list li[data-alarm-id='" + id + "']")).getText())
                .contains("512 orders");
        // and on the timeline, with its count
        await("the timeline redrawn").atMost(Duration.ofSeconds(2))
                .until(() -> marks().values().stream().anyMatch(label -> label.contains("512 orders")));
    }

    @Inject
    LiveAlarms live;

    @Test
    @Order(3)
    void whenTheStreamDropsThePageSaysSoAndComesBack() {
        Assumptions.assumeTrue(browser != null, "the page did not load");
        live.disconnectAll();
        await("the page says it is disconnected").atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20))
                .until(() -> browser.findElement(By.id("live")).getAttribute("data-state").equals("reconnecting"));
        assertThat(browser.findElement(By.id("live")).getText()).contains("Disconnected").contains("reconnecting");
        await("live again").atMost(Duration.ofSeconds(10))
                .until(() -> browser.findElement(By.id("live")).getAttribute("data-state").equals("live"));
        assertThat(live.viewers()).isEqualTo(1);
        // and what happens meanwhile still arrives
        String id = "ORDER_FLOOD-dash-" + RUN + "-after";
        KinesisResource.put(KinesisResource.ALARMS_STREAM, "ORDER_FLOOD",
                alarm(id, "ORDER_FLOOD", null, Instant.now(), 1024, "ORDER_FLOOD-dash-" + RUN + "-1"));
        await("the alarm after the reconnection").atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20))
                .until(() -> !browser.findElements(By.cssSelector("#live-list li[data-alarm-id='" + id + "']")).isEmpty());
    }

    @Test
    @Order(4)
    void aSiteThatComesBackShowsUpWithoutReload() throws IOException {
        Assumptions.assumeTrue(browser != null, "the page did not load");
        js("window.sitewatchNotReloaded = true;");
        checkoutBack = OkSite.start(checkoutPort);
        prober.run(Instant.now().truncatedTo(ChronoUnit.MINUTES));
        long ran = System.nanoTime();
        // the resolved event closes the episode in the history; the stream's "floods" event makes the page look again
        // (its own refresh is every 15 s)
        await("the checkout up again on the page").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> "up".equals(checkRows().get(checkoutCheck).get("state"))
                        && browser.findElements(By.cssSelector("#sites-now article.site-down")).isEmpty());
        System.out.printf("Checkout up on the page %d ms after the prober's round%n", (System.nanoTime() - ran) / 1_000_000);
        assertThat(js("return window.sitewatchNotReloaded === true")).isEqualTo(true);
        assertThat(checkRows().get(checkoutCheck).get("status")).isEqualTo("✔ UP");
        // its hours asked again with the new round: one of four rounds up
        assertThat(checkRows().get(checkoutCheck).get("uptime")).isEqualTo("25.00 %");
        assertThat(browser.findElement(By.id("checks-summary")).getText()).isEqualTo("2 checks: 2 up.");
        assertThat(browser.findElement(By.id("sites-now")).getText()).isEqualTo("All 2 site checks are up.");
    }

    @Test
    @Order(5)
    void theTimelineAndTheRangeSwitchWorkFromTheKeyboard() {
        Assumptions.assumeTrue(browser != null, "the page did not load");
        WebElement timeline = browser.findElement(By.id("timeline"));
        js("arguments[0].focus()", timeline);
        timeline.sendKeys(Keys.END);
        WebElement tip = browser.findElement(By.id("timeline-tip"));
        assertThat(tip.isDisplayed()).isTrue();
        String active = timeline.getAttribute("aria-activedescendant");
        assertThat(active).startsWith("alarm-");
        assertThat(tip.getText()).isEqualTo(browser.findElement(By.id(active)).getAttribute("aria-label"));
        timeline.sendKeys(Keys.HOME);
        assertThat(timeline.getAttribute("aria-activedescendant")).isNotEqualTo(active);
        assertThat(tip.getText()).contains("orders in 15 s");
        // the visible focus: an outline drawn, not the browser's none
        assertThat(js("return getComputedStyle(document.activeElement).outlineStyle")).isEqualTo("solid");

        WebElement week = browser.findElement(By.cssSelector(".range button[data-range='7d']"));
        js("arguments[0].focus()", week);
        week.sendKeys(Keys.ENTER);
        await("per day").atMost(Duration.ofSeconds(10)).until(() ->
                browser.findElement(By.id("agg-table")).getAttribute("data-query").contains("bucket=day"));
        assertThat(week.getAttribute("aria-pressed")).isEqualTo("true");
        String query = browser.findElement(By.id("agg-table")).getAttribute("data-query");
        List<String> apiDays = new ArrayList<>();
        get(query).get("buckets").forEach(b -> apiDays.add(b.get("start").asText() + " " + b.get("alarms").asText()));
        assertThat(rows("agg-table", "start").stream().map(r -> r.get(0) + " " + r.get(2)).toList())
                .containsExactlyElementsOf(reversed(apiDays));
        // a Kolkata day starts at 18:30 UTC
        assertThat(apiDays).allSatisfy(d -> assertThat(d).contains("T18:30:00Z"));
    }

    @Test
    @Order(6)
    void fitsA375PixelScreen() {
        Assumptions.assumeTrue(browser != null, "the page did not load");
        browser.manage().window().setSize(new Dimension(375, 2400));
        await("laid out again").atMost(Duration.ofSeconds(5)).until(() ->
                ((Number) js("return document.documentElement.scrollWidth")).intValue() <= 375);
        screenshot(Path.of("target", "dashboard-375.png"));
        browser.manage().window().setSize(new Dimension(1280, 2200));
    }

    @Test
    @Order(7)
    void theResponsesCarryAStrictContentSecurityPolicy() {
        for (String path : List.of("/", "/dashboard/app.js", "/dashboard/order-rate")) {
            String csp = given().get(url(path)).then().statusCode(200).extract().header("Content-Security-Policy");
            assertThat(csp).as(path).contains("default-src 'none'").contains("script-src 'self'")
                    .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval").doesNotContain("http");
        }
    }

    @Test
    @Order(8)
    void noRequestLeftLocalhostAndNoConsoleError() throws Exception {
        Assumptions.assumeTrue(browser != null, "the page did not load");
        List<String> urls = new ArrayList<>();
        for (LogEntry entry : browser.manage().logs().get(LogType.PERFORMANCE)) {
            JsonNode message = JSON.readTree(entry.getMessage()).get("message");
            if (message.get("method").asText().equals("Network.requestWillBeSent")) {
                urls.add(message.get("params").get("request").get("url").asText());
            }
        }
        String origin = URI.create(url("/")).resolve("/").toString();
        // what the tab loaded before the test sent it to the page is Chromium's own new-tab page (chrome://, data:)
        int first = urls.indexOf(origin);
        assertThat(first).as("the page's request among %s", urls).isNotNegative();
        assertThat(urls.subList(0, first)).allSatisfy(u -> assertThat(u).matches("(chrome|data):.*"));
        urls = urls.subList(first, urls.size());
        assertThat(urls).isNotEmpty().allSatisfy(u -> assertThat(u).satisfiesAnyOf(
                x -> assertThat(x).startsWith(origin), x -> assertThat(x).startsWith("data:")));
        assertThat(urls).anyMatch(u -> u.contains("/webjars/uplot/"));
        List<String> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::getMessage).toList();
        assertThat(errors).isEmpty();
    }
}
