package dev.sitewatch.packages;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The cold-start bench's yardstick: a Quarkus Lambda with nothing but one handler that counts the records of a Kinesis
 * batch, built by the bench itself (a throw-away Maven project under {@code target/bench/bare}) with the same Quarkus
 * version and the same two dependencies every function package starts from: quarkus-amazon-lambda and
 * aws-lambda-java-events.
 */
final class BareLambda {

    private BareLambda() {
    }

    /** Builds it (if not built already) and returns its function.zip unpacked. */
    static Path build(Path dir, String quarkusVersion) throws IOException, InterruptedException {
        Path zip = dir.resolve("target/function.zip");
        if (!Files.isRegularFile(zip)) {
            Files.createDirectories(dir.resolve("src/main/java/bench"));
            Files.createDirectories(dir.resolve("src/main/resources"));
            Files.writeString(dir.resolve("pom.xml"), """
                    <?xml version="1.0" encoding="UTF-8"?>
                    <project xmlns="http://maven.apache.org/POM/4.0.0">
                        <modelVersion>4.0.0</modelVersion>
                        <groupId>bench</groupId>
                        <artifactId>bare-lambda</artifactId>
                        <version>1</version>
                        <properties>
                            <maven.compiler.release>17</maven.compiler.release>
                            <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
                        </properties>
                        <dependencyManagement>
                            <dependencies>
                                <dependency>
                                    <groupId>io.quarkus</groupId>
                                    <artifactId>quarkus-bom</artifactId>
                                    <version>%1$s</version>
                                    <type>pom</type>
                                    <scope>import</scope>
                                </dependency>
                            </dependencies>
                        </dependencyManagement>
                        <dependencies>
                            <dependency>
                                <groupId>io.quarkus</groupId>
                                <artifactId>quarkus-amazon-lambda</artifactId>
                            </dependency>
                            <dependency>
                                <groupId>com.amazonaws</groupId>
                                <artifactId>aws-lambda-java-events</artifactId>
                            </dependency>
                        </dependencies>
                        <build>
                            <plugins>
                                <plugin>
                                    <groupId>io.quarkus</groupId>
                                    <artifactId>quarkus-maven-plugin</artifactId>
                                    <version>%1$s</version>
                                    <extensions>true</extensions>
                                    <executions>
                                        <execution>
                                            <goals>
                                                <goal>build</goal>
                                            </goals>
                                        </execution>
                                    </executions>
                                </plugin>
                            </plugins>
                        </build>
                    </project>
                    """.formatted(quarkusVersion));
            Files.writeString(dir.resolve("src/main/java/bench/CountingHandler.java"), """
                    package bench;

                    import java.util.List;

                    import com.amazonaws.services.lambda.runtime.Context;
                    import com.amazonaws.services.lambda.runtime.RequestHandler;
                    import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
                    import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;

                    /** Counts the records of a batch; nothing else. */
                    public class CountingHandler implements RequestHandler<KinesisEvent, StreamsEventResponse> {

                        public static long records;

                        @Override
                        public StreamsEventResponse handleRequest(KinesisEvent event, Context context) {
                            records += event.getRecords().size();
                            return new StreamsEventResponse(List.of());
                        }
                    }
                    """);
            Files.writeString(dir.resolve("src/main/resources/application.properties"), "quarkus.analytics.disabled=true\n");
            Process build = new ProcessBuilder(Path.of("mvnw").toAbsolutePath().toString(), "-B", "-q", "-f",
                    dir.resolve("pom.xml").toAbsolutePath().toString(), "package")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("build.log").toFile()).start();
            if (!build.waitFor(10, TimeUnit.MINUTES) || build.exitValue() != 0 || !Files.isRegularFile(zip)) {
                throw new IllegalStateException("The bare Lambda did not build: " + dir.resolve("build.log"));
            }
        }
        return FunctionProcess.unpack(zip);
    }
}
