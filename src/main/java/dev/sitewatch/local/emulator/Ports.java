package dev.sitewatch.local.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Loopback ports: a free one for each component, and a clear message when a chosen one is taken. */
public final class Ports {

    private Ports() {
    }

    /** A port that was free a moment ago; 0 in configuration means "pick one of these". */
    public static int free() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free loopback port", e);
        }
    }

    /** {@code port} itself, or a free one when it is 0; fails with the component's name when the port is taken. */
    public static int choose(int port, String component) {
        if (port == 0) {
            return free();
        }
        if (isOpen(port)) {
            throw new IllegalStateException("Port " + port + " for " + component
                    + " is already in use; stop what holds it or choose another port (0 = any free port)");
        }
        return port;
    }

    public static boolean isOpen(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
