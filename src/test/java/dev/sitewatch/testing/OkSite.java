package dev.sitewatch.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpServer;

/** A website that is up: every path answers 200 "ok" on loopback, for checks that should pass. */
public final class OkSite {

    private OkSite() {
    }

    /** Starts it on {@code port} (0: any free one); {@code stop(0)} ends it. */
    public static HttpServer start(int port) {
        try {
            HttpServer site = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
            site.createContext("/", exchange -> {
                byte[] ok = "ok".getBytes(StandardCharsets.US_ASCII);
                exchange.sendResponseHeaders(200, ok.length);
                exchange.getResponseBody().write(ok);
                exchange.close();
            });
            site.start();
            return site;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
