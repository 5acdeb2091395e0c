package dev.sitewatch.kda.model;

import dev.sitewatch.kda.detect.FloodState;
import dev.sitewatch.kda.detect.WindowEntry;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every type that flows between operators or sits in state is a Flink POJO: no Kryo, so state can evolve. */
class PojoTypesTest {

    private static final Alarm ALARM = new Alarm("ORDER_FLOOD-1-abc", "ORDER_FLOOD-0-def", AlarmType.ORDER_FLOOD,
            null, 1L, 15_001L, 75_000L, 15, 42, 30, new Contributor[]{new Contributor("17850", 12)}, new Contributor[0],
            new Contributor[]{new Contributor("85123A", 5), new Contributor("22728", 4)});

    static Stream<Object> values() {
        return Stream.of(
                new RawRecord("{}", 1L, "shardId-000000000000/1"),
                new OrderLine("536365", "85123A", "6", "", "United Kingdom"),
                ALARM,
                new DeadLetter("not json", "not JSON", 1L, "shardId-000000000000/2"),
                new Contributor("France", 3),
                new WindowEntry("17850", "United Kingdom", "85123A"),
                new FloodState(5L, FloodState.NOT_BELOW, 42, 15_001L, ALARM, "ORDER_FLOOD-0-def", 1L, 42, 15_001L, 2,
                        36),
                new FloodState(5L, 9L, 0, 0L, null, null, 0L, 0, 0L, 0, 0),
                new FloodEnd(AlarmType.ORDER_FLOOD, null, "ORDER_FLOOD-1-abc", 1L, 31_000L, 42, 15_001L, 2, 36, 0, 30,
                        15),
                new FloodEnd(AlarmType.CUSTOMER_FLOOD, "17850", "CUSTOMER_FLOOD-1-def", 1L, 31_000L, 20, 1L, 1, 20, 3,
                        20, 15));
    }

    @ParameterizedTest
    @MethodSource("values")
    @SuppressWarnings("unchecked")
    void isAPojoAndRoundTripsWithGenericTypesDisabled(Object value) throws Exception {
        TypeInformation<Object> type = (TypeInformation<Object>) TypeInformation.of(value.getClass());
        assertThat(type).isInstanceOf(PojoTypeInfo.class);

        TypeSerializer<Object> serializer = type.createSerializer(withoutKryo().getSerializerConfig());
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(value, out);
        Object copy = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        assertThat(copy).isEqualTo(value);
    }

    /** The check above can fail: a record with a List field needs Kryo, and disabled generic types refuse it. */
    @Test
    void aTypeThatNeedsKryoIsRefused() {
        TypeInformation<WithList> type = TypeInformation.of(WithList.class);
        assertThatThrownBy(() -> type.createSerializer(withoutKryo().getSerializerConfig()))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("Generic types have been disabled");
    }

    public record WithList(List<String> items) {
    }

    private static ExecutionConfig withoutKryo() {
        ExecutionConfig config = new ExecutionConfig();
        config.disableGenericTypes();
        return config;
    }
}
