package dev.sitewatch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * What holds data outlives the stack: a deleted stack, or a change that replaces the resource, keeps the streams,
 * tables, queues, the secret and the database (Retain, or a final snapshot where CloudFormation offers one).
 */
class StatefulResourcesTest {

    static final Set<String> STATEFUL = Set.of("AWS::Kinesis::Stream", "AWS::DynamoDB::Table", "AWS::SQS::Queue",
            "AWS::SecretsManager::Secret", "AWS::RDS::DBCluster");
    static final Set<String> KEEPING = Set.of("Retain", "RetainExceptOnCreate", "Snapshot");

    @Test
    void everyStatefulResourceIsKeptOnDeleteAndOnReplacement() throws IOException {
        Map<String, Map<String, Object>> resources = CfnTemplate.load().resources();
        long checked = resources.entrySet().stream().filter(e -> STATEFUL.contains(e.getValue().get("Type")))
                .peek(e -> {
                    assertThat(e.getValue().get("DeletionPolicy")).as("%s DeletionPolicy", e.getKey()).isIn(KEEPING);
                    assertThat(e.getValue().get("UpdateReplacePolicy")).as("%s UpdateReplacePolicy", e.getKey())
                            .isIn(KEEPING);
                }).count();
        // 3 streams, 4 tables, 3 queues, the secret, the cluster: a parser that found none would pass everything
        assertThat(checked).isGreaterThanOrEqualTo(12);
    }
}
