package dev.sitewatch.deploy;

import static dev.sitewatch.deploy.CfnTemplate.asMap;
import static dev.sitewatch.deploy.CfnTemplate.map;
import static dev.sitewatch.deploy.CfnTemplate.properties;
import static dev.sitewatch.deploy.CfnTemplate.refTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Aurora: credentials only from Secrets Manager, reachable on 3306 from the historian and the API only. */
class DatabaseTest {

    static CfnTemplate template;

    @BeforeAll
    static void load() throws IOException {
        template = CfnTemplate.deployed();
    }

    @Test
    void credentialsComeFromTheGeneratedSecretOnly() {
        Map<String, Object> cluster = properties(template.resource("AuroraCluster"));
        assertThat(dynamicReference(cluster.get("MasterUserPassword"))).isEqualTo("password");
        assertThat(dynamicReference(cluster.get("MasterUsername"))).isEqualTo("username");
        Map<String, Object> env = map(map(properties(template.resource("AlarmHistorianFunction")), "Environment"),
                "Variables");
        assertThat(dynamicReference(env.get("QUARKUS_DATASOURCE_PASSWORD"))).isEqualTo("password");
        assertThat(dynamicReference(env.get("QUARKUS_DATASOURCE_USERNAME"))).isEqualTo("username");
        assertThat(cluster).doesNotContainKey("ManageMasterUserPassword");
    }

    /** {@code {"Fn::Sub": "{{resolve:secretsmanager:${DatabaseSecret}:SecretString:KEY}}"}} → KEY, else null. */
    private static String dynamicReference(Object value) {
        if (value instanceof Map<?, ?> m && m.get("Fn::Sub") instanceof String s) {
            Matcher r = Pattern.compile("\\{\\{resolve:secretsmanager:\\$\\{DatabaseSecret}:SecretString:(\\w+)}}")
                    .matcher(s);
            return r.matches() ? r.group(1) : null;
        }
        return null;
    }

    @Test
    void scaleToZeroNeedsAuroraMysql308OrLater() {
        String engine = template.parameterDefault("AuroraEngineVersion");
        Matcher v = Pattern.compile("8\\.0\\.mysql_aurora\\.3\\.(\\d+)\\.(\\d+)").matcher(engine);
        assertThat(v.matches()).as("engine version %s", engine).isTrue();
        if (Double.parseDouble(template.parameterDefault("AuroraMinCapacity")) == 0) {
            assertThat(Integer.parseInt(v.group(1))).as("Aurora MySQL 3.x minor version").isGreaterThanOrEqualTo(8);
        }
        assertThat(properties(template.resource("AuroraInstance")).get("DBInstanceClass")).isEqualTo("db.serverless");
        assertThat(template.resource("AuroraCluster").get("DeletionPolicy")).isEqualTo("Snapshot");
    }

    @Test
    void onlyTheHistorianAndTheApiReachAuroraOn3306() {
        List<String> sources = new ArrayList<>();
        template.resourcesOfType("AWS::EC2::SecurityGroupIngress").forEach((id, r) -> {
            Map<String, Object> p = properties(r);
            if ("AuroraSecurityGroup".equals(refTo(p.get("GroupId")))) {
                assertThat(p).as(id).containsEntry("FromPort", 3306).containsEntry("ToPort", 3306)
                        .containsEntry("IpProtocol", "tcp").doesNotContainKey("CidrIp");
                sources.add(refTo(p.get("SourceSecurityGroupId")));
            }
        });
        assertThat(sources).containsExactlyInAnyOrder("HistorianSecurityGroup", "ApiTaskSecurityGroup");
        Map<String, Object> aurora = properties(template.resource("AuroraSecurityGroup"));
        assertThat(aurora).doesNotContainKey("SecurityGroupIngress");
        assertThat(CfnTemplate.asList(aurora.get("SecurityGroupEgress")))
                .allSatisfy(e -> assertThat(asMap(e).get("CidrIp")).isEqualTo("127.0.0.1/32"));
    }
}
