package dev.sitewatch.packages;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import com.amazonaws.services.lambda.runtime.api.client.AWSLambda;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;

/**
 * One function package ({@code target/packages/NAME/function.zip}) running as AWS's managed Java runtime runs it: the
 * zip unpacked as {@code /var/task} is ({@code /var/task} and {@code /var/task/lib/*} on the class path), the AWS
 * Lambda Java runtime interface client as the main class with the Quarkus handler, the JVM flags Lambda sets for the
 * function's memory size, and a {@link RuntimeApiStandIn} as the Runtime API. Config goes in as system properties,
 * where an environment variable would go on AWS.
 */
final class FunctionProcess implements AutoCloseable {

    static final String HANDLER = "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest";
    /** The managed runtime the template deploys (template.yaml, Globals.Function.Runtime). */
    static final Path LAMBDA_JDK = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");

    private final Process process;
    private final RuntimeApiStandIn api;
    private final long launchedNanos;
    private final Path log;

    private FunctionProcess(Process process, RuntimeApiStandIn api, long launchedNanos, Path log) {
        this.process = process;
        this.api = api;
        this.launchedNanos = launchedNanos;
        this.log = log;
    }

    /** The flags AWS's managed Java runtime gives a function of {@code memoryMb}. */
    static List<String> awsJvmFlags(int memoryMb) {
        long kb = memoryMb * 1024L;
        return List.of("-XX:MaxHeapSize=" + kb * 85 / 100 + "k", "-XX:MaxMetaspaceSize=" + kb * 10 / 100 + "k",
                "-XX:ReservedCodeCacheSize=" + kb * 5 / 100 + "k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    }

    /**
     * The sandbox's memory, which the JVM sizes its ergonomic defaults from (initial heap, young generation): a Lambda
     * microVM has the function's memory, this machine far more, so without it a JVM here starts with a heap 48 times
     * the size one on Lambda would, and its RSS says little about Lambda's. Not a flag AWS sets; what its VM does.
     */
    static List<String> sandboxFlags(int memoryMb) {
        return List.of("-XX:MaxRAM=" + memoryMb + "m");
    }

    /** The java of the JDK the template deploys on, where this machine has it; else this JVM's. */
    static Path java() {
        Path lambda = LAMBDA_JDK.resolve("bin/java");
        return Files.isExecutable(lambda) ? lambda : Path.of(System.getProperty("java.home"), "bin", "java");
    }

    static Path packageDir(String name) {
        return Path.of("target", "packages", name).toAbsolutePath();
    }

    /** The function's zip, unpacked once per build into {@code target/packages/NAME/task} (Lambda's /var/task). */
    static Path task(String name) {
        return unpack(packageDir(name).resolve("function.zip"));
    }

    /** {@code zip} unpacked beside it, into {@code task/}, once per build of the zip. */
    static synchronized Path unpack(Path zip) {
        Path task = zip.resolveSibling("task");
        try {
            if (!Files.isRegularFile(zip)) {
                throw new IllegalStateException(zip + " is missing: ./mvnw package builds it");
            }
            Path stamp = task.resolve(".unpacked");
            if (Files.exists(stamp) && Files.getLastModifiedTime(stamp).compareTo(Files.getLastModifiedTime(zip)) > 0) {
                return task;
            }
            if (Files.exists(task)) {
                try (Stream<Path> old = Files.walk(task)) {
                    old.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
                for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                    Path target = task.resolve(entry.getName()).normalize();
                    if (!target.startsWith(task)) {
                        throw new IOException("Entry outside the package: " + entry.getName());
                    }
                    if (entry.isDirectory()) {
                        Files.createDirectories(target);
                    } else {
                        Files.createDirectories(target.getParent());
                        Files.copy(in, target);
                    }
                }
            }
            Files.writeString(stamp, zip.toString());
            return task;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Launches the function {@code name}'s package as a function of {@code memoryMb} MB, with exactly
     * {@link #awsJvmFlags}, and {@link #sandboxFlags} too where {@code sandboxMemory} (for figures comparable to
     * Lambda's).
     *
     * @param config what the template would set in the environment, as config properties
     */
    static FunctionProcess launch(String name, int memoryMb, boolean sandboxMemory, Map<String, String> config)
            throws IOException {
        return launch(name, task(name), memoryMb, sandboxMemory, config);
    }

    /** Launches the function unpacked in {@code task} (its /var/task). */
    static FunctionProcess launch(String name, Path task, int memoryMb, boolean sandboxMemory,
                                  Map<String, String> config) throws IOException {
        task = task.toAbsolutePath(); // the process runs in it: relative class path entries would miss
        List<String> classpath = new ArrayList<>();
        classpath.add(task.toString());
        try (Stream<Path> jars = Files.list(task.resolve("lib"))) {
            jars.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(p -> classpath.add(p.toString()));
        }
        // the runtime's own jars, which Lambda puts beside the function's (/var/runtime/lib)
        classpath.add(jarOf(AWSLambda.class));
        classpath.add(jarOf(PojoSerializer.class));

        RuntimeApiStandIn api = RuntimeApiStandIn.start();
        List<String> command = new ArrayList<>();
        command.add(java().toString());
        command.addAll(awsJvmFlags(memoryMb));
        if (sandboxMemory) {
            command.addAll(sandboxFlags(memoryMb));
        }
        config.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-cp");
        command.add(String.join(":", classpath));
        command.add(AWSLambda.class.getName());
        command.add(HANDLER);

        Path log = task.getParent().resolve("run-" + name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(task.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(key -> key.startsWith("AWS_") || key.startsWith("QUARKUS_") || key.startsWith("SITEWATCH_"));
        Map<String, String> lambda = new LinkedHashMap<>();
        lambda.put("AWS_LAMBDA_RUNTIME_API", api.address());
        lambda.put("AWS_LAMBDA_FUNCTION_NAME", "sitewatch-" + name);
        lambda.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(memoryMb));
        lambda.put("AWS_LAMBDA_FUNCTION_VERSION", "1");
        lambda.put("AWS_REGION", "us-east-1");
        lambda.put("AWS_DEFAULT_REGION", "us-east-1");
        lambda.put("AWS_ACCESS_KEY_ID", "local");
        lambda.put("AWS_SECRET_ACCESS_KEY", "local");
        lambda.put("LAMBDA_TASK_ROOT", task.toString());
        lambda.put("_HANDLER", HANDLER);
        lambda.put("DISABLE_SIGNAL_HANDLERS", "true");
        env.putAll(lambda);
        long launched = System.nanoTime();
        return new FunctionProcess(builder.start(), api, launched, log);
    }

    private static String jarOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Hands the function an event and waits for its answer. */
    RuntimeApiStandIn.Answer invoke(String event, Duration timeout) throws InterruptedException {
        api.invoke(event);
        RuntimeApiStandIn.Answer answer = api.answer(timeout);
        if (answer == null) {
            throw new AssertionError("No answer within " + timeout + "; the function's output:\n" + output());
        }
        return answer;
    }

    /** Milliseconds from the launch to {@code nanos}. */
    long millisSinceLaunch(long nanos) {
        return (nanos - launchedNanos) / 1_000_000;
    }

    long firstPollNanos() {
        return api.firstPollNanos();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The process's peak resident set (VmHWM), in kB. */
    long peakRssKb() {
        return status("VmHWM:");
    }

    private long status(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).replace("kB", "").strip());
                }
            }
        } catch (IOException | NumberFormatException e) {
            // gone
        }
        return -1;
    }

    String output() {
        try (InputStream in = Files.newInputStream(log)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        api.close();
    }
}
