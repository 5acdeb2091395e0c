package dev.sitewatch.local.emulator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One emulator running as a child {@code node} process on a loopback port, started directly with {@code node}
 * (through {@code npx} a kill would orphan the server), with {@link NodeModules#loopbackOnly()} loaded first, so that
 * it listens on 127.0.0.1 whatever its own settings.
 */
public class NodeProcess extends ChildProcess {

    private final int port;

    protected NodeProcess(String name, int port, NodeModules modules, Path workingDir, List<String> nodeArgs,
                          Map<String, String> env, Duration startTimeout) {
        super(name, command(modules, nodeArgs), workingDir, env);
        this.port = port;
        awaitPort(startTimeout);
    }

    private static List<String> command(NodeModules modules, List<String> nodeArgs) {
        List<String> command = new ArrayList<>(List.of("node", "--require", modules.loopbackOnly().toString()));
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
