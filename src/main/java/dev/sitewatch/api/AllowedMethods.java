package dev.sitewatch.api;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;

import dev.sitewatch.silence.SilencesResource;

/**
 * The methods a path of the API answers, for the {@code Allow} header of a 405 (RFC 9110: it must be there), read
 * from the resources' JAX-RS annotations. As RESTEasy Reactive matches: a method is allowed where one of its
 * resource methods' path templates matches; HEAD comes with GET and OPTIONS with every path, since RESTEasy
 * Reactive answers both itself.
 */
final class AllowedMethods {

    /** Every resource class of the app; a new one belongs here too. */
    private static final List<Class<?>> RESOURCES = List.of(AlarmsResource.class, FloodsResource.class,
            SilencesResource.class, dev.sitewatch.check.ChecksResource.class);
    private static final Pattern PARAMETER = Pattern.compile("\\{[^}]*}");
    private static final List<Route> ROUTES = routes();

    private AllowedMethods() {
    }

    private record Route(Pattern path, String method) {
    }

    /** The methods allowed on {@code path} (as {@code UriInfo.getPath()} gives it), in alphabetical order. */
    static SortedSet<String> on(String path) {
        String normalized = "/" + path.replaceAll("^/+|/+$", "");
        SortedSet<String> allowed = new TreeSet<>();
        for (Route route : ROUTES) {
            if (route.path().matcher(normalized).matches()) {
                allowed.add(route.method());
                if (route.method().equals("GET")) {
                    allowed.add("HEAD");
                }
            }
        }
        if (!allowed.isEmpty()) {
            allowed.add("OPTIONS");
        }
        return allowed;
    }

    private static List<Route> routes() {
        List<Route> routes = new ArrayList<>();
        for (Class<?> resource : RESOURCES) {
            String base = resource.getAnnotation(Path.class).value();
            for (Method method : resource.getDeclaredMethods()) {
                for (var annotation : method.getAnnotations()) {
                    HttpMethod http = annotation.annotationType().getAnnotation(HttpMethod.class);
                    if (http != null) {
                        Path sub = method.getAnnotation(Path.class);
                        routes.add(new Route(template(base + "/" + (sub == null ? "" : sub.value())), http.value()));
                    }
                }
            }
        }
        return List.copyOf(routes);
    }

    /** {@code /alarms/{id}} → {@code /alarms/[^/]+}: a parameter is one path segment, as all of ours are. */
    private static Pattern template(String path) {
        String normalized = "/" + path.replaceAll("/{2,}", "/").replaceAll("^/+|/+$", "");
        StringBuilder regex = new StringBuilder();
        Matcher parameter = PARAMETER.matcher(normalized);
        int last = 0;
        while (parameter.find()) {
            regex.append(Pattern.quote(normalized.substring(last, parameter.start())))
                    .append("[^/]+");
            last = parameter.end();
        }
        return Pattern.compile(regex.append(Pattern.quote(normalized.substring(last))).toString());
    }
}
