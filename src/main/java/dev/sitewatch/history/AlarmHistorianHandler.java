package dev.sitewatch.history;

import jakarta.inject.Inject;
import jakarta.inject.Named;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;

import dev.sitewatch.kinesis.StreamRecords;

/** Lambda entry point, the second consumer of {@code website-alarms}: the alarm history in Aurora. */
@Named("alarm-historian")
public class AlarmHistorianHandler implements RequestHandler<KinesisEvent, StreamsEventResponse> {

    @Inject
    AlarmHistorian historian;

    @Override
    public StreamsEventResponse handleRequest(KinesisEvent event, Context context) {
        return historian.record(StreamRecords.of(event)).toResponse();
    }
}
