package dev.sitewatch.testing;

import java.util.Map;

import dev.sitewatch.local.LocalComponents;
import dev.sitewatch.local.LocalSns;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** SNS for tests: WireMock answering the real SDK's Publish calls; tests read the requests it received. */
public class SnsResource implements QuarkusTestResourceLifecycleManager {

    private static LocalSns sns;

    @Override
    public Map<String, String> start() {
        sns = LocalSns.start(0);
        return LocalComponents.snsConfig(sns);
    }

    @Override
    public void stop() {
        if (sns != null) {
            sns.close();
        }
    }

    public static LocalSns sns() {
        return sns;
    }
}
