package dev.sitewatch.packages;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The Lambda Runtime API as a function's runtime sees it, enough for one function process: {@code GET
 * /2018-06-01/runtime/invocation/next} hands out the queued events (and waits while there is none, as Lambda does),
 * {@code POST …/invocation/{id}/response} and {@code …/error} are what the function answered, {@code POST
 * …/runtime/init/error} a failed init. The AWS Lambda Java runtime interface client talks to it exactly as it talks to
 * Lambda ({@code AWS_LAMBDA_RUNTIME_API}).
 */
final class RuntimeApiStandIn implements AutoCloseable {

    private static final String PREFIX = "/2018-06-01/runtime/";

    /** What the function answered to one event: {@code error} true for an error response or a failed init. */
    record Answer(String requestId, boolean error, String body, long atNanos) {
    }

    private final HttpServer server;
    private final BlockingQueue<String[]> events = new LinkedBlockingQueue<>();
    private final BlockingQueue<Answer> answers = new LinkedBlockingQueue<>();
    private volatile long firstPollNanos;

    private RuntimeApiStandIn(HttpServer server) {
        this.server = server;
    }

    static RuntimeApiStandIn start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
            RuntimeApiStandIn api = new RuntimeApiStandIn(server);
            server.createContext(PREFIX, api::handle);
            server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
                Thread thread = new Thread(r, "runtime-api-stand-in");
                thread.setDaemon(true);
                return thread;
            }));
            server.start();
            return api;
        } catch (IOException e) {
            throw new IllegalStateException("Could not start the Runtime API stand-in", e);
        }
    }

    /** host:port, the value of {@code AWS_LAMBDA_RUNTIME_API}. */
    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Queues an event; returns its request id. */
    String invoke(String event) {
        String id = UUID.randomUUID().toString();
        events.add(new String[] {id, event});
        return id;
    }

    /** The next answer, or null after {@code timeout}. */
    Answer answer(Duration timeout) throws InterruptedException {
        return answers.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** When the runtime first asked for an event (its init was done), 0 if it has not yet. */
    long firstPollNanos() {
        return firstPollNanos;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath().substring(PREFIX.length());
        try (exchange; InputStream in = exchange.getRequestBody()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (path.equals("invocation/next") && exchange.getRequestMethod().equals("GET")) {
                if (firstPollNanos == 0) {
                    firstPollNanos = System.nanoTime();
                }
                String[] event = events.poll(10, TimeUnit.MINUTES);
                if (event == null) {
                    reply(exchange, 500, "no event");
                    return;
                }
                exchange.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", event[0]);
                exchange.getResponseHeaders().add("Lambda-Runtime-Deadline-Ms",
                        Long.toString(System.currentTimeMillis() + 60_000));
                exchange.getResponseHeaders().add("Lambda-Runtime-Invoked-Function-Arn",
                        "arn:aws:lambda:us-east-1:123456789012:function:sitewatch-package-test");
                exchange.getResponseHeaders().add("Lambda-Runtime-Trace-Id",
                        "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=0");
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                reply(exchange, 200, event[1]);
            } else if (path.startsWith("invocation/") && path.endsWith("/response")) {
                answers.add(new Answer(path.split("/")[1], false, body, System.nanoTime()));
                reply(exchange, 202, "{}");
            } else if (path.startsWith("invocation/") && path.endsWith("/error")) {
                answers.add(new Answer(path.split("/")[1], true, body, System.nanoTime()));
                reply(exchange, 202, "{}");
            } else if (path.equals("init/error")) {
                answers.add(new Answer(null, true, body, System.nanoTime()));
                reply(exchange, 202, "{}");
            } else {
                reply(exchange, 404, "{}");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
