package dev.sitewatch.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The EC2 install script passes shellcheck without a single finding (CI installs shellcheck). */
class InstallScriptTest {

    static final Path SCRIPT = Path.of("ec2-setup", "install.sh");

    @Test
    void passesShellcheck() throws Exception {
        Assumptions.assumeTrue(onPath("shellcheck"), "shellcheck is not installed (apt-get install -y shellcheck)");
        Process shellcheck = new ProcessBuilder("shellcheck", SCRIPT.toString()).redirectErrorStream(true).start();
        String output = new String(shellcheck.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(shellcheck.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(output).isEmpty();
        assertThat(shellcheck.exitValue()).isZero();
    }

    @Test
    void isAnExecutableBashScriptThatStopsOnErrors() throws Exception {
        String script = Files.readString(SCRIPT);
        assertThat(script).startsWith("#!/usr/bin/env bash\n").contains("\nset -euo pipefail\n");
        assertThat(Files.isExecutable(SCRIPT)).isTrue();
    }

    private static boolean onPath(String command) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
