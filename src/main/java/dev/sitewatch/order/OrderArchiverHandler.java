package dev.sitewatch.order;

import jakarta.inject.Inject;
import jakarta.inject.Named;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;

import dev.sitewatch.kinesis.StreamRecords;

/** Lambda entry point for stream {@code website-orders}: every raw order line into DynamoDB. */
@Named("order-archiver")
public class OrderArchiverHandler implements RequestHandler<KinesisEvent, StreamsEventResponse> {

    @Inject
    OrderArchive archive;

    @Override
    public StreamsEventResponse handleRequest(KinesisEvent event, Context context) {
        return archive.archive(StreamRecords.of(event)).toResponse();
    }
}
