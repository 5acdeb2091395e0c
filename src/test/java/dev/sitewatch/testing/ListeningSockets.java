package dev.sitewatch.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The TCP sockets this machine listens on, as Linux lists them in {@code /proc/net/tcp} and {@code /proc/net/tcp6}:
 * by port, or by the processes that hold them.
 */
public final class ListeningSockets {

    private static final String LISTEN = "0A";

    /** One listening socket: the address it accepts connections on, and its inode (how processes refer to it). */
    public record Listener(InetAddress address, int port, long inode) {
        public boolean loopbackOnly() {
            return address.isLoopbackAddress();
        }

        @Override
        public String toString() {
            return address.getHostAddress() + ":" + port;
        }
    }

    private ListeningSockets() {
    }

    public static boolean available() {
        return Files.isReadable(Path.of("/proc/net/tcp"));
    }

    public static List<Listener> all() {
        List<Listener> listeners = new ArrayList<>();
        listeners.addAll(read(Path.of("/proc/net/tcp")));
        listeners.addAll(read(Path.of("/proc/net/tcp6")));
        return listeners;
    }

    public static List<Listener> onPort(int port) {
        return all().stream().filter(listener -> listener.port() == port).toList();
    }

    /** The sockets that any of {@code processes} listens on. */
    public static List<Listener> of(List<ProcessHandle> processes) {
        Set<Long> inodes = new HashSet<>();
        processes.forEach(process -> inodes.addAll(socketInodes(process.pid())));
        return all().stream().filter(listener -> inodes.contains(listener.inode())).toList();
    }

    private static List<Listener> read(Path table) {
        try {
            return parse(Files.readAllLines(table));
        } catch (NoSuchFileException noIpv6) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The listening sockets of a {@code /proc/net/tcp} or {@code tcp6} table, header line first. */
    public static List<Listener> parse(List<String> lines) {
        List<Listener> listeners = new ArrayList<>();
        // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.trim().split("\\s+");
            if (fields[3].equals(LISTEN)) {
                String[] local = fields[1].split(":");
                listeners.add(new Listener(address(local[0]), Integer.parseInt(local[1], 16), Long.parseLong(fields[9])));
            }
        }
        return listeners;
    }

    /** The kernel writes the address as 32-bit words in host byte order. */
    private static InetAddress address(String hex) {
        byte[] bytes = HexFormat.of().parseHex(hex);
        for (int word = 0; ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN && word < bytes.length; word += 4) {
            for (int i = 0; i < 2; i++) {
                byte swap = bytes[word + i];
                bytes[word + i] = bytes[word + 3 - i];
                bytes[word + 3 - i] = swap;
            }
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(hex, e);
        }
    }

    private static Set<Long> socketInodes(long pid) {
        Set<Long> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
            fds.forEach(fd -> {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(Long.parseLong(target.substring(8, target.length() - 1)));
                    }
                } catch (IOException closedMeanwhile) {
                    // the descriptor went away while we looked
                }
            });
        } catch (IOException processGone) {
            // nothing it holds any more
        }
        return inodes;
    }
}
