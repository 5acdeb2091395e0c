package dev.sitewatch.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.sitewatch.testing.KinesisEvents;

/**
 * Cold start of the packaged app (legacy-jar layout: {@code target/*-runner.jar} + {@code target/lib/}): a fresh JVM
 * per run, launched like a JVM function's, running {@link ColdStartHarness} on the runner jar's classpath with a
 * one-record Kinesis event; measured from just before the launch to the handler's response. Next to it in the same
 * rounds: {@code java -version} and {@link ColdStartBaseline} (a JVM that loads one class), launch to exit.
 *
 * <p>Why a harness and not the Lambda Runtime API: in Quarkus 3.33 the extension records the Runtime API poll loop
 * only in a native build ({@code AmazonLambdaProcessor.startPoolLoop} is {@code @BuildStep(onlyIf = NativeBuild.class)};
 * {@code quarkus.lambda.enable-polling-jvm-mode} no longer exists). In JVM mode the AWS Java runtime polls the
 * Runtime API itself and calls {@code QuarkusStreamHandler::handleRequest}, which is what the harness does.
 */
final class ColdStartBench {

    /** One launch: all times in ms from just before the process was started. */
    record Launch(long toMain, long toHandler, long toResponse, long toExit, long rssKb, long hwmKb, String response) {
    }

    record Variant(String name, List<String> command, boolean app) {
    }

    record Row(Variant variant, List<Launch> launches) {
        long median(java.util.function.ToLongFunction<Launch> f) {
            long[] values = launches.stream().mapToLong(f).sorted().toArray();
            return values.length % 2 == 1 ? values[values.length / 2]
                    : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
        }
    }

    private ColdStartBench() {
    }

    static List<Row> run(Path runnerJar, String dynamoEndpoint, int runs) throws Exception {
        Path work = Files.createTempDirectory("sitewatch-coldstart");
        Path harness = harnessJar(work.resolve("harness.jar"));
        Path event = work.resolve("event.json");
        Files.writeString(event, KinesisEvents.batch().record("""
                {"InvoiceNo":"536365","StockCode":"85123A","Description":"WHITE HANGING HEART T-LIGHT HOLDER",\
                "Quantity":"6","InvoiceDate":"12/1/2010 8:26","UnitPrice":"2.55","Customer":"17850.0",\
                "Country":"United Kingdom"}""", Instant.parse("2026-11-25T14:00:00Z")).json());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String appClasspath = runnerJar.toAbsolutePath() + ":" + harness;
        Path archive = work.resolve("app.jsa");
        List<Variant> variants = List.of(
                new Variant("`java -version`", List.of(java, "-version"), false),
                new Variant("trivial main (baseline)", List.of(java, "-cp", harness.toString(),
                        ColdStartBaseline.class.getName()), false),
                new Variant("app, JVM defaults", List.of(java, "-cp", appClasspath,
                        ColdStartHarness.class.getName(), event.toString()), true),
                new Variant("app, `-XX:TieredStopAtLevel=1 -XX:+UseSerialGC`", List.of(java,
                        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", appClasspath,
                        ColdStartHarness.class.getName(), event.toString()), true),
                new Variant("app, AppCDS archive + `-XX:TieredStopAtLevel=1 -XX:+UseSerialGC`", List.of(java,
                        // -Xshare:on: an archive that does not map fails the launch instead of timing a plain one
                        "-XX:SharedArchiveFile=" + archive, "-Xshare:on", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                        "-cp", appClasspath, ColdStartHarness.class.getName(), event.toString()), true));
        Map<Variant, List<Launch>> launches = new LinkedHashMap<>();
        variants.forEach(v -> launches.put(v, new ArrayList<>()));
        launch(variants.get(2), dynamoEndpoint); // once untimed: page cache, dynalite's first request
        // A training run dumps the classes it loaded into a CDS archive (what a JVM function would ship in its zip
        // and name in JAVA_TOOL_OPTIONS); the AppCDS variant maps them instead of loading and verifying each.
        launch(new Variant("AppCDS training run", List.of(java, "-XX:ArchiveClassesAtExit=" + archive, "-cp",
                appClasspath, ColdStartHarness.class.getName(), event.toString()), true), dynamoEndpoint);
        if (!Files.isRegularFile(archive)) {
            throw new IllegalStateException("The training run wrote no CDS archive at " + archive);
        }
        for (int round = 0; round < runs; round++) {
            for (Variant variant : variants) { // round-robin: every variant sees the same machine
                launches.get(variant).add(launch(variant, dynamoEndpoint));
            }
        }
        return variants.stream().map(v -> new Row(v, launches.get(v))).toList();
    }

    private static Launch launch(Variant variant, String dynamoEndpoint) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(variant.command()).redirectErrorStream(false);
        if (variant.app()) {
            builder.environment().putAll(appEnvironment(dynamoEndpoint));
        }
        builder.redirectError(ProcessBuilder.Redirect.DISCARD);
        long launched = System.currentTimeMillis();
        Process process = builder.start();
        String harnessLine = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith("HARNESS ")) {
                    harnessLine = line;
                }
            }
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(variant.name() + " did not exit within 60 s");
        }
        long exited = System.currentTimeMillis();
        if (process.exitValue() != 0) {
            throw new IllegalStateException(variant.name() + " exited with " + process.exitValue());
        }
        if (harnessLine == null) {
            return new Launch(-1, -1, -1, exited - launched, -1, -1, "-");
        }
        String[] f = harnessLine.split(" ", 7);
        long[] t = Arrays.stream(f, 1, 6).mapToLong(Long::parseLong).toArray();
        if (variant.app() && !f[6].equals("{\"batchItemFailures\":[]}")) {
            throw new IllegalStateException(variant.name() + " answered " + f[6]);
        }
        return new Launch(t[0] - launched, t[1] - launched, t[2] - launched, exited - launched, t[3], t[4], f[6]);
    }

    /** The archiver function's environment on AWS, with DynamoDB pointed at dynalite. */
    static Map<String, String> appEnvironment(String dynamoEndpoint) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_LAMBDA_HANDLER", "order-archiver");
        env.put("SITEWATCH_DATABASE_ENABLED", "false");
        env.put("QUARKUS_HTTP_HOST_ENABLED", "false");
        // Not in template.yaml's archiver environment, but without it the prod package does not start at all
        // (%prod.mp.jwt.verify.publickey.location is then empty and fails validation): never fetched here.
        env.put("SITEWATCH_API_JWT_PUBLIC_KEY_LOCATION", "https://issuer.invalid/jwks");
        env.put("QUARKUS_DYNAMODB_ENDPOINT_OVERRIDE", dynamoEndpoint);
        env.put("QUARKUS_DYNAMODB_AWS_REGION", "us-east-1");
        env.put("QUARKUS_DYNAMODB_AWS_CREDENTIALS_TYPE", "static");
        env.put("QUARKUS_DYNAMODB_AWS_CREDENTIALS_STATIC_PROVIDER_ACCESS_KEY_ID", "local");
        env.put("QUARKUS_DYNAMODB_AWS_CREDENTIALS_STATIC_PROVIDER_SECRET_ACCESS_KEY", "local");
        env.put("AWS_REGION", "us-east-1"); // Lambda sets these for every function
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_LAMBDA_FUNCTION_NAME", "order-archiver");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512");
        return env;
    }

    /**
     * The harness's class files alone, so that no test class or test resource reaches the app's classpath; in a jar,
     * because a CDS archive can only be made from a class path of jars.
     */
    private static Path harnessJar(Path jar) throws Exception {
        Path classes = Path.of(ColdStartHarness.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String pkg = ColdStartHarness.class.getPackageName().replace('.', '/');
        try (var files = Files.list(classes.resolve(pkg));
             var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar))) {
            for (Path file : files.filter(p -> p.getFileName().toString().startsWith("ColdStartHarness")
                    || p.getFileName().toString().startsWith("ColdStartBaseline")).toList()) {
                out.putNextEntry(new java.util.jar.JarEntry(pkg + "/" + file.getFileName()));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
        return jar;
    }
}
