package dev.sitewatch.check;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

import dev.sitewatch.api.BadParameterException;
import dev.sitewatch.api.NoSuchResourceException;
import dev.sitewatch.api.Problem;

/**
 * Site checks: what the site-prober probes, its results and uptime. Creating, replacing and deleting need the role
 * {@code sitewatch-admin} in prod, reading any valid token (application.properties), as for silences.
 */
@Path("/checks")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Checks", description = "Website availability and response-time checks")
@APIResponse(responseCode = "400", description = "The request is not valid; the problem names the field at fault",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                examples = @ExampleObject(name = "bad URL", value = """
                        {"type":"https://sitewatch.dev/problems/bad-parameter","title":"Bad request parameter",\
                        "status":400,"detail":"url must start with http:// or https://; got 'ftp://shop.example.com'",\
                        "instance":"/checks","parameter":"url"}""")))
@APIResponse(responseCode = "401", description = "No valid bearer token (where authentication is on)")
public class ChecksResource {

    private static final Logger LOG = Logger.getLogger(ChecksResource.class);
    private static final Pattern ID = Pattern.compile("[0-9a-f]{16}");
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,15}");
    private static final SecureRandom RANDOM = new SecureRandom();
    static final Duration DEFAULT_RESULTS_RANGE = Duration.ofDays(90);
    static final Duration MAX_DAY_RANGE = Duration.ofDays(92);
    static final Duration MAX_HOUR_RANGE = Duration.ofDays(7);

    @Inject
    CheckStore store;

    @Inject
    ResultStore results;

    @Inject
    ChecksConfig config;

    Clock clock = Clock.systemUTC();

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a check", description = "Only `name` and `url` are required. Defaults: method GET, "
            + "expectedStatus 200-299, timeoutMs 10000, slowMs 2000, intervalSeconds 60 (the schedule's period), "
            + "certExpiryDays 14 for https, failuresBeforeDown 2, slowRounds 10, enabled true.")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = CheckView.class), examples = {
            @ExampleObject(name = "a page that must say something", value = """
                    {"name":"Checkout","url":"https://shop.example.com/checkout","expectedBody":"Add to basket",\
                    "slowMs":1500}"""),
            @ExampleObject(name = "an API health endpoint", value = """
                    {"name":"Orders API","url":"https://api.example.com/health","method":"GET",\
                    "headers":{"Accept":"application/json"},"expectedStatus":200,"timeoutMs":5000,\
                    "failuresBeforeDown":3}""")}))
    @APIResponse(responseCode = "201", description = "Created; Location names it",
            content = @Content(schema = @Schema(implementation = CheckView.class)))
    @APIResponse(responseCode = "403", description = "The token lacks the role sitewatch-admin")
    public Response create(String body, @Context UriInfo uri) {
        Instant now = now();
        Check check = reader().read(body).with(newId(), now, now);
        store.create(check);
        LOG.infof("Check %s created: %s %s", check.id(), check.name(), check.url());
        return Response.created(uri.getAbsolutePathBuilder().path(check.id()).build())
                .entity(CheckView.of(new StoredCheck(check, CheckState.NEW, null))).build();
    }

    @GET
    @Operation(summary = "List checks, by name")
    @APIResponse(responseCode = "200", description = "The checks with their current status",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = CheckView.class)))
    public List<CheckView> list() {
        return store.all().stream().map(CheckView::of)
                .sorted(Comparator.comparing(CheckView::name, String.CASE_INSENSITIVE_ORDER).thenComparing(CheckView::id))
                .toList();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One check with its current status")
    @APIResponse(responseCode = "404", description = "No check with this id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public CheckView get(@Parameter(description = "The check's id (16 hex digits)") @PathParam("id") String id) {
        return CheckView.of(existing(id));
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace a check's definition",
            description = "The whole definition, as for POST; left-out fields take their defaults. What the prober "
                    + "knows (failures so far, open episodes, recent times) stays.")
    @APIResponse(responseCode = "403", description = "The token lacks the role sitewatch-admin")
    @APIResponse(responseCode = "404", description = "No check with this id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public CheckView replace(@PathParam("id") String id, String body) {
        StoredCheck before = existing(id);
        Check check = reader().read(body).with(id, before.check().createdAt(), now());
        StoredCheck after = store.replace(check).orElseThrow(() -> notFound(id));
        LOG.infof("Check %s replaced: %s %s", id, check.name(), check.url());
        return CheckView.of(after);
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete a check", description = "It is probed no more; its results expire with their TTL.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "403", description = "The token lacks the role sitewatch-admin")
    @APIResponse(responseCode = "404", description = "No check with this id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public void delete(@PathParam("id") String id) {
        if (!store.delete(known(id))) {
            throw notFound(id);
        }
        LOG.infof("Check %s deleted", id);
    }

    /** A page of results and the cursor of the next. */
    public record ResultPage(List<ResultView> results, String next) {
    }

    @GET
    @Path("/{id}/results")
    @Operation(summary = "A check's results, newest first",
            description = "Each round: up or not, reason, HTTP status, attempts (2 when a second opinion was asked) "
                    + "and the timings. Results are kept 90 days.")
    @APIResponse(responseCode = "404", description = "No check with this id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ResultPage results(@PathParam("id") String id,
                              @Parameter(description = "ISO-8601 time or date (UTC); default: 90 days before to")
                              @QueryParam("from") String from,
                              @Parameter(description = "ISO-8601 time or date (UTC), exclusive; default: now")
                              @QueryParam("to") String to,
                              @Parameter(description = "1 to 1000, default 100") @QueryParam("limit") String limit,
                              @Parameter(description = "the previous page's next") @QueryParam("cursor") String cursor) {
        existing(id);
        ZoneId utc = ZoneId.of("UTC");
        Instant end = instant("to", to, utc, now().plusMillis(1));
        Instant start = instant("from", from, utc, end.minus(DEFAULT_RESULTS_RANGE));
        if (!start.isBefore(end)) {
            throw new BadParameterException("from", "from must be before to; got from=" + start + ", to=" + end);
        }
        int size = limit(limit);
        Instant before = null;
        if (cursor != null && !cursor.isEmpty()) {
            if (!DIGITS.matcher(cursor).matches()) {
                throw new BadParameterException("cursor", "cursor must be the next of a previous page");
            }
            before = Instant.ofEpochMilli(Long.parseLong(cursor));
        }
        ResultStore.Page page = results.page(id, start, end, size, before);
        return new ResultPage(page.results(), page.nextBefore() == null ? null
                : Long.toString(page.nextBefore().toEpochMilli()));
    }

    /** Uptime of one bucket. */
    public record UptimeBucket(Instant start, String localStart, int rounds, int up, double uptimePercent,
                               Integer p50Ms, Integer p95Ms) {
    }

    @GET
    @Path("/{id}/uptime")
    @Operation(summary = "Uptime and latency per hour or day",
            description = "Per local hour or day in `tz`: rounds, rounds up, uptime %, p50 and p95 of the total time "
                    + "of the rounds that answered. Buckets without rounds are left out. At most 92 days (7 for "
                    + "hours); default: the last 30 days (1 day for hours).")
    @APIResponse(responseCode = "404", description = "No check with this id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public List<UptimeBucket> uptime(@PathParam("id") String id,
                                     @Parameter(description = "hour or day (default)") @QueryParam("bucket") String bucket,
                                     @Parameter(description = "IANA zone or offset, default UTC") @QueryParam("tz") String tz,
                                     @QueryParam("from") String from, @QueryParam("to") String to) {
        existing(id);
        Uptime.Bucket size = bucket(bucket);
        ZoneId zone = zone(tz);
        Instant end = instant("to", to, zone, now().plusMillis(1));
        Instant start = instant("from", from, zone, end.minus(size == Uptime.Bucket.DAY ? Duration.ofDays(30)
                : Duration.ofDays(1)));
        if (!start.isBefore(end)) {
            throw new BadParameterException("from", "from must be before to; got from=" + start + ", to=" + end);
        }
        Duration max = size == Uptime.Bucket.DAY ? MAX_DAY_RANGE : MAX_HOUR_RANGE;
        if (Duration.between(start, end).compareTo(max) > 0) {
            throw new BadParameterException(from != null ? "from" : "to", "the range from " + start + " to " + end
                    + " is wider than " + max.toDays() + " days for bucket=" + size.name().toLowerCase(Locale.ROOT));
        }
        return Uptime.of(results.all(id, start, end), size, zone).stream()
                .map(r -> new UptimeBucket(r.start(), r.localStart().toString(), r.rounds(), r.up(), r.uptime(),
                        r.p50Ms(), r.p95Ms()))
                .toList();
    }

    private CheckReader reader() {
        return new CheckReader(config.defaultInterval());
    }

    private StoredCheck existing(String id) {
        return store.find(known(id)).orElseThrow(() -> notFound(id));
    }

    /** The id, if it can be one of ours at all; anything else is unknown. */
    private static String known(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw notFound(id);
        }
        return id;
    }

    private static NoSuchResourceException notFound(String id) {
        return new NoSuchResourceException("Check " + (id != null && ID.matcher(id).matches() ? id : "with this id")
                + " does not exist");
    }

    private static String newId() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private int limit(String value) {
        if (value == null || value.isEmpty()) {
            return Math.min(config.defaultPageSize(), config.maxPageSize());
        }
        if (!DIGITS.matcher(value).matches()) {
            throw new BadParameterException("limit", "limit must be a whole number from 1 to " + config.maxPageSize()
                    + ", in the digits 0-9 only");
        }
        long limit = Long.parseLong(value);
        if (limit < 1 || limit > config.maxPageSize()) {
            throw new BadParameterException("limit", "limit must be from 1 to " + config.maxPageSize() + "; got " + limit);
        }
        return (int) limit;
    }

    private static Uptime.Bucket bucket(String value) {
        if (value == null || value.isBlank()) {
            return Uptime.Bucket.DAY;
        }
        try {
            return Uptime.Bucket.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadParameterException("bucket", "bucket must be hour or day; got '" + shortened(value) + "'");
        }
    }

    private static ZoneId zone(String value) {
        if (value == null || value.isBlank()) {
            return ZoneId.of("UTC");
        }
        try {
            return ZoneId.of(shortened(value).strip());
        } catch (DateTimeException e) {
            throw new BadParameterException("tz", "tz must be an IANA time zone like Europe/London or an offset like "
                    + "+05:45; got '" + shortened(value) + "'");
        }
    }

    /** An ISO-8601 time with offset, or a date meaning its start in {@code zone}; {@code otherwise} when absent. */
    private static Instant instant(String name, String value, ZoneId zone, Instant otherwise) {
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        String text = shortened(value).strip();
        Instant instant;
        try {
            instant = OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeException notDateTime) {
            try {
                instant = LocalDate.parse(text).atStartOfDay(zone).toInstant();
            } catch (DateTimeException notDate) {
                throw new BadParameterException(name, name + " must be an ISO-8601 time with offset, like "
                        + "2026-11-25T14:00:00Z, or a date like 2026-11-25; got '" + text + "'");
            }
        }
        if (instant.isBefore(Instant.EPOCH) || instant.isAfter(Instant.parse("9999-01-01T00:00:00Z"))) {
            throw new BadParameterException(name, name + " must lie between 1970 and 9999; got " + instant);
        }
        return instant;
    }

    private static String shortened(String value) {
        return value.length() > 60 ? value.substring(0, 60) + "..." : value;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
