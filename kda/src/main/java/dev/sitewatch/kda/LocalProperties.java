package dev.sitewatch.kda;

import com.amazonaws.services.kinesisanalytics.runtime.KinesisAnalyticsRuntime;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Runtime properties for a local run, in the same groups Managed Flink gives the job: defaults that point at the
 * Kinesis emulator, then a properties file in Managed Flink's JSON shape ({@code --properties file.json}), then
 * single overrides ({@code --Detector.order.threshold 10}).
 */
final class LocalProperties {

    /** kinesis-local's account. */
    static final String EMULATOR_ACCOUNT = "000000000000";
    static final String DEFAULT_ENDPOINT = "http://127.0.0.1:4567";

    private LocalProperties() {
    }

    static Map<String, Properties> load(Map<String, String> args) throws IOException {
        String endpoint = args.getOrDefault("endpoint", DEFAULT_ENDPOINT);
        Map<String, Properties> groups = new HashMap<>();
        groups.put(DetectorConfig.INPUT, emulatorStream("website-orders", endpoint));
        groups.get(DetectorConfig.INPUT).setProperty("flink.stream.initpos", "LATEST");
        groups.put(DetectorConfig.OUTPUT, emulatorStream("website-alarms", endpoint));
        if (args.containsKey("properties")) {
            KinesisAnalyticsRuntime.getApplicationProperties(args.get("properties")).forEach((group, properties) ->
                    groups.computeIfAbsent(group, g -> new Properties()).putAll(properties));
        }
        args.forEach((name, value) -> {
            int dot = name.indexOf('.');
            if (dot > 0 && !List.of("endpoint", "properties", "local", "parallelism").contains(name)) {
                groups.computeIfAbsent(name.substring(0, dot), g -> new Properties())
                        .setProperty(name.substring(dot + 1), value);
            }
        });
        return groups;
    }

    /** An emulated stream: plain HTTP, any static credentials, HTTP/1.1 (the async sink defaults to HTTP/2). */
    static Properties emulatorStream(String name, String endpoint) {
        Properties stream = new Properties();
        stream.setProperty(DetectorConfig.STREAM_ARN, "arn:aws:kinesis:us-east-1:" + EMULATOR_ACCOUNT + ":stream/" + name);
        stream.setProperty(DetectorConfig.REGION, "us-east-1");
        stream.setProperty("aws.endpoint", endpoint);
        stream.setProperty("aws.credentials.provider", "BASIC");
        stream.setProperty("aws.credentials.provider.basic.accesskeyid", "local");
        stream.setProperty("aws.credentials.provider.basic.secretkey", "local");
        stream.setProperty("aws.http.protocol.version", "HTTP1_1");
        return stream;
    }
}
