package dev.sitewatch.order;

import static dev.sitewatch.order.OrderLines.line;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import dev.sitewatch.testing.DynamoDbResource;
import dev.sitewatch.testing.KinesisEvents;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The order-archiver as Lambda runs it: real-shaped Kinesis events posted to the Lambda mock event server, then
 * DynamoDB (dynalite) read back.
 */
@QuarkusTest
class OrderArchiverHandlerTest {

    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static final AtomicLong INVOICE = new AtomicLong(700_000);
    private static final Instant ARRIVED = Instant.parse("2026-11-25T14:03:12.345Z");

    private final DynamoDbClient dynamo = DynamoDbResource.client();

    private static KinesisEvents batch() {
        return KinesisEvents.batch(KinesisEvents.STREAM_ARN, SEQUENCE.getAndAdd(1_000));
    }

    private static String invoice() {
        return String.valueOf(INVOICE.incrementAndGet());
    }

    /** Posts the event to the mock event server and returns the sequence numbers Lambda would retry. */
    private static List<String> invoke(KinesisEvents event) {
        return given().contentType(ContentType.JSON).accept(ContentType.JSON).body(event.json())
                .when().post()
                .then().statusCode(200)
                .extract().jsonPath().getList("batchItemFailures.itemIdentifier", String.class);
    }

    private List<Map<String, AttributeValue>> itemsOfCustomer(String customerId) {
        return dynamo.query(q -> q.tableName(DynamoDbResource.ORDERS_TABLE).consistentRead(true)
                .keyConditionExpression("CustomerID = :c")
                .expressionAttributeValues(Map.of(":c", AttributeValue.fromS(customerId)))).items();
    }

    private List<Map<String, AttributeValue>> itemsOfInvoice(String customerId, String invoiceNo) {
        return dynamo.query(q -> q.tableName(DynamoDbResource.ORDERS_TABLE).consistentRead(true)
                .keyConditionExpression("CustomerID = :c AND begins_with(OrderID, :i)")
                .expressionAttributeValues(Map.of(":c", AttributeValue.fromS(customerId),
                        ":i", AttributeValue.fromS(invoiceNo + "#")))).items();
    }

    private Map<String, AttributeValue> quarantined(String eventId) {
        return dynamo.getItem(g -> g.tableName(DynamoDbResource.QUARANTINE_TABLE).consistentRead(true)
                .key(Map.of("Source", AttributeValue.fromS("website-orders"), "EventId", AttributeValue.fromS(eventId))))
                .item();
    }

    @Test
    void storesEachLineWithKeysTypesAndTheRawText() {
        String invoice = invoice();
        String raw = line(invoice, "85123A", "WHITE HANGING HEART T-LIGHT HOLDER", "6", "12/1/2010 8:26", "2.55",
                "17850", "United Kingdom");
        KinesisEvents event = batch().record(raw, ARRIVED);

        assertThat(invoke(event)).isEmpty();

        List<Map<String, AttributeValue>> items = itemsOfInvoice("17850", invoice);
        assertThat(items).hasSize(1);
        Map<String, AttributeValue> item = items.get(0);
        assertThat(item.get("CustomerID").s()).isEqualTo("17850");
        assertThat(item.get("OrderID").s()).matches(invoice + "#85123A#[0-9a-f]{8}");
        assertThat(item.get("InvoiceNo").s()).isEqualTo(invoice);
        assertThat(item.get("StockCode").s()).isEqualTo("85123A");
        assertThat(item.get("Description").s()).isEqualTo("WHITE HANGING HEART T-LIGHT HOLDER");
        assertThat(item.get("Quantity").n()).isEqualTo("6");
        assertThat(item.get("UnitPrice").n()).isEqualTo("2.55");
        assertThat(item.get("InvoiceDate").s()).isEqualTo("2010-12-01T08:26:00Z");
        assertThat(item.get("Country").s()).isEqualTo("United Kingdom");
        assertThat(item.get("Cancelled").bool()).isFalse();
        assertThat(item.get("Raw").s()).isEqualTo(raw);
        assertThat(item.get("SequenceNumber").s()).isEqualTo(event.sequenceNumbers().get(0));
        // Lambda sends the arrival time as float seconds; it must come through to the millisecond.
        assertThat(item.get("ArrivedAt").s()).isEqualTo("2026-11-25T14:03:12.345Z");
    }

    @Test
    void keepsEveryLineOfAnInvoiceEvenARepeatedStockCode() {
        String invoice = invoice();
        KinesisEvents event = batch()
                .record(line(invoice, "85123A", "13047"), ARRIVED)
                .record(line(invoice, "71053", "WHITE METAL LANTERN", "6", "12/1/2010 8:26", "3.39", "13047", "United Kingdom"), ARRIVED)
                .record(line(invoice, "84406B", "CREAM CUPID HEARTS COAT HANGER", "8", "12/1/2010 8:26", "2.75", "13047", "United Kingdom"), ARRIVED)
                // the same stock code again, another quantity: a second line, not a redelivery
                .record(line(invoice, "85123A", "WHITE HANGING HEART T-LIGHT HOLDER", "12", "12/1/2010 8:26", "2.55", "13047", "United Kingdom"), ARRIVED);

        assertThat(invoke(event)).isEmpty();

        List<Map<String, AttributeValue>> items = itemsOfInvoice("13047", invoice);
        assertThat(items).hasSize(4);
        assertThat(items).extracting(i -> i.get("StockCode").s()).containsExactlyInAnyOrder("85123A", "71053", "84406B", "85123A");
        assertThat(items).filteredOn(i -> i.get("StockCode").s().equals("85123A"))
                .extracting(i -> i.get("Quantity").n()).containsExactlyInAnyOrder("6", "12");
    }

    @Test
    void blankCustomerGetsAStablePlaceholderKey() {
        String invoice = invoice();
        KinesisEvents event = batch()
                .record(line(invoice, "22139", "RETROSPOT TEA SET CERAMIC 11 PC", "56", "12/1/2010 11:52", "0", "", "United Kingdom"), ARRIVED)
                .record(line(invoice, "21833", "CAMOUFLAGE LED TORCH", "1", "12/1/2010 11:52", "1.69", "  ", "United Kingdom"), ARRIVED);

        assertThat(invoke(event)).isEmpty();
        assertThat(invoke(event)).isEmpty();

        List<Map<String, AttributeValue>> items = itemsOfCustomer("ANONYMOUS#" + invoice);
        assertThat(items).hasSize(2);
        assertThat(items).allSatisfy(item -> assertThat(item).doesNotContainKey("Customer"));
    }

    @Test
    void aLineWithoutStockCodeIsStoredLikeEveryOrderTheDetectorCounts() {
        String invoice = invoice();
        KinesisEvents event = batch()
                .record(line(invoice, "", "MANUAL", "1", "12/1/2010 11:52", "2.95", "17850", "United Kingdom"), ARRIVED)
                .record(line(invoice, "  ", "POSTAGE", "1", "12/1/2010 11:52", "18", "17850", "United Kingdom"), ARRIVED);

        assertThat(invoke(event)).isEmpty();

        List<Map<String, AttributeValue>> items = itemsOfInvoice("17850", invoice);
        assertThat(items).hasSize(2);
        assertThat(items).allSatisfy(item -> {
            assertThat(item.get("OrderID").s()).matches(invoice + "##[0-9a-f]{8}");
            assertThat(item).doesNotContainKey("StockCode");
        });
    }

    @Test
    void cancellationIsStoredAndFlagged() {
        String invoice = "C" + invoice();
        assertThat(invoke(batch().record(line(invoice, "D", "Discount", "-1", "12/1/2010 9:41", "27.5", "14527", "United Kingdom"), ARRIVED)))
                .isEmpty();

        List<Map<String, AttributeValue>> items = itemsOfInvoice("14527", invoice);
        assertThat(items).hasSize(1);
        assertThat(items.get(0).get("Cancelled").bool()).isTrue();
        assertThat(items.get(0).get("Quantity").n()).isEqualTo("-1");
    }

    @Test
    void redeliveringTheSameBatchChangesNothing() {
        String invoice = invoice();
        KinesisEvents event = batch();
        for (int i = 0; i < 30; i++) {
            event.record(line(invoice, "S" + i, "12583"), ARRIVED.plusMillis(i));
        }
        event.record("not an order line", ARRIVED);

        assertThat(invoke(event)).isEmpty();
        List<Map<String, AttributeValue>> first = itemsOfCustomer("12583");
        Map<String, AttributeValue> firstQuarantine = quarantined(KinesisEvents.SHARD + ":" + event.sequenceNumbers().get(30));

        assertThat(invoke(event)).isEmpty();
        List<Map<String, AttributeValue>> second = itemsOfCustomer("12583");

        assertThat(first).hasSize(30);
        assertThat(second).containsExactlyInAnyOrderElementsOf(first);
        Map<String, AttributeValue> secondQuarantine = quarantined(KinesisEvents.SHARD + ":" + event.sequenceNumbers().get(30));
        assertThat(secondQuarantine.get("Raw")).isEqualTo(firstQuarantine.get("Raw"));
    }

    @Test
    void theSameLineTwiceInOneBatchIsOneItem() {
        String invoice = invoice();
        String raw = line(invoice, "85123A", "15311");
        assertThat(invoke(batch().record(raw, ARRIVED).record(raw, ARRIVED.plusMillis(5)))).isEmpty();
        assertThat(itemsOfInvoice("15311", invoice)).hasSize(1);
    }

    @Test
    void quarantinesMalformedLinesAndStoresTheRest() {
        String invoice = invoice();
        KinesisEvents event = batch();
        List<Integer> malformedAt = List.of(10, 50, 99);
        List<String> malformed = List.of("536365,85123A,WHITE HANGING HEART,6,12/1/2010 8:26,2.55,17850,United Kingdom",
                "{\"StockCode\":\"85123A\",\"Quantity\":\"6\"}", "\u0000\u0001garbage");
        for (int i = 0, m = 0; i < 100; i++) {
            if (malformedAt.contains(i)) {
                event.record(malformed.get(m++), ARRIVED);
            } else {
                event.record(line(invoice, "S" + i, "16098"), ARRIVED);
            }
        }

        assertThat(invoke(event)).isEmpty();

        assertThat(itemsOfInvoice("16098", invoice)).hasSize(97);
        for (int m = 0; m < 3; m++) {
            String sequenceNumber = event.sequenceNumbers().get(malformedAt.get(m));
            Map<String, AttributeValue> item = quarantined(KinesisEvents.SHARD + ":" + sequenceNumber);
            assertThat(item.get("Raw").s()).isEqualTo(malformed.get(m));
            assertThat(item.get("SequenceNumber").s()).isEqualTo(sequenceNumber);
            assertThat(item.get("ArrivedAt").s()).isEqualTo(ARRIVED.toString());
            assertThat(item.get("Reason").s()).isNotBlank();
            assertThat(item.get("Handler").s()).isEqualTo("order-archiver");
        }
        assertThat(quarantined(KinesisEvents.SHARD + ":" + event.sequenceNumbers().get(50)).get("Reason").s())
                .isEqualTo("InvoiceNo missing or blank");
    }

    @Test
    void aBatchOverTwentyFiveLinesIsWrittenInChunks() {
        String invoice = invoice();
        KinesisEvents event = batch();
        for (int i = 0; i < 80; i++) {
            event.record(line(invoice, "S" + i, "12748"), ARRIVED);
        }
        assertThat(invoke(event)).isEmpty();
        assertThat(itemsOfInvoice("12748", invoice)).hasSize(80);
    }

    @Test
    void aMissingTableReportsItsRecordsForRetry() {
        String invoice = invoice();
        KinesisEvents event = batch()
                .record(line(invoice, "A", "17920"), ARRIVED)
                .record("garbage", ARRIVED)
                .record(line(invoice, "B", "17920"), ARRIVED);
        List<String> sequenceNumbers = event.sequenceNumbers();
        dynamo.deleteTable(d -> d.tableName(DynamoDbResource.ORDERS_TABLE));
        List<String> failures;
        try {
            failures = invoke(event);
        } finally {
            dev.sitewatch.local.LocalTables.create(dynamo, DynamoDbResource.ORDERS_TABLE, DynamoDbResource.QUARANTINE_TABLE, DynamoDbResource.LEDGER_TABLE,
                    DynamoDbResource.SILENCES_TABLE);
        }
        // the two order lines are retried; the malformed one went to quarantine and is done
        assertThat(failures).containsExactly(sequenceNumbers.get(0), sequenceNumbers.get(2));

        assertThat(invoke(event)).isEmpty();
        assertThat(itemsOfInvoice("17920", invoice)).hasSize(2);
    }

    @Test
    void dynamoDbDownReportsEveryRecordAndTheRetryStoresThem() {
        String invoice = invoice();
        KinesisEvents event = batch();
        for (int i = 0; i < 30; i++) {
            event.record(line(invoice, "S" + i, "18102"), ARRIVED);
        }
        event.record("garbage", ARRIVED);

        DynamoDbResource.stopDynamo();
        List<String> failures;
        try {
            failures = invoke(event);
        } finally {
            DynamoDbResource.restartDynamo();
        }
        assertThat(failures).containsExactlyElementsOf(event.sequenceNumbers());

        assertThat(invoke(event)).isEmpty();
        assertThat(itemsOfInvoice("18102", invoice)).hasSize(30);
        assertThat(quarantined(KinesisEvents.SHARD + ":" + event.sequenceNumbers().get(30))).isNotEmpty();
    }

    @Test
    void anEmptyEventIsFine() {
        assertThat(invoke(batch())).isEmpty();
    }

}
