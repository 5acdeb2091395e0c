package dev.sitewatch.dashboard;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * What the dashboard page ({@code /}, {@code META-INF/resources/index.html}) needs beyond the history API: the order
 * rate and the live stream. The page reads floods, alarms, aggregates and silences from their own endpoints.
 */
@Path("/dashboard")
@Tag(name = "Dashboard", description = "The live page's own data: orders per minute and the live alarm stream")
public class DashboardResource {

    @Inject
    OrderRate orderRate;

    @Inject
    LiveAlarms live;

    @GET
    @Path("/order-rate")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Orders per minute over the last 6 hours (every minute, zero included), and the detector's "
            + "threshold as a rate per minute")
    public OrderRate.Series orderRate() {
        return orderRate.lastHours();
    }

    @GET
    @Path("/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Server-sent events: 'alarm' for each alarm the history receives, 'floods' when the open "
            + "floods change")
    public void events(@Context SseEventSink sink, @Context Sse sse) {
        live.watch(sink, sse);
    }
}
