package dev.sitewatch.local.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The npm packages of the emulators (package.json at the repository root), installed on first use with
 * {@code npm ci} from the committed lock file. Tests, dev mode, the local run and {@code kda/} all come through
 * here, so a fresh clone needs no install step of its own.
 */
public final class NodeModules {

    /** The {@code name} in the root package.json: how the root is recognised when walking up from a subproject. */
    static final String PACKAGE_NAME = "sitewatch-local-components";
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);
    private static final System.Logger LOG = System.getLogger(NodeModules.class.getName());

    private final Path root;

    private NodeModules(Path root) {
        this.root = root;
    }

    /**
     * Finds the repository root (system property {@code sitewatch.home}, else the nearest directory upwards from the
     * working directory whose package.json is ours) and makes sure its node_modules match the lock file.
     */
    public static NodeModules installed() {
        NodeModules modules = new NodeModules(findRoot());
        modules.install();
        return modules;
    }

    public Path root() {
        return root;
    }

    /** The script every emulator loads first ({@code node --require}): its servers listen on 127.0.0.1 only. */
    public Path loopbackOnly() {
        return root.resolve("src/main/node/loopback-only.cjs");
    }

    /** A file inside an installed package, e.g. {@code resolve("dynalite/cli.js")}. */
    public Path resolve(String pathInNodeModules) {
        return root.resolve("node_modules").resolve(pathInNodeModules);
    }

    static Path findRoot() {
        String configured = System.getProperty("sitewatch.home");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path packageJson = dir.resolve("package.json");
            try {
                if (Files.isRegularFile(packageJson) && Files.readString(packageJson).contains('"' + PACKAGE_NAME + '"')) {
                    return dir;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("No package.json named " + PACKAGE_NAME + " found above "
                + Path.of("").toAbsolutePath() + "; run from the Sitewatch checkout or set -Dsitewatch.home");
    }

    private void install() {
        Path lock = root.resolve("package-lock.json");
        // npm writes node_modules/.package-lock.json last; it being newer than the lock file means the install is
        // complete and current. The file lock keeps two builds (the app's and kda/'s) from installing at once.
        Path marker = root.resolve("node_modules/.package-lock.json");
        try (FileChannel channel = FileChannel.open(root.resolve(".npm-install.lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            if (Files.exists(marker) && Files.getLastModifiedTime(marker).compareTo(Files.getLastModifiedTime(lock)) >= 0) {
                return;
            }
            run(List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not install the emulators with npm ci in " + root, e);
        }
    }

    /**
     * Runs npm as a {@link ChildProcess}: its output goes to a log file, never to this JVM's own stdout, which under
     * Maven Surefire is the channel to the build (a child writing there corrupts it and fails the build).
     */
    private void run(List<String> command) {
        LOG.log(System.Logger.Level.INFO, "Installing the local emulators: {0} in {1}", String.join(" ", command), root);
        try (ChildProcess npm = new ChildProcess("npm-ci", command, root, Map.of())) {
            boolean finished;
            try {
                finished = npm.waitFor(INSTALL_TIMEOUT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted during " + String.join(" ", command), e);
            }
            if (!finished) {
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + INSTALL_TIMEOUT
                        + "; its output so far:\n" + npm.tail());
            }
            if (npm.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed with exit code " + npm.exitValue()
                        + " in " + root + " (is Node.js 18+ with npm installed?); log " + npm.log() + ":\n" + npm.tail());
            }
        }
    }
}
