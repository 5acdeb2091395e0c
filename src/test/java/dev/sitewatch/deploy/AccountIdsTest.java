package dev.sitewatch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** No real AWS account id in an ARN anywhere in the repository (README, STYLE: the CI guard). */
class AccountIdsTest {

    /**
     * 123456789012 is AWS's documentation account; 000000000000 is the fixed account of the local emulators
     * (kinesis-mock, the local Lambda context). Neither can belong to anyone.
     */
    static final Set<String> EXAMPLE_ACCOUNTS = Set.of("123456789012", "000000000000");

    static final Pattern ARN_ACCOUNT = Pattern.compile("arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(\\d{12})(?=[:/])");

    static List<String> violations(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = ARN_ACCOUNT.matcher(text);
        while (m.find()) {
            if (!EXAMPLE_ACCOUNTS.contains(m.group(1))) {
                out.add(m.group());
            }
        }
        return out;
    }

    /** Directories .gitignore leaves out (and SAM's build directory), for a copy of the tree without .git. */
    static final Set<String> UNTRACKED_DIRS = Set.of("target", "node_modules", ".git", ".idea", ".vscode", ".local", ".aws-sam");

    /**
     * The files git tracks plus new files not ignored (so this branch's own files count before their commit). In a
     * copy of the tree without {@code .git}, every file outside the ignored directories.
     */
    static List<Path> repositoryFiles() throws IOException, InterruptedException {
        if (!Files.isDirectory(Path.of(".git")) && !Files.isRegularFile(Path.of(".git"))) {
            List<Path> files = new ArrayList<>();
            Files.walkFileTree(Path.of(""), new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return UNTRACKED_DIRS.contains(String.valueOf(dir.getFileName()))
                            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile()) {
                        files.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
            return files;
        }
        Process git = new ProcessBuilder("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard").start();
        byte[] out = git.getInputStream().readAllBytes();
        assertThat(git.waitFor(30, TimeUnit.SECONDS)).as("git ls-files finished").isTrue();
        assertThat(git.exitValue()).as("git ls-files exit code").isZero();
        List<Path> files = new ArrayList<>();
        for (String name : new String(out, StandardCharsets.UTF_8).split("\0")) {
            if (!name.isEmpty() && Files.isRegularFile(Path.of(name))) {
                files.add(Path.of(name));
            }
        }
        return files;
    }

    @Test
    void theMatcherFindsRealAccountsAndSparesExamples() {
        String someone = "2109876" + "54321"; // split, or this file would trip its own scan
        assertThat(violations("arn:aws:sns:eu-west-1:" + someone + ":topic"))
                .containsExactly("arn:aws:sns:eu-west-1:" + someone);
        assertThat(violations("arn:aws:iam::" + someone + ":role/x")).hasSize(1);
        assertThat(violations("arn:aws-us-gov:kinesis:us-gov-west-1:" + someone + ":stream/s")).hasSize(1);
        assertThat(violations("arn:aws:kinesis:eu-west-1:123456789012:stream/website-orders")).isEmpty();
        assertThat(violations("arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:x")).isEmpty();
    }

    @Test
    void noRealAccountIdInAnyTrackedTextFile() throws IOException, InterruptedException {
        List<Path> files = repositoryFiles();
        assertThat(files).as("tracked files").contains(Path.of("pom.xml"), CfnTemplate.FILE);
        List<String> found = new ArrayList<>();
        for (Path file : files) {
            String text;
            try {
                text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file)))
                        .toString();
            } catch (CharacterCodingException binary) {
                continue;
            }
            violations(text).forEach(v -> found.add(file + ": " + v));
        }
        assertThat(found).as("ARNs with an account id other than %s", EXAMPLE_ACCOUNTS).isEmpty();
    }
}
