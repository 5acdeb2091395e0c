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
 * One SNS message per alarm: a short text for SMS, a longer one for e-mail (SNS picks by protocol from a JSON
 * message), a subject, and message attributes {@code type}, {@code severity} and {@code alarmId} for subscription
 * filter policies.
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

    Delivery publish(Alarm alarm) {
        String topicArn = config.topicArn().orElseThrow(() -> new IllegalStateException(
                "sitewatch.alarms.topic-arn is not set: the alarm-notifier cannot notify anyone"));
        String severity = severity(alarm);
        try {
            String messageId = sns.publish(p -> p.topicArn(topicArn)
                    .subject(AlarmMessage.subject(alarm, severity))
                    .messageStructure("json")
                    .message(perProtocol(alarm, severity))
                    .messageAttributes(attributes(alarm, severity))).messageId();
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
        return alarm.orderCount() >= alarm.threshold() * config.criticalFactor() ? "critical" : "warning";
    }

    private String perProtocol(Alarm alarm, String severity) {
        Map<String, String> message = new LinkedHashMap<>();
        message.put("default", AlarmMessage.sms(alarm));
        message.put("sms", AlarmMessage.sms(alarm));
        message.put("email", AlarmMessage.email(alarm, severity));
        try {
            return mapper.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A map of strings always serializes", e);
        }
    }

    private static Map<String, MessageAttributeValue> attributes(Alarm alarm, String severity) {
        Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
        attributes.put("type", text(alarm.type()));
        attributes.put("severity", text(severity));
        attributes.put("alarmId", text(alarm.alarmId()));
        return attributes;
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}
