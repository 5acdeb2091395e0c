package dev.sitewatch.api;

import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
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
