package dev.sitewatch.deploy;

import static dev.sitewatch.deploy.CfnTemplate.asList;
import static dev.sitewatch.deploy.CfnTemplate.asMap;
import static dev.sitewatch.deploy.CfnTemplate.map;
import static dev.sitewatch.deploy.CfnTemplate.properties;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each function runs its own package, with a handler that exists, as a published version behind an alias. */
class FunctionsTest {

    static final Path MAIN_SOURCES = Path.of("src", "main", "java");
    private static final Pattern NAMED = Pattern.compile("@Named\\(\\s*\"([^\"]+)\"\\s*\\)");
    private static final Pattern REQUEST_HANDLER = Pattern.compile("\\bimplements\\s+[^{]*\\bRequestHandler\\s*<");

    static CfnTemplate template;

    @BeforeAll
    static void load() throws IOException {
        template = CfnTemplate.deployed();
    }

    /** The {@code @Named} values of the classes in src/main/java that implement {@code RequestHandler}. */
    static Set<String> handlerNames() throws IOException {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.walk(MAIN_SOURCES)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> {
                String source = read(f);
                Matcher named = NAMED.matcher(source);
                if (REQUEST_HANDLER.matcher(source).find() && named.find()) {
                    names.add(named.group(1));
                }
            });
        }
        return names;
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Function logical id → its environment, Globals merged in as SAM does. */
    static Map<String, Map<String, Object>> functionEnvironments() {
        Map<String, Object> global = map(map(template.globalsFunction(), "Environment"), "Variables");
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        template.resourcesOfType("AWS::Serverless::Function").forEach((id, f) -> {
            Map<String, Object> env = new LinkedHashMap<>(global);
            env.putAll(map(map(properties(f), "Environment"), "Variables"));
            out.put(id, env);
        });
        template.resourcesOfType("AWS::Lambda::Function").forEach((id, f) ->
                out.put(id, map(map(properties(f), "Environment"), "Variables")));
        return out;
    }

    @Test
    void theSourcesHaveTheFiveHandlers() throws IOException {
        assertThat(handlerNames()).containsExactly("alarm-historian", "alarm-notifier", "database-migrator",
                "order-archiver", "site-prober");
    }

    @Test
    void everyFunctionRunsAHandlerThatExists() throws IOException {
        Set<String> handlers = handlerNames();
        Map<String, Map<String, Object>> functions = functionEnvironments();
        assertThat(functions).isNotEmpty();
        Set<Object> used = new TreeSet<>();
        functions.forEach((id, env) -> {
            assertThat(env.get("QUARKUS_LAMBDA_HANDLER")).as("%s QUARKUS_LAMBDA_HANDLER", id).isIn(handlers);
            used.add(env.get("QUARKUS_LAMBDA_HANDLER"));
        });
        assertThat(used).as("handlers deployed").containsExactlyInAnyOrderElementsOf(handlers);
    }

    @Test
    void theApiContainerHasNoLambdaHandler() {
        // the API package has no Lambda extension (PackageContentsIT): nothing to name
        template.resourcesOfType("AWS::ECS::TaskDefinition").forEach((id, t) -> asList(properties(t).get("ContainerDefinitions"))
                .forEach(c -> assertThat(asList(asMap(c).get("Environment"))).as(id)
                        .noneMatch(e -> "QUARKUS_LAMBDA_HANDLER".equals(asMap(e).get("Name")))));
    }

    @Test
    void eachFunctionRunsItsOwnPackageOnTheJvmWithSnapStartAt512Mb() throws IOException {
        CfnTemplate jvm = CfnTemplate.deployed();
        Map<String, Object> globals = jvm.globalsFunction();
        jvm.resourcesOfType("AWS::Serverless::Function").forEach((id, f) -> {
            Map<String, Object> p = new LinkedHashMap<>(globals);
            p.putAll(properties(f));
            String handler = String.valueOf(map(map(p, "Environment"), "Variables").get("QUARKUS_LAMBDA_HANDLER"));
            assertThat(p.get("CodeUri")).as("%s CodeUri", id).isEqualTo("target/packages/" + handler + "/function.zip");
            assertThat(p.get("Runtime")).as("%s Runtime", id).isEqualTo("java25");
            assertThat(p.get("Handler")).as("%s Handler", id)
                    .isEqualTo("io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest");
            assertThat(p.get("MemorySize")).as("%s MemorySize", id).isEqualTo(512);
            assertThat(p.get("SnapStart")).as("%s SnapStart", id).isEqualTo(Map.of("ApplyOn", "PublishedVersions"));
            assertThat(p.get("AutoPublishAlias")).as("%s AutoPublishAlias", id).isEqualTo("live");
            assertThat(p.get("Architectures")).as("%s Architectures", id)
                    .isEqualTo(java.util.List.of(Map.of("Ref", "Architecture")));
        });
        // no HTTP server to switch off: no function package has one (PackageContentsIT)
    }

    @Test
    void nativePackagingRunsTheSamePackagesOnProvidedWithoutSnapStart() throws IOException {
        Map<String, String> parameters = new LinkedHashMap<>(CfnTemplate.FULL);
        parameters.put("LambdaPackaging", "native");
        CfnTemplate nativeStack = CfnTemplate.deployed(parameters);
        Map<String, Object> globals = nativeStack.globalsFunction();
        assertThat(globals.get("Runtime")).isEqualTo("provided.al2023");
        assertThat(globals.get("MemorySize")).isEqualTo(256);
        assertThat(globals).doesNotContainKey("SnapStart");
        nativeStack.resourcesOfType("AWS::Serverless::Function").forEach((id, f) ->
                assertThat(String.valueOf(properties(f).get("CodeUri"))).as(id).matches("target/packages/[a-z-]+/function.zip"));
    }

    @Test
    void nativeBinariesRunOnEveryLambdaHost() throws IOException {
        // Mandrel's default x86-64-v3 needs AVX2 and more, which Lambda does not promise (Quarkus #44019)
        java.util.Properties app = new java.util.Properties();
        try (var in = java.nio.file.Files.newBufferedReader(java.nio.file.Path.of("src/main/resources/application.properties"))) {
            app.load(in);
        }
        assertThat(app.getProperty("quarkus.native.march")).isEqualTo("compatibility");
    }

    @Test
    void onlyTheHistorianAndTheMigratorHaveTheDatabase() {
        // an alarm must never wait for Aurora: the notifier has neither the database nor the VPC it lives in (its
        // package has no datasource at all: PackageContentsIT)
        Map<String, Map<String, Object>> env = functionEnvironments();
        for (String function : new String[] {"OrderArchiverFunction", "AlarmNotifierFunction", "SiteProberFunction"}) {
            assertThat(env.get(function)).as(function)
                    .doesNotContainKeys("QUARKUS_DATASOURCE_JDBC_URL", "SITEWATCH_DATABASE_SECRET_ID");
            assertThat(properties(template.resource(function))).as(function).doesNotContainKey("VpcConfig");
        }
        for (String function : new String[] {"AlarmHistorianFunction", "DatabaseMigratorFunction"}) {
            assertThat(env.get(function)).as(function)
                    .containsKeys("QUARKUS_DATASOURCE_JDBC_URL", "SITEWATCH_DATABASE_SECRET_ID")
                    .doesNotContainKeys("SITEWATCH_DATABASE_ENABLED", "QUARKUS_DATASOURCE_USERNAME",
                            "QUARKUS_DATASOURCE_PASSWORD");
            assertThat(properties(template.resource(function))).as(function).containsKey("VpcConfig");
        }
    }
}
