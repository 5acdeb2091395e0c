package dev.sitewatch.api;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * The alarm history, read-only. Parameters are taken as text and read by {@link Params}, so a bad one is a 400
 * problem naming it; times are ISO-8601, ranges half-open {@code [from, to)}.
 */
@Path("/alarms")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Alarms", description = "Order-flood alarms: history and aggregates for incident review and capacity planning")
@APIResponse(responseCode = "400", description = "A parameter is not valid; the problem names it",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                examples = @ExampleObject(name = "unknown bucket", value = """
                        {"type":"https://sitewatch.dev/problems/bad-parameter","title":"Bad request parameter",\
                        "status":400,"detail":"bucket must be one of minute, hour, day, month; got 'week'",\
                        "instance":"/alarms/aggregates","parameter":"bucket"}""")))
@APIResponse(responseCode = "401", description = "No valid bearer token (where authentication is on)")
public class AlarmsResource {

    private static final String TIME_FORMAT = "ISO-8601 time with offset (2026-11-25T14:00:00Z) or a date (2026-11-25)";

    @Inject
    AlarmHistory history;

    @Inject
    AlarmAggregates aggregates;

    @Inject
    AlarmSummaries summaries;

    @Inject
    ApiConfig config;

    Clock clock = Clock.systemUTC();

    @GET
    @Operation(summary = "List alarms, newest first",
            description = "Keyset paging: pass the page's `next` as `cursor` to get the following page; pages stay "
                    + "stable while new alarms arrive.")
    @APIResponse(responseCode = "200", description = "A page of alarms",
            content = @Content(schema = @Schema(implementation = AlarmPage.class)))
    public AlarmPage list(
            @Parameter(description = "Only alarms at or after this time; " + TIME_FORMAT, example = "2026-11-01T00:00:00Z")
            @QueryParam("from") String from,
            @Parameter(description = "Only alarms before this time; " + TIME_FORMAT, example = "2026-12-01")
            @QueryParam("to") String to,
            @Parameter(description = "Only alarms of this type", example = "ORDER_FLOOD") @QueryParam("type") String type,
            @Parameter(description = "Items per page (default 50, at most sitewatch.api.max-page-size, 500)", example = "50")
            @QueryParam("limit") String limit,
            @Parameter(description = "The `next` value of the previous page") @QueryParam("cursor") String cursor) {
        var start = Params.instant("from", from, ZoneOffset.UTC);
        var end = Params.instant("to", to, ZoneOffset.UTC);
        if (start != null && end != null && !start.isBefore(end)) {
            throw new BadParameterException("from", "from must be before to; got from=" + start + ", to=" + end);
        }
        String alarmType = Params.type(type);
        int size = Params.limit(limit, config.defaultPageSize(), config.maxPageSize());
        Cursor after = Cursor.decode(cursor);
        return read(() -> history.page(start, end, alarmType, after, size));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One alarm")
    @APIResponse(responseCode = "200", description = "The alarm", content = @Content(schema = @Schema(implementation = AlarmView.class)))
    @APIResponse(responseCode = "404", description = "No alarm with this id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public AlarmView get(@Parameter(description = "The alarm's `id`", example = "42") @PathParam("id") String id) {
        long alarmId = Params.id(id);
        return read(() -> history.byId(alarmId))
                .orElseThrow(() -> new NoSuchResourceException("Alarm " + alarmId + " does not exist"));
    }

    @GET
    @Path("/aggregates")
    @Operation(summary = "Alarms per minute, hour, day or month",
            description = "Per bucket: number of alarms, sum and maximum of their order counts. Buckets without "
                    + "alarms are omitted. `tz` decides where days and months begin. `from` defaults to `to` minus "
                    + "30 days, `to` to now; ranges are limited (400 days, 7 days for minutes).")
    @APIResponse(responseCode = "200", description = "The buckets, oldest first",
            content = @Content(schema = @Schema(implementation = Aggregates.class), examples = @ExampleObject(
                    name = "per day", value = """
                            {"bucket":"day","tz":"Europe/London","from":"2026-11-01T00:00:00Z","to":"2026-12-01T00:00:00Z",\
                            "type":null,"buckets":[{"start":"2026-11-25T00:00:00Z","localStart":"2026-11-25T00:00:00",\
                            "alarms":3,"orders":120,"maxOrders":55}]}""")))
    public Aggregates aggregates(
            @Parameter(description = "minute, hour, day or month", required = true, example = "day")
            @QueryParam("bucket") String bucket,
            @Parameter(description = "Range start; " + TIME_FORMAT + " (a date is its start in `tz`)", example = "2026-11-01")
            @QueryParam("from") String from,
            @Parameter(description = "Range end (exclusive); " + TIME_FORMAT, example = "2026-12-01")
            @QueryParam("to") String to,
            @Parameter(description = "Only alarms of this type", example = "ORDER_FLOOD") @QueryParam("type") String type,
            @Parameter(description = "IANA time zone where buckets begin (default UTC)", example = "Europe/London")
            @QueryParam("tz") String tz) {
        Bucket size = Params.bucket(bucket);
        ZoneId zone = Params.zone(tz);
        Duration maxRange = size == Bucket.MINUTE ? config.maxMinuteRange() : config.maxRange();
        Params.TimeRange range = Params.range(Params.instant("from", from, zone), Params.instant("to", to, zone),
                clock.instant(), size == Bucket.MINUTE ? Duration.ofDays(1) : config.defaultRange(), maxRange);
        String alarmType = Params.type(type);
        return read(() -> aggregates.aggregate(size, range, alarmType, zone));
    }

    @GET
    @Path("/summary")
    @Operation(summary = "Totals, busiest hour, longest flood and last alarm of a range",
            description = "`from` defaults to `to` minus 30 days, `to` to now; at most 400 days.")
    @APIResponse(responseCode = "200", description = "The summary", content = @Content(schema = @Schema(implementation = Summary.class)))
    public Summary summary(
            @Parameter(description = "Range start; " + TIME_FORMAT, example = "2026-11-01") @QueryParam("from") String from,
            @Parameter(description = "Range end (exclusive); " + TIME_FORMAT, example = "2026-12-01") @QueryParam("to") String to) {
        Params.TimeRange range = Params.range(Params.instant("from", from, ZoneOffset.UTC),
                Params.instant("to", to, ZoneOffset.UTC), clock.instant(), config.defaultRange(), config.maxRange());
        return read(() -> summaries.summarize(range));
    }

    private static <T> T read(java.util.concurrent.Callable<T> query) {
        return QuarkusTransaction.joiningExisting().call(query);
    }
}
