package dev.sitewatch.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.sitewatch.local.emulator.ChildProcess;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The shop's web backend as on EC2, for the local run: the log generator ({@code ec2-setup/LogGenerator.java})
 * writing its order log into a folder of this run, and the Kinesis Agent stand-in shipping that folder to the local
 * Kinesis under the real {@code ec2-setup/agent.json}.
 */
public final class ShopBackend implements AutoCloseable {

    private final Path folder;
    private final KinesisClient kinesis;
    private final LocalKinesisAgent agent;
    private final ChildProcess generator;

    private ShopBackend(Path folder, KinesisClient kinesis, LocalKinesisAgent agent, ChildProcess generator) {
        this.folder = folder;
        this.kinesis = kinesis;
        this.agent = agent;
        this.generator = generator;
    }

    /**
     * @param root          the repository, for {@code ec2-setup/}
     * @param generatorArgs the generator's options but {@code --out}, e.g. {@code --rate 1 --flood-start 30}
     */
    public static ShopBackend start(Path root, String kinesisEndpoint, List<String> generatorArgs) {
        AgentFlow flow = AgentFlow.read(root.resolve("ec2-setup/agent.json"));
        Path folder = runFolder();
        KinesisClient kinesis = LocalAws.kinesis(kinesisEndpoint);
        LocalKinesisAgent agent = LocalKinesisAgent.start(flow, folder, kinesis);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, root.resolve("ec2-setup/LogGenerator.java").toString(),
                "--out", folder.toString()));
        command.addAll(generatorArgs);
        try {
            return new ShopBackend(folder, kinesis, agent, new ChildProcess("log-generator", command, root, Map.of()));
        } catch (RuntimeException e) {
            agent.close();
            kinesis.close();
            throw e;
        }
    }

    private static Path runFolder() {
        try {
            Path parent = Path.of(System.getProperty("java.io.tmpdir"), "sitewatch-local");
            Files.createDirectories(parent);
            return Files.createTempDirectory(parent, "website-" + ProcessHandle.current().pid() + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create the web backend's log folder", e);
        }
    }

    /** Where the generator writes {@code orders.log}, as {@code /var/log/website} on EC2. */
    public Path folder() {
        return folder;
    }

    /** The generator's own output: its rate reports and totals. */
    public Path log() {
        return generator.log();
    }

    /**
     * Waits for a bounded generator run ({@code --duration}, {@code --count}) to end and for the agent to have put
     * every line it wrote on the stream.
     *
     * @return {@code false} if that took longer than {@code millis}
     */
    public boolean waitFor(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        return generator.waitFor(millis)
                && agent.awaitShipped(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }

    /** The generator's exit code, once {@link #waitFor} said it ended. */
    public int exitValue() {
        return generator.exitValue();
    }

    /** Stops the generator, then the agent (what it has not sent yet stays unsent). */
    @Override
    public void close() {
        generator.close();
        agent.close();
        kinesis.close();
    }
}
