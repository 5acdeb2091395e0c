package dev.sitewatch.check;

import com.fasterxml.jackson.databind.json.JsonMapper;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Check definitions written the way the API writes them, for tests outside this package (the package tests). */
public final class CheckFixtures {

    private CheckFixtures() {
    }

    /** A GET check of {@code url} that expects a 2xx within 2 s, in {@code table}. */
    public static void create(DynamoDbClient dynamo, String table, String id, String url) {
        new CheckStore(dynamo, table, JsonMapper.builder().findAndAddModules().build()).create(Checks.get(id, url));
    }
}
