package dev.sitewatch.kda;

import dev.sitewatch.kda.model.RawRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

import java.util.List;

/** A bounded source of given records; at parallelism 2 each reader gets a contiguous half, like two shards. */
public final class ListSource {

    private ListSource() {
    }

    public static DataGeneratorSource<RawRecord> of(List<RawRecord> records) {
        return new DataGeneratorSource<>(new Nth(records), records.size(), TypeInformation.of(RawRecord.class));
    }

    // Kept as arrays: the function is Java-serialized into the job graph, and RawRecord is not Serializable.
    private static final class Nth implements GeneratorFunction<Long, RawRecord> {
        private final String[] payloads;
        private final long[] times;
        private final String[] origins;

        Nth(List<RawRecord> records) {
            payloads = records.stream().map(RawRecord::payload).toArray(String[]::new);
            times = records.stream().mapToLong(RawRecord::arrivalTime).toArray();
            origins = records.stream().map(RawRecord::origin).toArray(String[]::new);
        }

        @Override
        public RawRecord map(Long index) {
            int i = index.intValue();
            return new RawRecord(payloads[i], times[i], origins[i]);
        }
    }
}
