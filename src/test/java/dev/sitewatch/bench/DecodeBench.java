package dev.sitewatch.bench;

import java.util.List;
import java.time.ZoneId;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sitewatch.kinesis.Decoded;
import dev.sitewatch.order.OrderLineParser;

/**
 * {@link OrderLineParser#parse(byte[])} next to bare {@code ObjectMapper.readTree} of the same bytes, one thread,
 * passes alternating between the two; the best pass of each after warm-up passes.
 */
final class DecodeBench {

    record Result(int lines, double parseRate, double readTreeRate) {
        double ratio() {
            return parseRate / readTreeRate;
        }
    }

    private DecodeBench() {
    }

    static Result run(List<byte[]> lines, int warmups, int passes) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        OrderLineParser parser = new OrderLineParser(mapper, ZoneId.of("UTC"), 65_536);
        long bestParse = Long.MAX_VALUE;
        long bestTree = Long.MAX_VALUE;
        long sink = 0;
        for (int pass = 0; pass < warmups + passes; pass++) {
            for (int turn = 0; turn < 2; turn++) {
                boolean parseTurn = (turn == 0) == (pass % 2 == 0);
                long start = System.nanoTime();
                if (parseTurn) {
                    for (byte[] line : lines) {
                        sink += parser.parse(line) instanceof Decoded.Ok<?> ? 1 : 0;
                    }
                } else {
                    for (byte[] line : lines) {
                        sink += mapper.readTree(line).size();
                    }
                }
                long nanos = System.nanoTime() - start;
                if (pass >= warmups) {
                    if (parseTurn) {
                        bestParse = Math.min(bestParse, nanos);
                    } else {
                        bestTree = Math.min(bestTree, nanos);
                    }
                }
            }
        }
        if (sink == 42) {
            System.out.print(""); // keeps the results alive
        }
        return new Result(lines.size(), lines.size() / (bestParse / 1e9), lines.size() / (bestTree / 1e9));
    }
}
