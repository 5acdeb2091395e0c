package dev.sitewatch.alarm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sitewatch.kinesis.StreamRecord;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * Puts each {@link Notification} on the alarm stream, under the partition key of the alarm's own record, so that
 * the historian reads it after the alarm. One {@code PutRecords} per batch.
 */
@ApplicationScoped
class NotificationEvents {

    @Inject
    KinesisClient kinesis;

    @Inject
    ObjectMapper mapper;

    @Inject
    AlarmsConfig config;

    /** One notification to put, and the record of the alarm it belongs to. */
    record Pending(StreamRecord alarmRecord, Notification notification) {
    }

    /** @return the records whose notification could not be put: retry them (the ledger makes that harmless) */
    List<StreamRecord> put(List<Pending> pending) {
        if (pending.isEmpty()) {
            return List.of();
        }
        List<PutRecordsRequestEntry> entries = pending.stream().map(p -> PutRecordsRequestEntry.builder()
                .partitionKey(p.alarmRecord().partitionKey() == null ? p.notification().alarmId() : p.alarmRecord().partitionKey())
                .data(SdkBytes.fromUtf8String(json(p.notification())))
                .build()).toList();
        PutRecordsResponse response = kinesis.putRecords(r -> r.streamName(config.stream()).records(entries));
        List<StreamRecord> failed = new ArrayList<>();
        List<PutRecordsResultEntry> results = response.records();
        for (int i = 0; i < results.size(); i++) {
            if (results.get(i).errorCode() != null) {
                failed.add(pending.get(i).alarmRecord());
            }
        }
        return failed;
    }

    String json(Notification notification) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put(Notification.FIELD, notification.outcome().name());
        json.put("alarmId", notification.alarmId());
        json.put("at", notification.at().toString());
        if (notification.snsMessageId() != null) {
            json.put("snsMessageId", notification.snsMessageId());
        }
        if (notification.reason() != null) {
            json.put("reason", notification.reason());
        }
        if (notification.silenceId() != null) {
            json.put("silenceId", notification.silenceId());
        }
        if (notification.floodId() != null) {
            json.put("floodId", notification.floodId());
        }
        try {
            return mapper.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A map of strings always serializes", e);
        }
    }
}
