package dev.sitewatch.alarm;

import jakarta.inject.Inject;
import jakarta.inject.Named;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;

import dev.sitewatch.kinesis.StreamRecords;

/** Lambda entry point for stream {@code website-alarms}: each alarm to SNS, once, without the history database. */
@Named("alarm-notifier")
public class AlarmNotifierHandler implements RequestHandler<KinesisEvent, StreamsEventResponse> {

    @Inject
    AlarmNotifier notifier;

    @Override
    public StreamsEventResponse handleRequest(KinesisEvent event, Context context) {
        return notifier.notify(StreamRecords.of(event)).toResponse();
    }
}
