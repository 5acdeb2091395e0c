package dev.sitewatch.deploy;

import static dev.sitewatch.deploy.CfnTemplate.asList;
import static dev.sitewatch.deploy.CfnTemplate.asMap;
import static dev.sitewatch.deploy.CfnTemplate.map;
import static dev.sitewatch.deploy.CfnTemplate.properties;
import static dev.sitewatch.deploy.CfnTemplate.refTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.sitewatch.database.DatabaseTls;

/**
 * Aurora: credentials only from Secrets Manager, read at run time, a user and a secret per role; TLS only; idle
 * connections closed early enough to pause; reachable on 3306 from the historian, the migrator and the API only.
 */
class DatabaseTest {

    static CfnTemplate template;

    @BeforeAll
    static void load() throws IOException {
        template = CfnTemplate.deployed();
    }

    @Test
    void theMasterCredentialsComeFromTheGeneratedSecretOnly() {
        Map<String, Object> cluster = properties(template.resource("AuroraCluster"));
        assertThat(dynamicReference(cluster.get("MasterUserPassword"))).isEqualTo("password");
        assertThat(dynamicReference(cluster.get("MasterUsername"))).isEqualTo("username");
        assertThat(cluster).doesNotContainKey("ManageMasterUserPassword");
    }

    /** Function logical id, or task definition id + container name → its environment. */
    private static Map<String, Map<String, Object>> environments() {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        Map<String, Object> global = map(map(template.globalsFunction(), "Environment"), "Variables");
        template.resourcesOfType("AWS::Serverless::Function").forEach((id, f) -> {
            Map<String, Object> env = new LinkedHashMap<>(global);
            env.putAll(map(map(properties(f), "Environment"), "Variables"));
            out.put(id, env);
        });
        template.resourcesOfType("AWS::Lambda::Function").forEach((id, f) ->
                out.put(id, map(map(properties(f), "Environment"), "Variables")));
        template.resourcesOfType("AWS::ECS::TaskDefinition").forEach((id, t) ->
                asList(properties(t).get("ContainerDefinitions")).forEach(c -> {
                    Map<String, Object> env = new LinkedHashMap<>();
                    asList(asMap(c).get("Environment")).forEach(e -> env.put(
                            String.valueOf(asMap(e).get("Name")), asMap(e).get("Value")));
                    out.put(id + "/" + asMap(c).get("Name"), env);
                }));
        return out;
    }

    @Test
    void noSecretReachesAnEnvironment() {
        Map<String, Map<String, Object>> environments = environments();
        assertThat(environments).containsKeys("AlarmHistorianFunction", "DatabaseMigratorFunction", "ApiTaskDefinition/api");
        environments.forEach((where, env) -> env.forEach((name, value) -> {
            // a dynamic reference is resolved once, at deploy time: the value would sit in the environment in plain
            // text, and a rotated password would never reach the running code
            assertThat(String.valueOf(value)).as("%s %s", where, name).doesNotContain("{{resolve:secretsmanager");
            assertThat(name).as(where).doesNotContainIgnoringCase("PASSWORD");
        }));
        // ECS's injection of secrets reads them once, at task start: the app reads its secret itself
        template.resourcesOfType("AWS::ECS::TaskDefinition").forEach((id, t) ->
                asList(properties(t).get("ContainerDefinitions")).forEach(c ->
                        assertThat(asMap(c)).as(id).doesNotContainKey("Secrets")));
    }

    /** Which secret each user of the database reads, and that its role may read exactly that one. */
    @Test
    void everyDatabaseUserReadsASecretOfItsOwnThatItsRoleMayRead() {
        List<IamPoliciesTest.Statement> statements = IamPoliciesTest.statements(template);
        Map<String, String[]> users = Map.of(
                "AlarmHistorianFunction", new String[] {"HistorianDatabaseSecret", "AlarmHistorianRole"},
                "ApiTaskDefinition/api", new String[] {"ApiDatabaseSecret", "ApiTaskRole"},
                "DatabaseMigratorFunction", new String[] {"DatabaseSecret", "DatabaseMigratorRole"});
        Map<String, Map<String, Object>> environments = environments();
        users.forEach((where, secretAndRole) -> {
            assertThat(refTo(environments.get(where).get("SITEWATCH_DATABASE_SECRET_ID"))).as(where)
                    .isEqualTo(secretAndRole[0]);
            assertThat(secretsReadBy(statements, secretAndRole[1])).as("secrets %s may read", secretAndRole[1])
                    .contains(secretAndRole[0]);
        });
        assertThat(secretsReadBy(statements, "AlarmHistorianRole")).containsExactly("HistorianDatabaseSecret");
        assertThat(secretsReadBy(statements, "ApiTaskRole")).containsExactly("ApiDatabaseSecret");
        // the migrator makes the app users from their secrets: it reads all three; nobody else reads the master's
        Map<String, Object> migration = properties(template.resource("DatabaseMigration"));
        assertThat(refTo(migration.get("WriterSecretId"))).isEqualTo("HistorianDatabaseSecret");
        assertThat(refTo(migration.get("ReaderSecretId"))).isEqualTo("ApiDatabaseSecret");
        assertThat(secretsReadBy(statements, "DatabaseMigratorRole"))
                .containsExactlyInAnyOrder("DatabaseSecret", "HistorianDatabaseSecret", "ApiDatabaseSecret");
        for (IamPoliciesTest.Statement st : statements) {
            if (!st.where().startsWith("DatabaseMigratorRole/")) {
                assertThat(st.resources()).as(st.where()).noneMatch(r -> "DatabaseSecret".equals(refTo(r)));
            }
        }
        // three users, three secrets
        assertThat(template.resourcesOfType("AWS::SecretsManager::Secret"))
                .containsOnlyKeys("DatabaseSecret", "HistorianDatabaseSecret", "ApiDatabaseSecret");
    }

    private static List<String> secretsReadBy(List<IamPoliciesTest.Statement> statements, String role) {
        return statements.stream().filter(st -> st.where().startsWith(role + "/"))
                .filter(st -> st.actions().contains("secretsmanager:GetSecretValue"))
                .flatMap(st -> st.resources().stream()).map(CfnTemplate::refTo).toList();
    }

    @Test
    void theSchemaIsMigratedAtDeployTimeBeforeItsUsersRun() {
        Map<String, Object> migration = template.resource("DatabaseMigration");
        assertThat(migration.get("Type")).isEqualTo("Custom::DatabaseMigration");
        assertThat(String.valueOf(properties(migration).get("ServiceToken"))).contains("DatabaseMigratorFunction");
        // a new version of the migrator (new migrations) runs it again
        assertThat(properties(migration).get("FunctionVersion")).isEqualTo(Map.of("Ref", "DatabaseMigratorFunction.Version"));
        assertThat(template.globalsFunction()).containsEntry("AutoPublishAlias", "live"); // every function, the migrator too
        assertThat(asList(migration.get("DependsOn"))).contains("AuroraInstance");
        assertThat(asList(template.resource("AlarmHistorianFunction").get("DependsOn"))).contains("DatabaseMigration");
        assertThat(asList(template.resource("ApiService").get("DependsOn"))).contains("DatabaseMigration");
    }

    @Test
    void everyConnectionIsTlsVerifiedAgainstTheRdsBundleAndTheClusterRefusesPlainOnes() {
        Map<String, Map<String, Object>> environments = environments();
        List<String> withDatabase = new ArrayList<>();
        environments.forEach((where, env) -> {
            Object url = env.get("QUARKUS_DATASOURCE_JDBC_URL");
            if (url == null) {
                return;
            }
            withDatabase.add(where);
            String text = url instanceof Map<?, ?> m ? String.valueOf(m.get("Fn::Sub")) : String.valueOf(url);
            assertThat(text).as(where).startsWith("jdbc:mariadb://")
                    .contains("sslMode=verify-full").contains("serverSslCert=" + DatabaseTls.RDS_BUNDLE);
            assertThat(env).as(where).containsEntry("SITEWATCH_DATABASE_TLS_REQUIRED", "true");
        });
        assertThat(withDatabase).containsExactlyInAnyOrder("AlarmHistorianFunction", "DatabaseMigratorFunction",
                "ApiTaskDefinition/api");
        Map<String, Object> clusterParameters = properties(template.resource("AuroraClusterParameterGroup"));
        assertThat(clusterParameters.get("Family")).isEqualTo("aurora-mysql8.0");
        assertThat(map(clusterParameters, "Parameters")).containsEntry("require_secure_transport", "ON");
        assertThat(refTo(properties(template.resource("AuroraCluster")).get("DBClusterParameterGroupName")))
                .isEqualTo("AuroraClusterParameterGroup");
    }

    @Test
    void idleConnectionsEndSoonEnoughForAuroraToPause() {
        // a frozen Lambda keeps its pooled connection until wait_timeout; Aurora pauses only without connections
        Map<String, Object> instanceParameters = properties(template.resource("AuroraInstanceParameterGroup"));
        assertThat(instanceParameters.get("Family")).isEqualTo("aurora-mysql8.0");
        int pauseAfter = Integer.parseInt(template.parameterDefault("AuroraSecondsUntilAutoPause"));
        for (String timeout : new String[] {"wait_timeout", "interactive_timeout"}) {
            assertThat(Integer.parseInt(String.valueOf(map(instanceParameters, "Parameters").get(timeout))))
                    .as(timeout).isPositive().isLessThan(pauseAfter);
        }
        assertThat(refTo(properties(template.resource("AuroraInstance")).get("DBParameterGroupName")))
                .isEqualTo("AuroraInstanceParameterGroup");
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
    void onlyTheHistorianTheMigratorAndTheApiReachAuroraOn3306() {
        List<String> sources = new ArrayList<>();
        template.resourcesOfType("AWS::EC2::SecurityGroupIngress").forEach((id, r) -> {
            Map<String, Object> p = properties(r);
            if ("AuroraSecurityGroup".equals(refTo(p.get("GroupId")))) {
                assertThat(p).as(id).containsEntry("FromPort", 3306).containsEntry("ToPort", 3306)
                        .containsEntry("IpProtocol", "tcp").doesNotContainKey("CidrIp");
                sources.add(refTo(p.get("SourceSecurityGroupId")));
            }
        });
        // the historian's group is the migrator's too
        assertThat(sources).containsExactlyInAnyOrder("HistorianSecurityGroup", "ApiTaskSecurityGroup");
        assertThat(refTo(asList(map(properties(template.resource("DatabaseMigratorFunction")), "VpcConfig")
                .get("SecurityGroupIds")).get(0))).isEqualTo("HistorianSecurityGroup");
        Map<String, Object> aurora = properties(template.resource("AuroraSecurityGroup"));
        assertThat(aurora).doesNotContainKey("SecurityGroupIngress");
        assertThat(CfnTemplate.asList(aurora.get("SecurityGroupEgress")))
                .allSatisfy(e -> assertThat(asMap(e).get("CidrIp")).isEqualTo("127.0.0.1/32"));
        // the historian's way out: HTTPS (Secrets Manager) and Aurora, nothing else
        assertThat(asList(properties(template.resource("HistorianSecurityGroup")).get("SecurityGroupEgress")))
                .singleElement().satisfies(e -> assertThat(asMap(e)).containsEntry("IpProtocol", "tcp")
                        .containsEntry("FromPort", 443).containsEntry("ToPort", 443));
        List<Integer> egressPorts = new ArrayList<>();
        template.resourcesOfType("AWS::EC2::SecurityGroupEgress").forEach((id, r) -> {
            Map<String, Object> p = properties(r);
            if ("HistorianSecurityGroup".equals(refTo(p.get("GroupId")))) {
                assertThat(refTo(p.get("DestinationSecurityGroupId"))).as(id).isEqualTo("AuroraSecurityGroup");
                egressPorts.add((Integer) p.get("FromPort"));
            }
        });
        assertThat(egressPorts).containsExactly(3306);
    }
}
