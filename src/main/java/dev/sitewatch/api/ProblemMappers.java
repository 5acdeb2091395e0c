package dev.sitewatch.api;

import java.util.SortedSet;

import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every error of the API as {@code application/problem+json}. Details never carry an exception's class or stack
 * trace: a 500 says only that something failed, the log has the rest.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response badParameter(BadParameterException e, UriInfo uri) {
        return problem(Problem.badParameter(e.parameter(), e.getMessage(), uri.getPath()));
    }

    @ServerExceptionMapper
    public Response noSuchResource(NoSuchResourceException e, UriInfo uri) {
        return problem(Problem.of(404, "Not found", e.getMessage(), uri.getPath()));
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e, UriInfo uri) {
        return problem(Problem.of(404, "Not found", "No resource at " + uri.getPath(), uri.getPath()));
    }

    /** RESTEasy Reactive's own 405 has no {@code Allow} header; RFC 9110 requires one. */
    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e, UriInfo uri, Request request) {
        SortedSet<String> allowed = AllowedMethods.on(uri.getPath());
        Problem problem = Problem.of(405, "Method Not Allowed", request.getMethod() + " is not allowed here; allowed: "
                + String.join(", ", allowed), uri.getPath());
        return Response.status(405).type(Problem.MEDIA_TYPE).header(HttpHeaders.ALLOW, String.join(", ", allowed))
                .entity(problem).build();
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        Response.StatusType status = e.getResponse().getStatusInfo();
        return problem(Problem.of(status.getStatusCode(), status.getReasonPhrase(), status.getReasonPhrase(), uri.getPath()));
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e, UriInfo uri) {
        LOG.errorf(e, "Request to %s failed", uri.getPath());
        return problem(Problem.of(500, "Internal Server Error", "The request could not be completed.", uri.getPath()));
    }

    private static Response problem(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
