package dev.sitewatch.alarm;

import java.util.Optional;

import jakarta.validation.constraints.DecimalMin;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The alarm-notifier's settings ({@code sitewatch.alarms.*}). */
@ConfigMapping(prefix = "sitewatch.alarms")
public interface AlarmsConfig {

    /**
     * SNS topic that people subscribe to (SMS, e-mail). Required where the alarm-notifier runs
     * ({@code SITEWATCH_ALARMS_TOPIC_ARN} on AWS); the order-archiver function does without.
     */
    Optional<String> topicArn();

    /** An alarm whose count reaches threshold × this factor is {@code critical}; below, {@code warning}. */
    @WithDefault("2.0")
    @DecimalMin("1.0")
    double criticalFactor();
}
