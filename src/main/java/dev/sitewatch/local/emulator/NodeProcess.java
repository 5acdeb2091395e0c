package dev.sitewatch.local.emulator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One emulator running as a child {@code node} process on a loopback port, started directly with {@code node}
 * (through {@code npx} a kill would orphan the server).
 */
public class NodeProcess extends ChildProcess {

    private final int port;

    protected NodeProcess(String name, int port, Path workingDir, List<String> nodeArgs, Map<String, String> env,
                          Duration startTimeout) {
        super(name, command(nodeArgs), workingDir, env);
        this.port = port;
        awaitPort(startTimeout);
    }

    private static List<String> command(List<String> nodeArgs) {
        List<String> command = new ArrayList<>();
        command.add("node");
        command.addAll(nodeArgs);
        return command;
    }

    public int port() {
        return port;
    }

    /** The HTTP endpoint to point an AWS client at. */
    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    private void awaitPort(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Ports.isOpen(port)) {
            if (!isRunning()) {
                throw new IllegalStateException(name() + " exited with code " + exitValue() + " before listening on "
                        + port + "; its output is in " + log() + ":\n" + tail());
            }
            if (System.nanoTime() > deadline) {
                stopProcess();
                throw new IllegalStateException(name() + " did not listen on port " + port + " within " + timeout
                        + "; its output is in " + log() + ":\n" + tail());
            }
            sleep(50);
        }
    }
}
