package dev.sitewatch.silence;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.sitewatch.local.LocalAws;
import dev.sitewatch.testing.DynamoDbResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The silences API against DynamoDB (dynalite through the test resources). Every silence a test creates is removed
 * after it, and none of them mutes an alarm another test sends: keys are the test's own, site-wide ones pending.
 */
@QuarkusTest
class SilencesApiTest {

    @TestHTTPResource("/silences")
    URL silences;

    final List<String> created = new ArrayList<>();

    @AfterEach
    void removeCreated() {
        created.forEach(id -> DynamoDbResource.client().deleteItem(d -> d.tableName(DynamoDbResource.SILENCES_TABLE)
                .key(Map.of(SilenceStore.PARTITION_KEY, AttributeValue.fromS(id)))));
    }

    static String testKey() {
        return "silences-api-test-" + UUID.randomUUID();
    }

    private JsonPath create(String body) {
        Response response = given().contentType("application/json").body(body).when().post(silences.toString());
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(201);
        JsonPath json = response.jsonPath();
        created.add(json.getString("id"));
        assertThat(response.header("Location")).isEqualTo(silences + "/" + json.getString("id"));
        return json;
    }

    private JsonPath get(String path) {
        return given().when().get(silences + path).then().statusCode(200).contentType("application/json")
                .extract().jsonPath();
    }

    private static String in(Duration duration) {
        return Instant.now().plus(duration).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static List<String> ids(JsonPath list) {
        return list.getList("id", String.class);
    }

    @Test
    void aSilenceForOneCustomerIsCreatedReadAndListed() {
        String key = testKey();
        String endsAt = in(Duration.ofHours(2));
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        JsonPath silence = create("""
                {"matchers":{"type":"CUSTOMER_FLOOD","key":"%s"},"endsAt":"%s","comment":"bot being blocked"}"""
                .formatted(key, endsAt));
        String id = silence.getString("id");
        assertThat(UUID.fromString(id).toString()).isEqualTo(id);
        assertThat(silence.getMap("matchers")).containsEntry("type", "CUSTOMER_FLOOD").containsEntry("key", key)
                .containsEntry("keyPrefix", null).containsEntry("all", false);
        assertThat(Instant.parse(silence.getString("startsAt"))).isBetween(before, Instant.now())
                .isEqualTo(Instant.parse(silence.getString("createdAt")));
        assertThat(silence.getString("endsAt")).isEqualTo(endsAt);
        assertThat(silence.getString("comment")).isEqualTo("bot being blocked");
        assertThat(silence.getString("createdBy")).isEqualTo("anonymous"); // no authentication in test
        assertThat(silence.getString("state")).isEqualTo("ACTIVE");

        assertThat(get("/" + id).getMap("$")).isEqualTo(silence.getMap("$"));
        assertThat(ids(get(""))).contains(id);
        assertThat(ids(get("?state=active"))).contains(id);
        assertThat(ids(get("?state=ACTIVE"))).contains(id);
        assertThat(ids(get("?state=all"))).contains(id);
        assertThat(ids(get("?state=pending"))).doesNotContain(id);
        assertThat(ids(get("?state=expired"))).doesNotContain(id);
    }

    @Test
    void aSiteWideSilenceForAFlashSaleIsPendingThenExpiredEarlyAndKept() {
        String startsAt = in(Duration.ofDays(2));
        String endsAt = in(Duration.ofDays(2).plusHours(12));
        JsonPath silence = create("""
                {"matchers":{"all":true},"startsAt":"%s","endsAt":"%s","comment":"Black Friday flash sale"}"""
                .formatted(startsAt, endsAt));
        String id = silence.getString("id");
        assertThat(silence.getString("state")).isEqualTo("PENDING");
        assertThat(silence.getMap("matchers")).containsEntry("all", true).containsEntry("type", null);
        assertThat(ids(get("?state=pending"))).contains(id);
        assertThat(ids(get("?state=active"))).doesNotContain(id);

        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        given().when().delete(silences + "/" + id).then().statusCode(204);
        JsonPath expired = get("/" + id);
        assertThat(expired.getString("state")).isEqualTo("EXPIRED");
        assertThat(Instant.parse(expired.getString("endsAt"))).isBetween(before, Instant.now());
        assertThat(expired.getString("startsAt")).isEqualTo(startsAt);
        assertThat(ids(get("?state=expired"))).contains(id);
        assertThat(ids(get("?state=pending"))).doesNotContain(id);

        // expiring it again changes nothing
        given().when().delete(silences + "/" + id).then().statusCode(204);
        assertThat(get("/" + id).getMap("$")).isEqualTo(expired.getMap("$"));
    }

    @Test
    void aKeyPrefixSilenceAndTheStoredItem() {
        String prefix = testKey();
        String endsAt = in(Duration.ofDays(1));
        String id = create("""
                {"matchers":{"keyPrefix":"%s"},"endsAt":"%s","comment":"a block of test customers"}"""
                .formatted(prefix, endsAt)).getString("id");
        Map<String, AttributeValue> item = DynamoDbResource.client().getItem(g -> g
                .tableName(DynamoDbResource.SILENCES_TABLE)
                .key(Map.of(SilenceStore.PARTITION_KEY, AttributeValue.fromS(id)))).item();
        assertThat(item.get("KeyPrefix").s()).isEqualTo(prefix);
        assertThat(item).doesNotContainKeys("Type", "Key");
        assertThat(item.get("All").bool()).isFalse();
        assertThat(item.get("EndsAt").s()).isEqualTo(endsAt);
        // DynamoDB's TTL removes it 30 days after its end
        assertThat(Long.parseLong(item.get("ExpiresAt").n()))
                .isEqualTo(Instant.parse(endsAt).plus(Duration.ofDays(30)).getEpochSecond());
        assertThat(item.get("CreatedBy").s()).isEqualTo("anonymous");
    }

    @Test
    void theListIsNewestFirst() {
        List<String> mine = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            mine.add(create("""
                    {"matchers":{"key":"%s"},"endsAt":"%s","comment":"number %d"}"""
                    .formatted(testKey(), in(Duration.ofHours(1)), i)).getString("id"));
        }
        List<String> listed = ids(get("")).stream().filter(mine::contains).toList();
        assertThat(listed).containsExactly(mine.get(2), mine.get(1), mine.get(0));
        List<Instant> createdAt = get("").getList("createdAt", String.class).stream().map(Instant::parse).toList();
        assertThat(createdAt).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    }

    @Test
    void theSameMatchersOverAnOverlappingTimeAreRefusedUntilTheFirstHasEnded() {
        String key = testKey();
        String first = create("""
                {"matchers":{"type":"CUSTOMER_FLOOD","key":"%s"},"endsAt":"%s","comment":"first"}"""
                .formatted(key, in(Duration.ofHours(2)))).getString("id");
        Response overlapping = given().contentType("application/json").body("""
                {"matchers":{"type":"CUSTOMER_FLOOD","key":"%s"},"startsAt":"%s","endsAt":"%s","comment":"again"}"""
                .formatted(key, in(Duration.ofHours(1)), in(Duration.ofHours(3)))).when().post(silences.toString());
        assertThat(overlapping.statusCode()).isEqualTo(400);
        assertThat(overlapping.contentType()).startsWith("application/problem+json");
        assertThat(overlapping.jsonPath().getString("parameter")).isEqualTo("startsAt");
        assertThat(overlapping.jsonPath().getString("detail")).contains(first);

        // other matchers, or the same after the first ends, are fine
        create("""
                {"matchers":{"key":"%s"},"endsAt":"%s","comment":"key only: other matchers"}"""
                .formatted(key, in(Duration.ofHours(2))));
        create("""
                {"matchers":{"type":"CUSTOMER_FLOOD","key":"%s"},"startsAt":"%s","endsAt":"%s","comment":"after"}"""
                .formatted(key, in(Duration.ofHours(2).plusSeconds(1)), in(Duration.ofHours(4))));
        // once the first is expired, its time no longer counts
        given().when().delete(silences + "/" + first).then().statusCode(204);
        create("""
                {"matchers":{"type":"CUSTOMER_FLOOD","key":"%s"},"endsAt":"%s","comment":"replaces the first"}"""
                .formatted(key, in(Duration.ofHours(1))));
    }

    @Test
    void unknownSilencesAre404Problems() {
        for (String id : List.of(UUID.randomUUID().toString(), "nope", UUID.randomUUID().toString().toUpperCase())) {
            for (Response response : List.of(given().when().get(silences + "/" + id),
                    given().when().delete(silences + "/" + id))) {
                assertThat(response.statusCode()).isEqualTo(404);
                assertThat(response.contentType()).startsWith("application/problem+json");
                assertThat(response.jsonPath().getInt("status")).isEqualTo(404);
            }
        }
    }

    @Test
    void theOpenApiDocumentDescribesTheSilences() {
        JsonPath openApi = given().queryParam("format", "json").when().get(silences.toString().replace("/silences", "/q/openapi"))
                .then().statusCode(200).extract().jsonPath();
        assertThat(openApi.getMap("paths.'/silences'")).containsKeys("get", "post");
        assertThat(openApi.getMap("paths.'/silences/{id}'")).containsKeys("get", "delete");
        assertThat(openApi.getMap("paths.'/silences'.post.responses")).containsKeys("201", "400", "403");
        assertThat(openApi.getMap("components.schemas.NewSilence.properties")).containsKeys("matchers", "startsAt",
                "endsAt", "comment");
        assertThat(openApi.getMap("components.schemas.Matchers.properties")).containsKeys("type", "key", "keyPrefix", "all");
    }

    /**
     * Silences outlive the app: dynalite keeps its data in memory only, but it runs on while the app restarts (in
     * dev mode the local components belong to the JVM, not to the app). What a restarted app reads is what a new
     * client, store and notifier view read from the same running emulator.
     */
    @Test
    void aSilenceSurvivesARestartOfTheApp() {
        String key = testKey();
        JsonPath created = create("""
                {"matchers":{"type":"CUSTOMER_FLOOD","key":"%s"},"endsAt":"%s","comment":"survives"}"""
                .formatted(key, in(Duration.ofHours(1))));
        String id = created.getString("id");
        String endpoint = ConfigProvider.getConfig().getValue("quarkus.dynamodb.endpoint-override", String.class);
        try (DynamoDbClient fresh = LocalAws.dynamo(endpoint)) {
            SilenceStore store = new SilenceStore(fresh, DynamoDbResource.SILENCES_TABLE, Duration.ofDays(30));
            assertThat(store.find(id)).hasValueSatisfying(silence -> {
                assertThat(silence.matchers()).isEqualTo(new Matchers("CUSTOMER_FLOOD", key, null, false));
                assertThat(silence.endsAt()).isEqualTo(Instant.parse(created.getString("endsAt")));
                assertThat(silence.createdAt()).isEqualTo(Instant.parse(created.getString("createdAt")));
                assertThat(silence.comment()).isEqualTo("survives");
            });
            ActiveSilences notifierView = new ActiveSilences(store, Duration.ofSeconds(5), Duration.ofSeconds(1),
                    java.time.Clock.systemUTC());
            assertThat(notifierView.silencing("CUSTOMER_FLOOD", key)).map(Silence::id).contains(id);
            assertThat(notifierView.silencing("CUSTOMER_FLOOD", key + "-other")).isEmpty();
        }
    }
}
