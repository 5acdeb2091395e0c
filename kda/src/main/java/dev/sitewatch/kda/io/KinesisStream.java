package dev.sitewatch.kda.io;

import java.util.Properties;

/**
 * A Kinesis stream the job reads or writes, and the connector properties for its client ({@code aws.region},
 * {@code aws.endpoint}, {@code aws.credentials.provider}, {@code flink.stream.initpos}, ...), passed through as the
 * connector documents them.
 */
public record KinesisStream(String streamArn, Properties clientProperties) {

    public KinesisStream {
        Properties copy = new Properties();
        copy.putAll(clientProperties);
        clientProperties = copy;
    }

    /** The stream's name, the last part of its ARN. */
    public String name() {
        return streamArn.substring(streamArn.lastIndexOf('/') + 1);
    }

    @Override
    public Properties clientProperties() {
        Properties copy = new Properties();
        copy.putAll(clientProperties);
        return copy;
    }
}
