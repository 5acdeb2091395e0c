package dev.sitewatch.testing;

import io.quarkus.test.common.QuarkusTestResource;

/**
 * The real components every {@code @QuarkusTest} runs against, declared once: Quarkus applies test resources that are
 * not restricted to their class to all tests, so the app starts once for all tests that share a profile.
 */
@QuarkusTestResource(DynamoDbResource.class)
@QuarkusTestResource(MariaDbResource.class)
@QuarkusTestResource(SnsResource.class)
public final class LocalComponentsTestResources {

    private LocalComponentsTestResources() {
    }
}
