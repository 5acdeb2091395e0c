package dev.sitewatch.kda.io;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.fetcher.SingleThreadFetcherManager;
import org.apache.flink.connector.base.source.reader.synchronization.FutureCompletingBlockingQueue;
import org.apache.flink.connector.kinesis.source.KinesisStreamsSource;
import org.apache.flink.connector.kinesis.source.enumerator.KinesisStreamsSourceEnumeratorState;
import org.apache.flink.connector.kinesis.source.proxy.KinesisStreamProxy;
import org.apache.flink.connector.kinesis.source.proxy.StreamProxy;
import org.apache.flink.connector.kinesis.source.reader.KinesisStreamsRecordEmitter;
import org.apache.flink.connector.kinesis.source.reader.KinesisStreamsSourceReader;
import org.apache.flink.connector.kinesis.source.reader.PollingKinesisShardSplitReader;
import org.apache.flink.connector.kinesis.source.serialization.KinesisDeserializationSchema;
import org.apache.flink.connector.kinesis.source.split.KinesisShardSplit;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.kinesis.shaded.org.apache.flink.connector.aws.util.AWSClientUtil;
import org.apache.flink.kinesis.shaded.org.apache.flink.connector.aws.util.AWSGeneralUtil;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.http.SdkHttpClient;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.http.apache.ApacheHttpClient;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.services.kinesis.KinesisClient;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.services.kinesis.model.Record;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.utils.AttributeMap;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.util.UserCodeClassLoader;

import java.time.Duration;
import java.util.Properties;

/**
 * Connector 4.3.0's {@link KinesisStreamsSource} with its GetRecords calls paced ({@link PacedStreamProxy}): the
 * enumerator, splits and checkpoints are the connector's own; only the reader is built here, as the connector builds
 * it, around a paced stream proxy. Connector 4.3.0 offers no setting for this (later ones have
 * {@code source.reader.empty-records-fetch-interval}); drop this class when upgrading to one.
 */
public final class PacedKinesisSource<T> implements Source<T, KinesisShardSplit, KinesisStreamsSourceEnumeratorState> {

    private final KinesisStreamsSource<T> connector;
    private final Configuration config;
    private final KinesisDeserializationSchema<T> deserializer;
    private final Duration interval;

    public PacedKinesisSource(String streamArn, Configuration config, KinesisDeserializationSchema<T> deserializer,
                              Duration interval) {
        this.connector = KinesisStreamsSource.<T>builder().setStreamArn(streamArn).setSourceConfig(config)
                .setDeserializationSchema(deserializer).build();
        this.config = config;
        this.deserializer = deserializer;
        this.interval = interval;
    }

    public Duration interval() {
        return interval;
    }

    @Override
    public Boundedness getBoundedness() {
        return connector.getBoundedness();
    }

    @Override
    public SourceReader<T, KinesisShardSplit> createReader(SourceReaderContext context) throws Exception {
        deserializer.open(new DeserializationSchema.InitializationContext() {
            @Override
            public MetricGroup getMetricGroup() {
                return context.metricGroup().addGroup("deserializer");
            }

            @Override
            public UserCodeClassLoader getUserCodeClassLoader() {
                return context.getUserCodeClassLoader();
            }
        });
        FutureCompletingBlockingQueue<RecordsWithSplitIds<Record>> queue = new FutureCompletingBlockingQueue<>();
        StreamProxy proxy = new PacedStreamProxy(streamProxy(config), interval);
        return new KinesisStreamsSourceReader<>(queue,
                new SingleThreadFetcherManager<>(queue, () -> new PollingKinesisShardSplitReader(proxy)),
                new KinesisStreamsRecordEmitter<>(deserializer), config, context);
    }

    /** The client the connector would build from the same configuration. */
    private static StreamProxy streamProxy(Configuration config) {
        SdkHttpClient http = AWSGeneralUtil.createSyncHttpClient(AttributeMap.builder().build(), ApacheHttpClient.builder());
        Properties properties = new Properties();
        config.addAllToProperties(properties);
        AWSGeneralUtil.validateAwsCredentials(properties);
        KinesisClient client = AWSClientUtil.createAwsSyncClient(properties, http, KinesisClient.builder(),
                "Apache Flink %s (%s) Kinesis Connector", "aws.kinesis.client.user-agent-prefix");
        return new KinesisStreamProxy(client, http);
    }

    @Override
    public SplitEnumerator<KinesisShardSplit, KinesisStreamsSourceEnumeratorState> createEnumerator(
            SplitEnumeratorContext<KinesisShardSplit> context) throws Exception {
        return connector.createEnumerator(context);
    }

    @Override
    public SplitEnumerator<KinesisShardSplit, KinesisStreamsSourceEnumeratorState> restoreEnumerator(
            SplitEnumeratorContext<KinesisShardSplit> context, KinesisStreamsSourceEnumeratorState state) throws Exception {
        return connector.restoreEnumerator(context, state);
    }

    @Override
    public SimpleVersionedSerializer<KinesisShardSplit> getSplitSerializer() {
        return connector.getSplitSerializer();
    }

    @Override
    public SimpleVersionedSerializer<KinesisStreamsSourceEnumeratorState> getEnumeratorCheckpointSerializer() {
        return connector.getEnumeratorCheckpointSerializer();
    }
}
