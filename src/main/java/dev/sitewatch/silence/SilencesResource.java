package dev.sitewatch.silence;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
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
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Silences, as in Alertmanager: the people on call mute the alarms they know about (a planned flash sale, a bot
 * being blocked) for a while. Creating and expiring needs the role {@code sitewatch-admin} in prod, reading any
 * valid token (application.properties). A silence is never deleted by the API, only expired, so the list shows
 * what was muted and by whom; DynamoDB's TTL removes it {@code sitewatch.silences.retention} after its end.
 */
@Path("/silences")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Silences", description = "Mute the alarms people know about, for a while")
@APIResponse(responseCode = "400", description = "The request is not valid; the problem names the field at fault",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                examples = @ExampleObject(name = "inverted range", value = """
                        {"type":"https://sitewatch.dev/problems/bad-parameter","title":"Bad request parameter",\
                        "status":400,"detail":"endsAt must be after startsAt; got startsAt=2026-11-27T20:00:00Z, \
                        endsAt=2026-11-27T08:00:00Z","instance":"/silences","parameter":"endsAt"}""")))
@APIResponse(responseCode = "401", description = "No valid bearer token (where authentication is on)")
public class SilencesResource {

    private static final Logger LOG = Logger.getLogger(SilencesResource.class);
    static final String ANONYMOUS = "anonymous";
    /** Newest first; the id keeps silences created in the same millisecond in a stable order. */
    private static final Comparator<Silence> NEWEST_FIRST = Comparator.comparing(Silence::createdAt).reversed()
            .thenComparing(Silence::id);

    @Inject
    SilenceStore store;

    @Inject
    SilencesConfig config;

    @Inject
    SecurityIdentity identity;

    Clock clock = Clock.systemUTC();

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a silence",
            description = "Alarms its matchers match are not sent while it is active. `matchers` is `{\"all\":true}` "
                    + "or any of `type`, `key` (the customer of a CUSTOMER_FLOOD), `keyPrefix`; every one given must "
                    + "hold. `startsAt` defaults to now; `endsAt` at most 30 days ahead. A silence with the same "
                    + "matchers as another that has not ended, over an overlapping time, is refused.")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = NewSilence.class), examples = {
            @ExampleObject(name = "flash sale, site-wide", value = """
                    {"matchers":{"all":true},"startsAt":"2026-11-27T08:00:00Z","endsAt":"2026-11-27T20:00:00Z",\
                    "comment":"Black Friday flash sale"}"""),
            @ExampleObject(name = "one customer", value = """
                    {"matchers":{"type":"CUSTOMER_FLOOD","key":"14911"},"endsAt":"2026-11-28T00:00:00Z",\
                    "comment":"bot 14911 is being blocked at the WAF"}""")}))
    @APIResponse(responseCode = "201", description = "Created",
            headers = @Header(name = "Location", description = "The new silence", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(schema = @Schema(implementation = SilenceView.class)))
    @APIResponse(responseCode = "403", description = "The token lacks the role sitewatch-admin")
    public Response create(String body, @Context UriInfo uri) {
        Instant now = now();
        NewSilence request = new NewSilenceReader(config.knownTypes(), config.maxDuration()).read(body, now);
        // two requests at the same moment can both pass this check; the result is two silences, nothing worse
        for (Silence other : store.all()) {
            if (other.state(now) != Silence.State.EXPIRED && other.matchers().equals(request.matchers())
                    && other.overlaps(request.startsAt(), request.endsAt())) {
                throw new BadParameterException("startsAt", "silence " + other.id() + " has the same matchers and "
                        + "runs from " + other.startsAt() + " to " + other.endsAt() + ", overlapping this one; "
                        + "change the times, or expire it first");
            }
        }
        Silence silence = new Silence(UUID.randomUUID().toString(), request.matchers(), request.startsAt(),
                request.endsAt(), request.comment(), creator(), now);
        store.create(silence);
        LOG.infof("Silence %s created by %s: %s from %s to %s (%s)", silence.id(), silence.createdBy(),
                silence.matchers(), silence.startsAt(), silence.endsAt(), silence.comment());
        return Response.created(uri.getAbsolutePathBuilder().path(silence.id()).build())
                .entity(SilenceView.of(silence, now)).build();
    }

    @GET
    @Operation(summary = "List silences, newest first")
    @APIResponse(responseCode = "200", description = "The silences",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = SilenceView.class)))
    public List<SilenceView> list(
            @Parameter(description = "active, pending, expired or all (default)", example = "active")
            @QueryParam("state") String state) {
        Silence.State wanted = state(state);
        Instant now = now();
        return store.all().stream().filter(s -> wanted == null || s.state(now) == wanted).sorted(NEWEST_FIRST)
                .map(s -> SilenceView.of(s, now)).toList();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One silence")
    @APIResponse(responseCode = "200", description = "The silence",
            content = @Content(schema = @Schema(implementation = SilenceView.class)))
    @APIResponse(responseCode = "404", description = "No silence with this id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public SilenceView get(@Parameter(description = "The silence's id (a UUID)") @PathParam("id") String id) {
        Instant now = now();
        return SilenceView.of(store.find(known(id)).orElseThrow(() -> notFound(id)), now);
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Expire a silence now",
            description = "Its end becomes now; it stays listed as expired. Expiring an expired silence changes nothing.")
    @APIResponse(responseCode = "204", description = "Expired")
    @APIResponse(responseCode = "403", description = "The token lacks the role sitewatch-admin")
    @APIResponse(responseCode = "404", description = "No silence with this id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public void expire(@Parameter(description = "The silence's id (a UUID)") @PathParam("id") String id) {
        Instant now = now();
        Silence before = store.find(known(id)).orElseThrow(() -> notFound(id));
        if (before.state(now) == Silence.State.EXPIRED) {
            return;
        }
        store.expire(id, now).orElseThrow(() -> notFound(id));
        LOG.infof("Silence %s expired by %s (it was to end at %s)", id, creator(), before.endsAt());
    }

    /** The id, if it can be one of ours at all (a UUID as we write them); anything else is unknown. */
    private static String known(String id) {
        try {
            if (id != null && UUID.fromString(id).toString().equals(id)) {
                return id;
            }
        } catch (IllegalArgumentException notAUuid) {
            // unknown, below
        }
        throw notFound(id);
    }

    private static NoSuchResourceException notFound(String id) {
        return new NoSuchResourceException("Silence " + id + " does not exist");
    }

    private static Silence.State state(String value) {
        if (value == null || value.isBlank() || value.strip().equalsIgnoreCase("all")) {
            return null;
        }
        try {
            return Silence.State.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadParameterException("state", "state must be one of active, pending, expired, all; got '"
                    + (value.length() > 40 ? value.substring(0, 40) + "..." : value) + "'");
        }
    }

    /** The token's subject where authentication is on; {@value #ANONYMOUS} where it is not (dev, test). */
    private String creator() {
        if (identity == null || identity.isAnonymous()) {
            return ANONYMOUS;
        }
        if (identity.getPrincipal() instanceof JsonWebToken token && token.getSubject() != null) {
            return token.getSubject();
        }
        return identity.getPrincipal().getName();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
