package dev.sitewatch.alarm;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import jakarta.validation.constraints.DecimalMin;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The alarm-notifier's settings ({@code sitewatch.alarms.*}). */
@ConfigMapping(prefix = "sitewatch.alarms")
public interface AlarmsConfig {

    /**
     * SNS topic that people subscribe to (SMS, e-mail). Required where the alarm-notifier runs
     * ({@code SITEWATCH_ALARMS_TOPIC_ARN} on AWS); the other functions do without.
     */
    Optional<String> topicArn();

    /** An alarm whose count reaches threshold × this factor is {@code critical}; below, {@code warning}. */
    @WithDefault("2.0")
    @DecimalMin("1.0")
    double criticalFactor();

    /** DynamoDB table of the notification ledger: one item per alarm id (partition key {@code AlarmId}). */
    @WithDefault("SitewatchAlarmLedger")
    String ledgerTable();

    /**
     * How long a claim on an alarm holds before another delivery may take it over: longer than a Publish can take
     * with the SNS client's retries ({@code quarkus.sns.sdk.api-call-timeout}), shorter than the function's timeout.
     */
    @WithDefault("20s")
    Duration claimLease();

    /** Ledger items expire (DynamoDB TTL on {@code ExpiresAt}) this long after the claim: well past the stream's retention. */
    @WithDefault("7d")
    Duration ledgerRetention();

    /** The stream the alarms come from; the notifier puts each {@link Notification} back on it for the historian. */
    @WithDefault("website-alarms")
    String stream();

    /**
     * Types whose "flood over" notices are not sent (Alertmanager's {@code send_resolved: false}), e.g.
     * {@code CUSTOMER_FLOOD}; the history still records when each flood ended. Default: every type's are sent.
     */
    Optional<Set<String>> resolvedNoticesOff();

    /** Local emulators only: the Kinesis endpoint to put notifications to, with the emulator's dummy credentials. */
    Optional<String> streamEndpoint();
}
