package dev.sitewatch.kda;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP forwarder on loopback in front of an HTTP endpoint that counts the requests naming one operation in their
 * {@code X-Amz-Target} header: what a client really sends, whatever its library thinks it does.
 */
final class CountingForwarder implements AutoCloseable {

    private final ServerSocket server;
    private final URI target;
    private final byte[] needle;
    private final AtomicLong count = new AtomicLong();

    CountingForwarder(String endpoint, String operation) throws IOException {
        this.target = URI.create(endpoint);
        this.needle = operation.getBytes(StandardCharsets.US_ASCII);
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "counting-forwarder");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    long count() {
        return count.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(target.getHost(), target.getPort());
                pump(client.getInputStream(), upstream.getOutputStream(), true, client, upstream);
                pump(upstream.getInputStream(), client.getOutputStream(), false, client, upstream);
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void pump(InputStream in, OutputStream out, boolean requests, Socket a, Socket b) {
        Thread pump = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            byte[] carry = new byte[0];
            try (a; b) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    out.write(buffer, 0, n);
                    out.flush();
                    if (requests) {
                        carry = countIn(carry, buffer, n);
                    }
                }
            } catch (IOException e) {
                // the other side went away
            }
        }, "counting-forwarder-pump");
        pump.setDaemon(true);
        pump.start();
    }

    /** Counts the needle in what came now plus the tail of what came before; returns the new tail. */
    private byte[] countIn(byte[] carry, byte[] buffer, int n) {
        byte[] window = new byte[carry.length + n];
        System.arraycopy(carry, 0, window, 0, carry.length);
        System.arraycopy(buffer, 0, window, carry.length, n);
        int from = 0;
        for (int i = 0; i + needle.length <= window.length; i++) {
            if (matchesAt(window, i)) {
                count.incrementAndGet();
                i += needle.length - 1;
                from = i + 1;
            }
        }
        int keep = Math.min(needle.length - 1, window.length - from);
        byte[] tail = new byte[keep];
        System.arraycopy(window, window.length - keep, tail, 0, keep);
        return tail;
    }

    private boolean matchesAt(byte[] window, int at) {
        for (int j = 0; j < needle.length; j++) {
            if (window[at + j] != needle[j]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
