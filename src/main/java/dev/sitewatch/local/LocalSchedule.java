package dev.sitewatch.local;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.sitewatch.check.Check;
import dev.sitewatch.check.CheckStore;
import dev.sitewatch.check.SiteProberHandler;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * EventBridge's schedule, locally: every {@code sitewatch.local.shop.probe-interval} (10 s) the site-prober handler
 * gets a scheduled event whose time is the tick, as on AWS every minute. At start it adds the demo checks of the
 * stand-in shop ({@link LocalShop}) unless they are there (a dev-mode restart keeps them).
 */
@ApplicationScoped
public class LocalSchedule {

    private static final Logger LOG = Logger.getLogger(LocalSchedule.class);

    @Inject
    LocalConfig config;

    @Inject
    CheckStore checks;

    @Inject
    SiteProberHandler prober;

    private ScheduledExecutorService schedule;

    void start(@Observes StartupEvent startup) {
        LocalConfig.Shop shop = config.shop();
        if (!shop.enabled() || shop.url().isEmpty()) {
            return;
        }
        addDemoChecks(shop.url().get(), shop.httpsUrl().orElseThrow());
        long period = Math.max(1, shop.probeInterval().toMillis());
        schedule = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "local-schedule");
            thread.setDaemon(true);
            return thread;
        });
        long first = period - System.currentTimeMillis() % period; // on the tick, as EventBridge's rate rules are
        schedule.scheduleAtFixedRate(this::tick, first, period, TimeUnit.MILLISECONDS);
        LOG.infof("Site-prober scheduled every %d s (EventBridge stand-in); the stand-in shop at %s and %s: /checkout "
                + "goes down 30 s after the first probe for 2 min, /search turns slow at 60 s and fast at 240 s, the https "
                + "certificate ends in 5 days (GET /checks)", period / 1000, shop.url().get(), shop.httpsUrl().get());
    }

    private void tick() {
        long period = config.shop().probeInterval().toMillis();
        Instant now = Instant.now();
        Instant tick = Instant.ofEpochMilli(now.toEpochMilli() - now.toEpochMilli() % period).truncatedTo(ChronoUnit.SECONDS);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("version", "0");
        event.put("id", UUID.randomUUID().toString());
        event.put("detail-type", "Scheduled Event");
        event.put("source", "aws.events");
        event.put("time", tick.toString());
        event.put("detail", Map.of());
        try {
            prober.handleRequest(event, LocalLambdaContext.forInvocation("site-prober"));
        } catch (RuntimeException e) {
            LOG.warnf("site-prober round %s failed (EventBridge would retry it): %s", tick, e.toString());
        }
    }

    private void addDemoChecks(String http, String https) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        int interval = (int) Math.max(10, config.shop().probeInterval().toSeconds());
        List<Check> demo = List.of(
                new Check("00000000000c4ec0", "Checkout", http + "/checkout", "GET", Map.of("Accept", "text/html"),
                        null, new Check.StatusRange(200, 299), "Add to basket", 3_000, 1_000, interval, 0, 2, 3, true,
                        now, now),
                new Check("000000000005ea4c", "Search", http + "/search", "GET", Map.of(), null,
                        new Check.StatusRange(200, 299), null, 3_000, 800, interval, 0, 2, 3, true, now, now),
                new Check("0000000000005ec0", "Shop over HTTPS", https + "/", "GET", Map.of(), null,
                        new Check.StatusRange(200, 299), null, 3_000, 1_000, interval, 14, 2, 3, true, now, now));
        for (Check check : demo) {
            try {
                checks.create(check);
            } catch (ConditionalCheckFailedException alreadyThere) {
                // a dev-mode restart: the emulator kept them
            }
        }
    }

    void stop(@Observes ShutdownEvent shutdown) {
        if (schedule != null) {
            schedule.shutdownNow();
        }
    }
}
