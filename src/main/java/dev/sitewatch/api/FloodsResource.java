package dev.sitewatch.api;

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
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Floods as episodes, read-only: each from its first alarm to the detector's "flood over", with its peak and its
 * alarms. Parameters are read by {@link Params}, so a bad one is a 400 problem naming it.
 */
@Path("/floods")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Floods", description = "Floods as incidents: start, end (open while they last), peak and their alarms")
@APIResponse(responseCode = "400", description = "A parameter is not valid; the problem names it",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "401", description = "No valid bearer token (where authentication is on)")
public class FloodsResource {

    private static final String TIME_FORMAT = "ISO-8601 time with offset (2026-11-25T14:00:00Z) or a date (2026-11-25)";

    @Inject
    FloodHistory floods;

    @Inject
    ApiConfig config;

    @GET
    @Operation(summary = "List floods, newest first",
            description = "Floods that started in [from, to). Keyset paging: pass the page's `next` as `cursor`.")
    @APIResponse(responseCode = "200", description = "A page of floods",
            content = @Content(schema = @Schema(implementation = FloodPage.class)))
    public FloodPage list(
            @Parameter(description = "Only floods that started at or after this time; " + TIME_FORMAT, example = "2026-11-01")
            @QueryParam("from") String from,
            @Parameter(description = "Only floods that started before this time; " + TIME_FORMAT, example = "2026-12-01")
            @QueryParam("to") String to,
            @Parameter(description = "Only floods of this type", example = "CUSTOMER_FLOOD") @QueryParam("type") String type,
            @Parameter(description = "Only floods of this key (the customer of a CUSTOMER_FLOOD)", example = "14911")
            @QueryParam("key") String key,
            @Parameter(description = "Items per page (default 50, at most sitewatch.api.max-page-size, 500)", example = "50")
            @QueryParam("limit") String limit,
            @Parameter(description = "The `next` value of the previous page") @QueryParam("cursor") String cursor) {
        var start = Params.instant("from", from, ZoneOffset.UTC);
        var end = Params.instant("to", to, ZoneOffset.UTC);
        if (start != null && end != null && !start.isBefore(end)) {
            throw new BadParameterException("from", "from must be before to; got from=" + start + ", to=" + end);
        }
        String floodType = Params.type(type);
        String floodKey = Params.key(key);
        int size = Params.limit(limit, config.defaultPageSize(), config.maxPageSize());
        Cursor after = Cursor.decode(cursor);
        return QuarkusTransaction.joiningExisting().call(() -> floods.page(start, end, floodType, floodKey, after, size));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One flood with its alarms")
    @APIResponse(responseCode = "200", description = "The flood", content = @Content(schema = @Schema(implementation = FloodView.class)))
    @APIResponse(responseCode = "404", description = "No flood with this id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public FloodView get(@Parameter(description = "The flood's `id`", example = "7") @PathParam("id") String id) {
        long floodId = Params.id(id);
        return QuarkusTransaction.joiningExisting().call(() -> floods.byId(floodId))
                .orElseThrow(() -> new NoSuchResourceException("Flood " + floodId + " does not exist"));
    }
}
