package dev.sitewatch.kda;

import com.amazonaws.services.kinesisanalytics.runtime.KinesisAnalyticsRuntime;
import dev.sitewatch.kda.detect.AllOrders;
import dev.sitewatch.kda.detect.ByCustomer;
import dev.sitewatch.kda.detect.CountsAsOrder;
import dev.sitewatch.kda.detect.FloodDetector;
import dev.sitewatch.kda.detect.FloodRule;
import dev.sitewatch.kda.detect.HasCustomer;
import dev.sitewatch.kda.io.FloodEndLog;
import dev.sitewatch.kda.io.KinesisConnectors;
import dev.sitewatch.kda.io.OrderLineParser;
import dev.sitewatch.kda.model.Alarm;
import dev.sitewatch.kda.model.DeadLetter;
import dev.sitewatch.kda.model.FloodEnd;
import dev.sitewatch.kda.model.OrderLine;
import dev.sitewatch.kda.model.RawRecord;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

/**
 * The flood detector: order lines from {@code website-orders} in, throttled flood alarms and each flood's resolved
 * notice to {@code website-alarms} out. {@link #build} wires the graph from any source and sink (tests pass bounded
 * ones); {@link #main} only reads the configuration and plugs in Kinesis.
 */
public final class FloodDetectionJob {

    static final String JOB_NAME = "sitewatch-flood-detector";
    private static final Logger LOG = LoggerFactory.getLogger(FloodDetectionJob.class);
    private static final int LOCAL_PARALLELISM = 2;
    private static final long ORDERS_BUFFER_TIMEOUT_MS = 10;
    private static final long LOCAL_CHECKPOINT_INTERVAL_MS = 10_000;

    private FloodDetectionJob() {
    }

    public static JobStreams build(StreamExecutionEnvironment env, Source<RawRecord, ?, ?> source,
                                   Sink<Alarm> sink, DetectorConfig config) {
        return build(env, source, sink, config, FloodDetector::new);
    }

    /**
     * The same graph with another detector in both keyed places; the benchmark puts a no-op there to measure what
     * the rest of the job costs.
     */
    public static JobStreams build(StreamExecutionEnvironment env, Source<RawRecord, ?, ?> source, Sink<Alarm> sink,
                                   DetectorConfig config,
                                   Function<FloodRule, KeyedProcessFunction<String, OrderLine, Alarm>> detector) {
        // Every record type is a Flink POJO; a type that would fall back to Kryo fails the job at submission.
        env.getConfig().disableGenericTypes();
        // Records are immutable and no function keeps or changes its input, so chained operators may share them.
        env.getConfig().enableObjectReuse();
        env.getConfig().setAutoWatermarkInterval(config.watermarkInterval().toMillis());

        WatermarkStrategy<RawRecord> watermarks =
                ArrivalClockWatermarks.strategy(ArrivalClockWatermarks.Settings.of(config), Clock.systemUTC());

        SingleOutputStreamOperator<OrderLine> lines = env
                // The Kinesis source does not say what it produces; name the type so nothing has to guess it.
                .fromSource(source, watermarks, "website-orders", TypeInformation.of(RawRecord.class))
                .uid("website-orders-source")
                .process(new OrderLineParser()).name("parse order lines").uid("parse-order-lines");
        DataStream<DeadLetter> deadLetters = lines.getSideOutput(OrderLineParser.DEAD_LETTERS);

        // Network buffers wait up to 100 ms (Flink's default) to fill before they are sent: fine for the heavy
        // order stream at a short bound, pointless for alarms, which are rare and urgent.
        DataStream<OrderLine> orders = lines
                .filter(new CountsAsOrder(config.countCancellations())).name("orders that count")
                .uid("orders-that-count").setBufferTimeout(ORDERS_BUFFER_TIMEOUT_MS);

        SingleOutputStreamOperator<Alarm> orderFloods = orders
                .keyBy(new AllOrders())
                .process(detector.apply(config.orderRule())).name("order floods").uid("order-flood-detector")
                .setBufferTimeout(0);
        SingleOutputStreamOperator<Alarm> customerFloods = orders
                .filter(new HasCustomer()).name("orders with a customer").uid("orders-with-customer")
                .setBufferTimeout(ORDERS_BUFFER_TIMEOUT_MS)
                .keyBy(new ByCustomer())
                .process(detector.apply(config.customerRule())).name("customer floods")
                .uid("customer-flood-detector").setBufferTimeout(0);

        DataStream<Alarm> alarms = orderFloods.union(customerFloods);
        alarms.sinkTo(sink).name("website-alarms").uid("website-alarms-sink");
        DataStream<FloodEnd> floodEnds = orderFloods.getSideOutput(FloodDetector.FLOOD_ENDS)
                .union(customerFloods.getSideOutput(FloodDetector.FLOOD_ENDS));
        return new JobStreams(alarms, floodEnds, deadLetters);
    }

    /**
     * On Managed Flink: no arguments; configuration from the application's runtime properties.
     * Locally: {@code --local [--endpoint http://127.0.0.1:4567] [--properties file.json] [--Group.key value]...}.
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        boolean local = options.containsKey("local");
        Map<String, Properties> properties = local
                ? LocalProperties.load(options)
                : KinesisAnalyticsRuntime.getApplicationProperties();
        DetectorConfig config = DetectorConfig.fromProperties(properties);

        StreamExecutionEnvironment env;
        if (local) {
            // Managed Flink sets parallelism and checkpointing from the application's configuration.
            env = StreamExecutionEnvironment.createLocalEnvironment(
                    Integer.parseInt(options.getOrDefault("parallelism", String.valueOf(LOCAL_PARALLELISM))),
                    LocalCluster.loopbackOnly());
            env.enableCheckpointing(LOCAL_CHECKPOINT_INTERVAL_MS);
            LOG.info("Flood detector on a local MiniCluster: {} -> {} at {}; an alarm at {} orders in {} s, or {} of one"
                            + " customer", config.input().name(), config.output().name(),
                    config.input().clientProperties().getProperty("aws.endpoint"), config.orderThreshold(),
                    config.window().toSeconds(), config.customerThreshold());
        } else {
            env = StreamExecutionEnvironment.getExecutionEnvironment();
        }
        withKinesis(env, config);
        env.execute(JOB_NAME);
    }

    /** The job with its Kinesis source and sinks, as {@link #main} runs it. */
    static JobStreams withKinesis(StreamExecutionEnvironment env, DetectorConfig config) {
        JobStreams streams = build(env, KinesisConnectors.orders(config.input()),
                KinesisConnectors.alarms(config.output()), config);
        streams.floodEnds()
                .map(new FloodEndLog()).name("log flood ends").uid("flood-ends-log")
                .sinkTo(KinesisConnectors.resolved(config.output())).name("website-alarms resolved")
                .uid("website-alarms-resolved-sink");
        config.deadLetters().ifPresent(dlq -> streams.deadLetters()
                .sinkTo(KinesisConnectors.deadLetters(dlq)).name("dead letters").uid("dead-letter-sink"));
        return streams;
    }

    /** {@code --name value} pairs; a flag without a value maps to "true". */
    static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("Unexpected argument '" + args[i] + "'; options look like --name value");
            }
            String name = args[i].substring(2);
            boolean hasValue = i + 1 < args.length && !args[i + 1].startsWith("--");
            options.put(name, hasValue ? args[++i] : "true");
        }
        return options;
    }
}
