package dev.sitewatch.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

/**
 * What the AWS Java runtime does with a JVM function, and nothing more: load the configured handler class
 * ({@code io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler}, the package's handler), construct it (Quarkus
 * boots), call {@code handleRequest} with the event. Runs in its own JVM on the runner jar's classpath; depends on
 * nothing but the JDK and aws-lambda-java-core, which the package carries. Prints one line:
 * {@code HARNESS <main entered> <handler constructed> <responded> <VmRSS kB> <VmHWM kB> <response>} (epoch ms).
 */
public final class ColdStartHarness {

    private static final String HANDLER = "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler";

    private ColdStartHarness() {
    }

    public static void main(String[] args) throws Exception {
        long entered = System.currentTimeMillis();
        byte[] event = Files.readAllBytes(Path.of(args[0]));
        RequestStreamHandler handler = (RequestStreamHandler) Class.forName(HANDLER).getDeclaredConstructor()
                .newInstance();
        long constructed = System.currentTimeMillis();
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event), response, new BenchContext());
        long responded = System.currentTimeMillis();
        System.out.println("HARNESS " + entered + " " + constructed + " " + responded + " " + status("VmRSS") + " "
                + status("VmHWM") + " " + response.toString(StandardCharsets.UTF_8).replaceAll("\\s+", ""));
        System.out.flush();
        System.exit(0); // as after a Lambda invocation, the process is not ours to shut down gracefully
    }

    /** A field of /proc/self/status in kB, -1 where there is none. */
    private static long status(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (Exception e) {
            // not Linux
        }
        return -1;
    }

    private static final class BenchContext implements Context {
        private final long deadline = System.currentTimeMillis() + 60_000;

        @Override
        public String getAwsRequestId() {
            return "bench-request-1";
        }

        @Override
        public String getLogGroupName() {
            return "/aws/lambda/order-archiver";
        }

        @Override
        public String getLogStreamName() {
            return "bench";
        }

        @Override
        public String getFunctionName() {
            return "order-archiver";
        }

        @Override
        public String getFunctionVersion() {
            return "$LATEST";
        }

        @Override
        public String getInvokedFunctionArn() {
            return "arn:aws:lambda:us-east-1:123456789012:function:order-archiver";
        }

        @Override
        public CognitoIdentity getIdentity() {
            return null;
        }

        @Override
        public ClientContext getClientContext() {
            return null;
        }

        @Override
        public int getRemainingTimeInMillis() {
            return (int) Math.max(0, deadline - System.currentTimeMillis());
        }

        @Override
        public int getMemoryLimitInMB() {
            return 512;
        }

        @Override
        public LambdaLogger getLogger() {
            return new LambdaLogger() {
                @Override
                public void log(String message) {
                    System.err.print(message);
                }

                @Override
                public void log(byte[] message) {
                    System.err.write(message, 0, message.length);
                }
            };
        }
    }
}
