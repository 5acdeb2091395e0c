package dev.sitewatch.local.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One emulator running as a child {@code node} process on a loopback port. Started directly with {@code node}
 * (through {@code npx} a kill would orphan the server), its output kept in a log file, and stopped with its whole
 * process tree on {@link #close()} or, at the latest, when the JVM exits.
 */
public class NodeProcess implements AutoCloseable {

    private static final Duration STOP_GRACE = Duration.ofSeconds(3);

    private final String name;
    private final int port;
    private final Process process;
    private final Path log;
    private final Thread shutdownHook;

    protected NodeProcess(String name, int port, Path workingDir, List<String> nodeArgs, Map<String, String> env,
                          Duration startTimeout) {
        this.name = name;
        this.port = port;
        this.log = logFile(name, port);
        List<String> command = new ArrayList<>();
        command.add("node");
        command.addAll(nodeArgs);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workingDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(env);
        try {
            this.process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + name + " (is Node.js installed?)", e);
        }
        this.shutdownHook = new Thread(this::stopProcess, "stop-" + name);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        awaitPort(startTimeout);
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    /** The HTTP endpoint to point an AWS client at. */
    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    private void awaitPort(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Ports.isOpen(port)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with code " + process.exitValue() + " before listening on "
                        + port + "; its output is in " + log + ":\n" + tail());
            }
            if (System.nanoTime() > deadline) {
                stopProcess();
                throw new IllegalStateException(name + " did not listen on port " + port + " within " + timeout
                        + "; its output is in " + log + ":\n" + tail());
            }
            sleep(50);
        }
    }

    @Override
    public void close() {
        stopProcess();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or has run; nothing left to do
        }
    }

    private void stopProcess() {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        for (ProcessHandle handle : tree) {
            try {
                handle.onExit().get(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception notYet) {
                handle.destroyForcibly();
            }
        }
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    private static Path logFile(String name, int port) {
        try {
            Path dir = Path.of(System.getProperty("java.io.tmpdir"), "sitewatch-local");
            Files.createDirectories(dir);
            return dir.resolve(name + "-" + port + ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for an emulator", e);
        }
    }
}
