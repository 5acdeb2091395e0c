package dev.sitewatch.alarm;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.SnsException;

/**
 * One SNS message per alarm or flood end: a short text for SMS, a longer one for e-mail (SNS picks by protocol from
 * a JSON message), a subject, and message attributes {@code type}, {@code severity} ({@code warning},
 * {@code critical}, or {@code resolved}) and {@code alarmId} for subscription filter policies.
 */
@ApplicationScoped
class SnsAlarmPublisher {

    /** Errors about the message itself: sending it again would fail again. */
    private static final Set<String> PERMANENT_ERRORS = Set.of("InvalidParameter", "InvalidParameterValue",
            "ParameterValueInvalid", "ValidationError");

    @Inject
    SnsClient sns;

    @Inject
    ObjectMapper mapper;

    @Inject
    AlarmsConfig config;

    Delivery publish(AlarmMessage.Message message) {
        String topicArn = config.topicArn().orElseThrow(() -> new IllegalStateException(
                "sitewatch.alarms.topic-arn is not set: the alarm-notifier cannot notify anyone"));
        try {
            String messageId = sns.publish(p -> p.topicArn(topicArn)
                    .subject(message.subject())
                    .messageStructure("json")
                    .message(perProtocol(message))
                    .messageAttributes(attributes(message))).messageId();
            return new Delivery.Sent(messageId);
        } catch (SnsException e) {
            String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            boolean retryable = e.isThrottlingException() || e.statusCode() >= 500 || !PERMANENT_ERRORS.contains(code);
            return new Delivery.Failed("SNS " + e.statusCode() + " " + code + ": " + e.getMessage(), retryable);
        } catch (SdkException e) {
            return new Delivery.Failed("SNS unreachable: " + e.getMessage(), true);
        }
    }

    String severity(Alarm alarm) {
        if (alarm.site() != null) { // a site that is down is critical; slow or a certificate to renew can wait a bit
            return SiteCheck.SITE_DOWN.equals(alarm.type()) ? "critical" : "warning";
        }
        return alarm.orderCount() >= alarm.threshold() * config.criticalFactor() ? "critical" : "warning";
    }

    private String perProtocol(AlarmMessage.Message message) {
        Map<String, String> perProtocol = new LinkedHashMap<>();
        perProtocol.put("default", message.sms());
        perProtocol.put("sms", message.sms());
        perProtocol.put("email", message.email());
        try {
            return mapper.writeValueAsString(perProtocol);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A map of strings always serializes", e);
        }
    }

    private static Map<String, MessageAttributeValue> attributes(AlarmMessage.Message message) {
        Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
        attributes.put("type", text(message.type()));
        attributes.put("severity", text(message.severity()));
        attributes.put("alarmId", text(message.alarmId()));
        return attributes;
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}
