package dev.sitewatch.local;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

/**
 * The files of one folder whose names match a glob, each read from its start and followed as it grows, handed on
 * one complete line at a time (its newline included): a line still being written waits for its newline. Files are
 * known by their file key (the inode), so a file renamed by a rotation is followed under its new name and never read
 * twice.
 */
final class TailedFiles {

    private static final Logger LOG = Logger.getLogger(TailedFiles.class);
    /** A line can be no longer than a Kinesis record; the agent cuts longer ones there too. */
    static final int MAX_LINE_BYTES = 1024 * 1024;
    /** The agent skips compressed files even when the pattern matches them. */
    private static final List<String> SKIPPED_EXTENSIONS = List.of(".gz", ".bz2", ".zip");

    private record Found(Path path, Object key, BasicFileAttributes attributes) {
    }

    private final Path directory;
    private final PathMatcher fileNames;
    private final Map<Object, Long> offsets = new HashMap<>();
    private final ByteBuffer chunk = ByteBuffer.allocate(MAX_LINE_BYTES);

    TailedFiles(Path directory, PathMatcher fileNames) {
        this.directory = directory;
        this.fileNames = fileNames;
    }

    /** Hands on every complete line written since the last call, oldest file first; {@code false} if none. */
    boolean poll(Consumer<byte[]> lines) throws IOException {
        List<Found> files = list();
        Set<Object> present = new HashSet<>();
        boolean any = false;
        for (Found file : files) {
            present.add(file.key());
            long offset = offsets.getOrDefault(file.key(), 0L);
            if (file.attributes().size() < offset) {
                LOG.warnf("%s shrank below what was already sent (truncated?); reading it again from its start",
                        file.path());
                offset = 0;
            }
            try {
                long next = read(file.path(), offset, lines);
                any |= next > offset;
                offsets.put(file.key(), next);
            } catch (NoSuchFileException renamedOrDeleted) {
                offsets.putIfAbsent(file.key(), offset); // a rotation in between: the next poll finds its new name
            }
        }
        offsets.keySet().retainAll(present);
        return any;
    }

    private List<Found> list() throws IOException {
        List<Found> found = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return found;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path path : entries) {
                String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
                if (!fileNames.matches(path.getFileName()) || SKIPPED_EXTENSIONS.stream().anyMatch(name::endsWith)) {
                    continue;
                }
                try {
                    BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
                    if (attributes.isRegularFile()) {
                        Object key = attributes.fileKey() != null ? attributes.fileKey() : path;
                        found.add(new Found(path, key, attributes));
                    }
                } catch (NoSuchFileException gone) {
                    // rotated away since the listing; the next poll sees it under its new name
                }
            }
        }
        found.sort(Comparator.comparing((Found f) -> f.attributes().lastModifiedTime()).thenComparing(Found::path));
        return found;
    }

    /** Hands on the lines from {@code offset} to the last complete one; returns the offset after it. */
    private long read(Path path, long offset, Consumer<byte[]> lines) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            while (true) {
                chunk.clear();
                int bytes = channel.read(chunk, offset);
                if (bytes <= 0) {
                    return offset;
                }
                byte[] data = chunk.array();
                int start = 0;
                for (int i = 0; i < bytes; i++) {
                    if (data[i] == '\n') {
                        lines.accept(Arrays.copyOfRange(data, start, i + 1));
                        start = i + 1;
                    }
                }
                if (start == 0 && bytes == MAX_LINE_BYTES) {
                    lines.accept(Arrays.copyOf(data, bytes));
                    start = bytes;
                }
                if (start == 0) {
                    return offset; // only the start of a line so far
                }
                offset += start;
            }
        }
    }
}
