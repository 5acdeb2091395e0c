package dev.sitewatch.deploy;

import static dev.sitewatch.deploy.CfnTemplate.asList;
import static dev.sitewatch.deploy.CfnTemplate.asMap;
import static dev.sitewatch.deploy.CfnTemplate.getAttOf;
import static dev.sitewatch.deploy.CfnTemplate.map;
import static dev.sitewatch.deploy.CfnTemplate.properties;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * What a deploy with every parameter at its default creates is what docs/deploy.md's cost model prices: provisioned
 * streams, no dead-letter stream, no fan-out consumer, and an API health check that lets Aurora pause. And the API,
 * once deployed, is served over HTTPS only.
 */
class DefaultsTest {

    @Test
    void theDefaultsAreTheCostModels() throws IOException {
        CfnTemplate defaults = CfnTemplate.deployed(Map.of());
        assertThat(defaults.parameterDefault("StreamMode")).isEqualTo("PROVISIONED");
        assertThat(defaults.parameterDefault("OrdersShardCount")).isEqualTo("1");
        assertThat(defaults.parameterDefault("AlarmsShardCount")).isEqualTo("1");
        assertThat(defaults.parameterDefault("ApiHealthCheckPath")).isEqualTo("/q/health/live");
        assertThat(defaults.parameterDefault("AuroraMinCapacity")).isEqualTo("0");
        assertThat(defaults.resourcesOfType("AWS::Kinesis::Stream")).containsOnlyKeys("OrdersStream", "AlarmsStream");
        assertThat(defaults.resourcesOfType("AWS::Kinesis::StreamConsumer")).isEmpty();
        assertThat(defaults.resourcesOfType("AWS::ECS::Service")).isEmpty();
        // without the dead-letter stream the job is not told of one, nor allowed to write to it
        assertThat(propertyGroups(defaults)).doesNotContain("DeadLetterStream0").contains("InputStream0", "OutputStream0");
        assertThat(IamPoliciesTest.statements(defaults)).filteredOn(st -> st.where().startsWith("FlinkRole/"))
                .flatExtracting(IamPoliciesTest.Statement::resources)
                .noneMatch(r -> "DeadLetterStream".equals(getAttOf(r)));
    }

    @Test
    void theApiIsServedOverHttpsOnly() throws IOException {
        CfnTemplate full = CfnTemplate.deployed();
        Map<String, Object> https = properties(full.resource("ApiListener"));
        assertThat(https).containsEntry("Protocol", "HTTPS").containsEntry("Port", 443);
        assertThat(asList(https.get("Certificates"))).singleElement()
                .satisfies(c -> assertThat(CfnTemplate.refTo(asMap(c).get("CertificateArn"))).isEqualTo("ApiCertificateArn"));
        Map<String, Object> http = properties(full.resource("ApiHttpRedirect"));
        assertThat(http).containsEntry("Protocol", "HTTP").containsEntry("Port", 80);
        assertThat(asList(http.get("DefaultActions"))).singleElement().satisfies(a -> {
            assertThat(asMap(a)).containsEntry("Type", "redirect");
            assertThat(map(asMap(a), "RedirectConfig")).containsEntry("Protocol", "HTTPS").containsEntry("Port", "443")
                    .containsEntry("StatusCode", "HTTP_301");
        });
        // the only listeners: nothing forwards plain HTTP to the tasks
        assertThat(full.resourcesOfType("AWS::ElasticLoadBalancingV2::Listener")).containsOnlyKeys("ApiListener", "ApiHttpRedirect");
        // and CloudFormation refuses an API without a certificate
        Map<String, Object> rule = map(map(CfnTemplate.load().root(), "Rules"), "ApiNeedsCertificate");
        assertThat(rule.get("RuleCondition").toString()).contains("ApiImageTag");
        assertThat(asList(rule.get("Assertions")).toString()).contains("Fn::Not", "ApiCertificateArn");
    }

    private static List<String> propertyGroups(CfnTemplate t) {
        Map<String, Object> config = map(properties(t.resource("FloodDetector")), "ApplicationConfiguration");
        return asList(map(config, "EnvironmentProperties").get("PropertyGroups")).stream()
                .map(g -> String.valueOf(asMap(g).get("PropertyGroupId"))).toList();
    }
}
