package dev.sitewatch.local;

import java.time.Duration;
import java.util.Optional;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Settings of the local run ({@code sitewatch.local.*}); none of this exists on AWS. Every key a user may pass
 * ({@code -Dsitewatch.local.…}) is declared here, so that a misspelt one fails at start. The components' settings
 * (ports, {@code fresh}, {@code pipeline}) are read by {@link LocalComponentsConfigSourceFactory} before the app
 * starts, through this same mapping.
 */
@ConfigMapping(prefix = "sitewatch.local")
public interface LocalConfig {

    /** Set by the local components once Kinesis runs. */
    Optional<String> kinesisEndpoint();

    /** DynamoDB (dynalite); 0 = any free port. */
    @WithDefault("8000")
    @Min(0)
    @Max(65_535)
    int dynamodbPort();

    /** Kinesis (kinesis-local); 0 = any free port. */
    @WithDefault("4567")
    @Min(0)
    @Max(65_535)
    int kinesisPort();

    /** MariaDB, the local stand-in for Aurora; 0 = any free port. */
    @WithDefault("3307")
    @Min(0)
    @Max(65_535)
    int mariadbPort();

    /** SNS (WireMock); 0 = any free port. */
    @WithDefault("8089")
    @Min(0)
    @Max(65_535)
    int snsPort();

    /**
     * Start from an empty alarm history: the local MariaDB's data directory ({@code .local/mariadb} in the
     * repository), which otherwise outlives the run, is deleted first.
     */
    @WithDefault("false")
    boolean fresh();

    /** The parts around the app: the flood detector and the log generator. */
    Pipeline pipeline();

    /** The stand-in shop's website and the schedule that probes it (site checks). */
    Shop shop();

    /** Stream the order-archiver is fed from. */
    @WithDefault("website-orders")
    String ordersStream();

    /** Stream the alarm-notifier and the alarm-historian are fed from. */
    @WithDefault("website-alarms")
    String alarmsStream();

    /** How the handlers are fed from the local streams, mirroring a Lambda event-source mapping. */
    Feed feed();

    interface Feed {

        /** Poll the local streams and invoke the handlers (on in dev mode and the local run). */
        @WithDefault("false")
        boolean enabled();

        /** Most records per invocation (the mapping's BatchSize). */
        @WithDefault("100")
        @Min(1)
        @Max(10_000)
        int batchSize();

        /** How long to gather order lines before invoking with fewer than a full batch (MaximumBatchingWindowInSeconds). */
        @WithDefault("500ms")
        Duration batchingWindow();

        /** The same for alarms: none, as on AWS, so that an alarm is not held back. */
        @WithDefault("0ms")
        Duration alarmsBatchingWindow();

        /** The historian retries a batch until the database is back, or until its records are this old. */
        @WithDefault("1h")
        Duration historyMaxRecordAge();

        /** Retries of a failing batch before it goes to the on-failure destination (MaximumRetryAttempts); not the historian's. */
        @WithDefault("3")
        @Min(0)
        int maxRetryAttempts();

        /** Pause between polls of an idle shard. */
        @WithDefault("200ms")
        Duration pollInterval();
    }

    interface Shop {

        /** Start the stand-in shop (WireMock with scripted outages) and probe it on a schedule. */
        @WithDefault("true")
        boolean enabled();

        /** Its http port; 0 = any free port. */
        @WithDefault("8090")
        @Min(0)
        @Max(65_535)
        int httpPort();

        /** Its https port (a certificate made at start, ending in 5 days); 0 = any free port. */
        @WithDefault("8443")
        @Min(0)
        @Max(65_535)
        int httpsPort();

        /** How often the site-prober runs a round (EventBridge's schedule on AWS: every minute). */
        @WithDefault("10s")
        Duration probeInterval();

        /** Set by the local components once the shop runs. */
        Optional<String> url();

        /** Set by the local components once the shop runs. */
        Optional<String> httpsUrl();
    }

    interface Pipeline {

        /** Start the flood detector and the log generator with the local components (off: the app alone). */
        @WithDefault("true")
        boolean enabled();

        /** The log generator's arguments (ec2-setup/LogGenerator.java), e.g. {@code --rate 1 --flood-start 10}. */
        @WithDefault(LocalComponents.DEFAULT_GENERATOR_ARGS)
        String generatorArgs();

        /** Extra arguments of the flood detector (kda/), e.g. {@code --Detector.order.threshold 50}; none by default. */
        Optional<String> detectorArgs();
    }
}
