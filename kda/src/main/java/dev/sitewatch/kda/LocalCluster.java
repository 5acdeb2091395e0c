package dev.sitewatch.kda;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;

/**
 * The Flink MiniCluster of a local run ({@code main --local}). Flink binds its servers (REST endpoint, blob server,
 * RPC) to every interface unless told otherwise; a local run is reachable from this machine only.
 */
final class LocalCluster {

    static final String LOOPBACK = "127.0.0.1";

    private LocalCluster() {
    }

    static Configuration loopbackOnly() {
        Configuration configuration = new Configuration();
        configuration.set(RestOptions.BIND_ADDRESS, LOOPBACK);
        configuration.set(RestOptions.ADDRESS, LOOPBACK);
        configuration.set(JobManagerOptions.BIND_HOST, LOOPBACK); // the blob server binds here too
        configuration.set(JobManagerOptions.ADDRESS, LOOPBACK);
        configuration.set(TaskManagerOptions.BIND_HOST, LOOPBACK);
        configuration.set(TaskManagerOptions.HOST, LOOPBACK);
        return configuration;
    }
}
