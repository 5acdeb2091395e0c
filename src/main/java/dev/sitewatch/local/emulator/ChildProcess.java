package dev.sitewatch.local.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A local part running as a child process: its output kept in a log file, stopped with its whole process tree on
 * {@link #close()} or, at the latest, when the JVM exits — so Ctrl-C leaves no stray process behind.
 */
public class ChildProcess implements AutoCloseable {

    private static final long STOP_GRACE_MILLIS = 3_000;

    private final String name;
    private final Process process;
    private final Path log;
    private final Thread shutdownHook;

    public ChildProcess(String name, List<String> command, Path workingDir, Map<String, String> env) {
        this.name = name;
        this.log = logFile(name);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workingDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(env);
        try {
            this.process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + name + ": " + String.join(" ", command), e);
        }
        this.shutdownHook = new Thread(this::stopProcess, "stop-" + name);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    public String name() {
        return name;
    }

    /** The process and every process it started. */
    public List<ProcessHandle> processTree() {
        List<ProcessHandle> tree = new ArrayList<>(List.of(process.toHandle()));
        tree.addAll(process.descendants().toList());
        return tree;
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    /** Waits for the process to end by itself; {@code false} if it still runs after {@code millis}. */
    public boolean waitFor(long millis) throws InterruptedException {
        return process.waitFor(millis, TimeUnit.MILLISECONDS);
    }

    public int exitValue() {
        return process.exitValue();
    }

    public Path log() {
        return log;
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

    protected void stopProcess() {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        for (ProcessHandle handle : tree) {
            try {
                handle.onExit().get(STOP_GRACE_MILLIS, TimeUnit.MILLISECONDS);
            } catch (Exception notYet) {
                handle.destroyForcibly();
            }
        }
    }

    /** The last lines of the log, for error messages. */
    public String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    private static Path logFile(String name) {
        try {
            Path dir = Path.of(System.getProperty("java.io.tmpdir"), "sitewatch-local");
            Files.createDirectories(dir);
            return dir.resolve(name + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime() + ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for a local component", e);
        }
    }
}
