package dev.sitewatch.api;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Every query parameter at most once, on every endpoint: given {@code limit=1&limit=1000}, JAX-RS would quietly take
 * the first, and the client would never learn which one counted. The 400 problem names the parameter.
 */
public class SingleValuedParameters {

    @ServerRequestFilter
    public void refuseRepeated(UriInfo uri) {
        for (Map.Entry<String, List<String>> parameter : uri.getQueryParameters().entrySet()) {
            int times = parameter.getValue().size();
            if (times > 1) {
                String name = parameter.getKey().length() > 40 ? parameter.getKey().substring(0, 40) + "..."
                        : parameter.getKey();
                throw new BadParameterException(name, name + " is given " + times + " times; give it once");
            }
        }
    }
}
