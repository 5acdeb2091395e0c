package dev.sitewatch.deploy;

import static dev.sitewatch.deploy.CfnTemplate.asList;
import static dev.sitewatch.deploy.CfnTemplate.asMap;
import static dev.sitewatch.deploy.CfnTemplate.properties;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Least privilege: every statement names its resources, apart from the actions AWS does not let us scope. */
class IamPoliciesTest {

    /**
     * Actions that may have {@code Resource: "*"}, and why.
     * <ul>
     * <li>The ENI actions of a VPC Lambda (the same set as the managed AWSLambdaVPCAccessExecutionRole): Lambda
     * creates and deletes the function's network interfaces before any interface id exists, and the Describe
     * actions support no resource-level permissions.</li>
     * <li>{@code ecr:GetAuthorizationToken}: the registry token is account-wide and has no resource.</li>
     * </ul>
     * {@code kinesis:ListShards} is not here: it takes the stream ARN.
     */
    static final Set<String> MAY_USE_ANY_RESOURCE = Set.of(
            "ec2:CreateNetworkInterface",
            "ec2:DescribeNetworkInterfaces",
            "ec2:DescribeSubnets",
            "ec2:DeleteNetworkInterface",
            "ec2:AssignPrivateIpAddresses",
            "ec2:UnassignPrivateIpAddresses",
            "ecr:GetAuthorizationToken");

    record Statement(String where, Map<String, Object> body) {
        List<Object> actions() {
            return asList(body.get("Action"));
        }

        List<Object> resources() {
            return asList(body.get("Resource"));
        }
    }

    static CfnTemplate template;
    static List<Statement> statements;

    @BeforeAll
    static void load() throws IOException {
        template = CfnTemplate.deployed();
        statements = statements(template);
    }

    /** Every policy statement in the template: roles, policies, and resource policies (endpoints, topics, queues). */
    static List<Statement> statements(CfnTemplate t) {
        List<Statement> out = new ArrayList<>();
        t.resources().forEach((id, r) -> {
            Map<String, Object> p = properties(r);
            for (Object policy : asList(p.get("Policies"))) {
                if (policy instanceof Map<?, ?> m && m.get("PolicyDocument") != null) {
                    add(out, id + "/" + m.get("PolicyName"), asMap(m.get("PolicyDocument")));
                }
            }
            if (p.get("PolicyDocument") instanceof Map<?, ?> doc) {
                add(out, id, asMap(doc));
            }
        });
        return out;
    }

    private static void add(List<Statement> out, String where, Map<String, Object> document) {
        int i = 0;
        for (Object s : asList(document.get("Statement"))) {
            Map<String, Object> body = asMap(s);
            out.add(new Statement(where + "#" + (body.get("Sid") != null ? body.get("Sid") : i), body));
            i++;
        }
    }

    @Test
    void thereArePoliciesToCheck() {
        // one role per function and service, each with statements; a parser that found none would pass everything
        assertThat(template.resourcesOfType("AWS::IAM::Role"))
                .containsOnlyKeys("OrderArchiverRole", "AlarmNotifierRole", "AlarmHistorianRole", "DatabaseMigratorRole",
                        "FlinkRole", "ApiExecutionRole", "ApiTaskRole", "SiteProberRole");
        assertThat(statements).hasSizeGreaterThan(15);
    }

    @Test
    void onlyActionsThatCannotBeScopedUseAnyResource() {
        for (Statement s : statements) {
            if (s.resources().contains("*")) {
                assertThat(s.actions()).as("actions of %s, which has Resource '*'", s.where())
                        .allSatisfy(a -> assertThat(MAY_USE_ANY_RESOURCE).as("may %s use any resource?", a)
                                .contains(String.valueOf(a)));
            }
        }
    }

    @Test
    void noWildcardActionsAndNoNotClauses() {
        for (Statement s : statements) {
            assertThat(s.actions()).as("actions of %s", s.where()).isNotEmpty()
                    .allSatisfy(a -> assertThat(String.valueOf(a)).doesNotContain("*"));
            assertThat(s.body()).as(s.where()).doesNotContainKeys("NotAction", "NotResource");
            assertThat(s.body().get("Effect")).as("%s Effect", s.where()).isEqualTo("Allow");
        }
    }

    @Test
    void theNotifierMayDoWhatItsCodeDoesAndTouchesNoDatabase() {
        // NotificationLedger: PutItem (claim), GetItem (who has it), UpdateItem (mark), DeleteItem (release);
        // NotificationEvents: PutRecords on the alarm stream; SnsAlarmPublisher: Publish
        assertThat(grants("AlarmNotifierRole", "AlarmLedgerTable")).containsExactlyInAnyOrder(
                "dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem");
        assertThat(grants("AlarmNotifierRole", "AlarmsStream")).contains("kinesis:PutRecords", "kinesis:GetRecords");
        assertThat(grants("AlarmNotifierRole", "AlarmTopic")).containsExactly("sns:Publish");
        assertThat(statements).filteredOn(st -> st.where().startsWith("AlarmNotifierRole/"))
                .allSatisfy(st -> assertThat(st.actions()).noneMatch(a -> String.valueOf(a).startsWith("ec2:")));
    }

    @Test
    void theNotifierMayReadTheSilencesAndNothingMore() {
        // ActiveSilences reads the whole table with one Scan; silences are written by the API only
        assertThat(grants("AlarmNotifierRole", "SilencesTable")).containsExactly("dynamodb:Scan");
    }

    @Test
    void theApiTaskMayKeepTheSilencesAndIsTheTasksRole() {
        // SilenceStore: PutItem (create), GetItem and UpdateItem (read, expire), Scan (list, overlap check)
        assertThat(grants("ApiTaskRole", "SilencesTable")).containsExactlyInAnyOrder(
                "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Scan");
        // dashboard.OrderRate: one BatchGetItem of the hours it draws
        assertThat(grants("ApiTaskRole", "OrderRateTable")).containsExactly("dynamodb:BatchGetItem");
        assertThat(statements).filteredOn(st -> st.where().startsWith("ApiTaskRole/"))
                .allSatisfy(st -> assertThat(st.resources()).allSatisfy(r -> assertThat(
                        java.util.Set.of("SilencesTable", "OrderRateTable", "ChecksTable", "CheckResultsTable")
                                .contains(String.valueOf(CfnTemplate.getAttOf(r)))
                                || "ApiDatabaseSecret".equals(CfnTemplate.refTo(r)))
                        .as("%s on %s", st.where(), r).isTrue()));
        // the API's only secret is its own database user's, read by the app (not injected by ECS)
        assertThat(grants("ApiTaskRole", "ApiDatabaseSecret")).containsExactly("secretsmanager:GetSecretValue");
        Map<String, Object> task = properties(template.resource("ApiTaskDefinition"));
        assertThat(CfnTemplate.getAttOf(task.get("TaskRoleArn"))).isEqualTo("ApiTaskRole");
        assertThat(CfnTemplate.getAttOf(task.get("ExecutionRoleArn"))).isEqualTo("ApiExecutionRole");
        // the execution role is ECS's, for image and logs: no table or secret rights there
        assertThat(grants("ApiExecutionRole", "SilencesTable")).isEmpty();
        assertThat(statements).filteredOn(st -> st.where().startsWith("ApiExecutionRole/"))
                .allSatisfy(st -> assertThat(st.actions()).noneMatch(a -> String.valueOf(a).startsWith("secretsmanager:")));
    }

    @Test
    void theArchiverMayCountOrdersAndDoNothingElseWithTheCounters() {
        // order.OrderRateCounter: UpdateItem per batch, GetItem when a redelivery overlaps what was counted
        assertThat(grants("OrderArchiverRole", "OrderRateTable"))
                .containsExactlyInAnyOrder("dynamodb:UpdateItem", "dynamodb:GetItem");
        assertThat(grants("AlarmNotifierRole", "OrderRateTable")).isEmpty();
        assertThat(grants("AlarmHistorianRole", "OrderRateTable")).isEmpty();
    }

    /** The actions {@code role} is granted on the resource {@code target} (by Ref or GetAtt). */
    private static List<String> grants(String role, String target) {
        return statements.stream().filter(st -> st.where().startsWith(role + "/"))
                .filter(st -> st.resources().stream().anyMatch(r -> target.equals(CfnTemplate.refTo(r))
                        || target.equals(CfnTemplate.getAttOf(r))))
                .flatMap(st -> st.actions().stream()).map(String::valueOf).toList();
    }

    @Test
    void everyRoleMayDoWhatItsCodeDoes() {
        // the other tests keep rights small; this one makes sure none that the code uses went missing
        List<String> readStream = List.of("kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:DescribeStream",
                "kinesis:DescribeStreamSummary", "kinesis:ListShards");
        List<String> writeLogs = List.of("logs:CreateLogStream", "logs:PutLogEvents");
        Map<String, Map<String, List<String>>> needs = Map.of(
                "OrderArchiverRole", Map.of(
                        "OrdersStream", readStream,
                        "OrdersTable", List.of("dynamodb:BatchWriteItem"),
                        "QuarantineTable", List.of("dynamodb:BatchWriteItem"),
                        "OrdersFailureQueue", List.of("sqs:SendMessage"),
                        "OrderArchiverLogGroup", writeLogs),
                "AlarmNotifierRole", Map.of(
                        "AlarmsStream", concat(readStream, List.of("kinesis:PutRecords")),
                        "AlarmTopic", List.of("sns:Publish"),
                        "AlarmLedgerTable", List.of("dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:UpdateItem",
                                "dynamodb:DeleteItem"),
                        "SilencesTable", List.of("dynamodb:Scan"),
                        "AlarmsFailureQueue", List.of("sqs:SendMessage"),
                        "AlarmNotifierLogGroup", writeLogs),
                "AlarmHistorianRole", Map.of(
                        "AlarmsStream", readStream,
                        "AlarmHistoryFailureQueue", List.of("sqs:SendMessage"),
                        "AlarmHistorianLogGroup", writeLogs),
                "FlinkRole", Map.of(
                        "OrdersStream", readStream,
                        "AlarmsStream", List.of("kinesis:PutRecords", "kinesis:ListShards", "kinesis:DescribeStreamSummary"),
                        "DeadLetterStream", List.of("kinesis:PutRecords")),
                "ApiTaskRole", Map.of(
                        "SilencesTable", List.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Scan")),
                "ApiExecutionRole", Map.of(
                        "ApiRepository", List.of("ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"),
                        "ApiLogGroup", writeLogs));
        needs.forEach((role, targets) -> targets.forEach((target, actions) ->
                assertThat(grants(role, target)).as("what %s may do on %s", role, target).containsAll(actions)));
    }

    @Test
    void everyServiceRoleTrustsItsServiceForThisAccountOnly() {
        template.resourcesOfType("AWS::IAM::Role").forEach((id, r) -> {
            List<Object> trust = asList(CfnTemplate.map(properties(r), "AssumeRolePolicyDocument").get("Statement"));
            assertThat(trust).as("%s trust", id).isNotEmpty().allSatisfy(st -> {
                Map<String, Object> condition = CfnTemplate.map(asMap(st), "Condition");
                assertThat(CfnTemplate.refTo(CfnTemplate.map(condition, "StringEquals").get("aws:SourceAccount")))
                        .as("%s trusts its service for aws:SourceAccount = this account", id).isEqualTo("AWS::AccountId");
            });
        });
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    @Test
    void rolesCarryNoManagedPolicies() {
        // managed policies (AWSLambdaBasicExecutionRole, AWSLambdaKinesisExecutionRole, ...) grant on '*'
        template.resourcesOfType("AWS::IAM::Role").forEach((id, r) ->
                assertThat(properties(r)).as(id).doesNotContainKey("ManagedPolicyArns"));
    }

    @Test
    void everyFunctionHasItsOwnRole() {
        // without Role, SAM generates one with AWSLambdaBasicExecutionRole and, for Kinesis events,
        // AWSLambdaKinesisExecutionRole - both on every resource
        Map<String, Map<String, Object>> functions = template.resourcesOfType("AWS::Serverless::Function");
        assertThat(functions).isNotEmpty();
        List<String> roles = new ArrayList<>();
        functions.forEach((id, f) -> {
            Object role = properties(f).get("Role");
            assertThat(CfnTemplate.getAttOf(role)).as("%s Role", id).isNotNull();
            assertThat(asList(properties(f).get("Policies"))).as("%s Policies (SAM policy templates)", id).isEmpty();
            roles.add(CfnTemplate.getAttOf(role));
        });
        assertThat(roles).doesNotHaveDuplicates();
    }
}
