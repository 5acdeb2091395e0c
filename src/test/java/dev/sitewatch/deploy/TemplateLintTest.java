package dev.sitewatch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@code cfn-lint} (which also runs the SAM transform) finds nothing in template.yaml: no error, no warning, no
 * informational finding. Where cfn-lint is not installed the test says so loudly and is skipped; CI has it.
 */
class TemplateLintTest {

    @Test
    void cfnLintFindsNothing() throws IOException, InterruptedException {
        boolean installed = onPath("cfn-lint");
        if (!installed) {
            System.err.println("WARNING: cfn-lint is not installed, template.yaml was NOT linted (pip install cfn-lint)");
        }
        Assumptions.assumeTrue(installed, "cfn-lint is not installed: template.yaml was not linted (pip install cfn-lint)");
        Process lint = new ProcessBuilder("cfn-lint", "--format", "parseable", "--", CfnTemplate.FILE.toString())
                .redirectErrorStream(true).start();
        boolean done = lint.waitFor(5, TimeUnit.MINUTES);
        String findings = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(done).as("cfn-lint finished").isTrue();
        assertThat(findings).as("cfn-lint findings").isEmpty();
        assertThat(lint.exitValue()).as("cfn-lint exit code").isZero();
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
