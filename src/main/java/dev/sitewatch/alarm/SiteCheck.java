package dev.sitewatch.alarm;

/**
 * What a site check's alarm or resolved event says about the check (the {@code site} object of a
 * {@code SITE_DOWN}, {@code SITE_SLOW} or {@code CERT_EXPIRING} record on {@code website-alarms}); null for floods.
 * The prober writes it; the notifier words the SMS from it, so the message names the check and why.
 *
 * @param checkId the check's id (also the alarm's {@code key})
 * @param reason  {@code TIMEOUT}, {@code CONNECTION_REFUSED}, {@code DNS}, {@code TLS}, {@code CONNECTION},
 *                {@code STATUS}, {@code BODY} for {@code SITE_DOWN}; {@code SLOW}; {@code CERT_EXPIRING};
 *                on a resolved event, what the episode was about
 * @param detail  one line for people, ASCII, e.g. {@code HTTP 500, expected 200-299}
 */
public record SiteCheck(String checkId, String name, String url, String reason, String detail) {

    /** The field of a record that carries it. */
    public static final String FIELD = "site";
    public static final String SITE_DOWN = "SITE_DOWN";
    public static final String SITE_SLOW = "SITE_SLOW";
    public static final String CERT_EXPIRING = "CERT_EXPIRING";

    /** The host of the URL, for an SMS that has no room for the whole URL. */
    public String host() {
        try {
            String host = java.net.URI.create(url).getHost();
            return host == null ? url : host;
        } catch (IllegalArgumentException e) {
            return url;
        }
    }
}
