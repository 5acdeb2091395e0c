package dev.sitewatch.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import dev.sitewatch.local.emulator.ChildProcess;

/**
 * The rest of the pipeline around the app, for the local run and the end-to-end test: the flood detector (the
 * Flink job of {@code kda/} on a local MiniCluster, in its own JVM as on Managed Flink) reading {@code website-orders}
 * and writing {@code website-alarms}, and the shop's web backend as on EC2 ({@link ShopBackend}): the log generator
 * writing CSV order lines into a folder of the run, and a stand-in for the Kinesis Agent ({@link LocalKinesisAgent})
 * shipping them to {@code website-orders} under the real {@code ec2-setup/agent.json}. The detector reads its stream
 * and the agent its files from the start, so the order in which things come up does not matter.
 */
public final class LocalPipeline implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LocalPipeline.class);
    private static final String DETECTOR_MAIN = "dev.sitewatch.kda.FloodDetectionJob";
    /** The job's messages, its state and Flink's warnings on stdout, which goes to the detector's log file. */
    private static final String DETECTOR_LOG_CONFIG = "kda/src/test/resources/log4j2-local.properties";

    private final Path root;
    private final String kinesisEndpoint;
    private final ChildProcess detector;
    private ShopBackend shop;

    private LocalPipeline(Path root, String kinesisEndpoint, ChildProcess detector) {
        this.root = root;
        this.kinesisEndpoint = kinesisEndpoint;
        this.detector = detector;
    }

    /**
     * Builds {@code kda/} if needed, then starts the detector and the generator against {@code kinesisEndpoint}.
     *
     * @param detectorArgs e.g. {@code --Detector.order.threshold 30}
     * @param generatorArgs e.g. {@code --rate 1 --flood-start 30 --flood-duration 70 --flood-rate 20}
     */
    public static LocalPipeline start(Path root, String kinesisEndpoint, List<String> detectorArgs,
                                      List<String> generatorArgs) {
        LocalPipeline pipeline = startDetector(root, kinesisEndpoint, detectorArgs);
        pipeline.startGenerator(generatorArgs);
        return pipeline;
    }

    /** Builds {@code kda/} if needed and starts only the detector; {@link #startGenerator} sends the traffic. */
    public static LocalPipeline startDetector(Path root, String kinesisEndpoint, List<String> detectorArgs) {
        String classpath = detectorClasspath(root);
        List<String> detectorCommand = new ArrayList<>(List.of(java(), "-Xmx1g",
                "--add-opens", "java.base/java.util=ALL-UNNAMED", "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                // without it log4j logs errors only, and the log file stays empty
                "-Dlog4j2.configurationFile=" + root.resolve(DETECTOR_LOG_CONFIG),
                "-cp", classpath, DETECTOR_MAIN, "--local", "--endpoint", kinesisEndpoint, "--parallelism", "1",
                "--InputStream0.flink.stream.initpos", "TRIM_HORIZON"));
        detectorCommand.addAll(detectorArgs);
        ChildProcess detector = new ChildProcess("flood-detector", detectorCommand, root, Map.of());
        LOG.infof("Flood detector (kda/, Flink MiniCluster) started; its log: %s", detector.log());
        return new LocalPipeline(root, kinesisEndpoint, detector);
    }

    /** The flood detector's JVM. */
    public ChildProcess detector() {
        return detector;
    }

    /**
     * Starts the log generator writing into a folder of its own and the Kinesis Agent stand-in shipping that folder
     * to {@code website-orders}.
     */
    public synchronized ShopBackend startGenerator(List<String> generatorArgs) {
        if (shop != null) {
            throw new IllegalStateException("The log generator already runs");
        }
        shop = ShopBackend.start(root, kinesisEndpoint, generatorArgs);
        LOG.infof("Log generator started (%s), writing to %s; its log: %s", String.join(" ", generatorArgs),
                shop.folder(), shop.log());
        return shop;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * {@code kda/target/classes} plus every jar the job needs, Flink included (provided scope on AWS), as Maven
     * resolves them. Uses the repository's own Maven wrapper; quick when kda/ is already built.
     */
    private static String detectorClasspath(Path root) {
        Path kda = root.resolve("kda");
        Path classpathFile = kda.resolve("target/local-run.classpath");
        LOG.info("Building the flood detector (kda/) for the local run; the first time takes a minute ...");
        List<String> command = List.of(root.resolve("mvnw").toString(), "-q", "-B", "-f", kda.resolve("pom.xml").toString(),
                "-DskipTests", "compile", "dependency:build-classpath", "-Dmdep.includeScope=test",
                "-Dmdep.outputFile=" + classpathFile);
        try {
            Files.createDirectories(kda.resolve("target"));
            Process maven = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
                    .redirectOutput(kda.resolve("target/local-run-build.log").toFile())
                    .start();
            if (!maven.waitFor(10, TimeUnit.MINUTES) || maven.exitValue() != 0) {
                maven.destroyForcibly();
                throw new IllegalStateException("Building kda/ failed; see " + kda.resolve("target/local-run-build.log"));
            }
            return kda.resolve("target/classes") + java.io.File.pathSeparator + Files.readString(classpathFile).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not build kda/", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while building kda/", e);
        }
    }

    /** Splits a configured argument line on spaces (the arguments here never contain any). */
    static List<String> arguments(String line) {
        return line == null || line.isBlank() ? List.of() : Arrays.asList(line.strip().split("\\s+"));
    }

    @Override
    public synchronized void close() {
        if (shop != null) {
            shop.close();
        }
        detector.close();
    }
}
