package dev.sitewatch.dashboard;

import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.quarkus.vertx.http.runtime.security.SecurityHandlerPriorities;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * HTTP filters of the dashboard.
 * <ul>
 * <li>The page and its assets get a strict Content-Security-Policy: scripts, styles, data and the live stream from
 * this origin only, no inline script or style, no frames, no plugins; plus {@code nosniff} and no referrer. (Not on
 * Swagger UI, whose page needs inline script.)</li>
 * <li>Behind the load balancer's OIDC login (template.yaml, {@code DashboardLogin}): the load balancer runs the
 * authorization-code flow with the issuer the API trusts, keeps the session in its cookie and hands every request the
 * user's access token in {@code x-amzn-oidc-accesstoken}. When {@code sitewatch.dashboard.access-token-header} names
 * that header and a request has no {@code Authorization}, the token becomes its bearer token, so the page's calls
 * (and its event stream, which cannot set headers) are checked exactly as an API client's: signature, issuer and
 * expiry by smallrye-jwt. A token sent in that header by anyone else gains nothing a bearer header would not.</li>
 * </ul>
 */
@ApplicationScoped
class PageFilters {

    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; "
            + "frame-ancestors 'none'";
    /** The page, its own assets, the vendored libraries and its data. */
    private static final Pattern PAGE = Pattern.compile("/(index\\.html)?|/dashboard(/.*)?|/webjars/.*");

    void register(@Observes Filters filters, DashboardConfig config) {
        filters.register(PageFilters::securityHeaders, SecurityHandlerPriorities.CORS - 1);
        Optional<String> tokenHeader = config.accessTokenHeader();
        tokenHeader.ifPresent(header -> filters.register(rc -> bearerFrom(rc, header),
                SecurityHandlerPriorities.AUTHENTICATION + 1));
    }

    private static void securityHeaders(RoutingContext rc) {
        if (PAGE.matcher(rc.normalizedPath()).matches()) {
            rc.response().headers()
                    .set("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                    .set("X-Content-Type-Options", "nosniff")
                    .set("Referrer-Policy", "no-referrer")
                    .set("X-Frame-Options", "DENY");
        }
        rc.next();
    }

    private static void bearerFrom(RoutingContext rc, String header) {
        String token = rc.request().getHeader(header);
        if (token != null && !token.isBlank() && rc.request().getHeader(HttpHeaders.AUTHORIZATION) == null) {
            rc.request().headers().set(HttpHeaders.AUTHORIZATION, "Bearer " + token.strip());
        }
        rc.next();
    }
}
