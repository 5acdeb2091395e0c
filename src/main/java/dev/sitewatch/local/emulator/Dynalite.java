package dev.sitewatch.local.emulator;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * DynamoDB, emulated in memory by npm {@code dynalite} (Apache-2.0). Tables become ACTIVE at once, and it rejects a
 * batch of more than 25 items or with duplicate keys exactly as DynamoDB does.
 */
public final class Dynalite extends NodeProcess {

    private Dynalite(NodeModules modules, int port) {
        super("dynalite", port, modules, modules.root(),
                List.of(modules.resolve("dynalite/cli.js").toString(), "--port", String.valueOf(port),
                        "--host", "127.0.0.1", "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0"),
                Map.of(), Duration.ofSeconds(30));
    }

    /** Starts dynalite on {@code port} (0 = any free port). */
    public static Dynalite start(int port) {
        NodeModules modules = NodeModules.installed();
        return new Dynalite(modules, Ports.choose(port, "DynamoDB (dynalite)"));
    }
}
