package dev.sitewatch.history;

import java.util.Map;

import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.jboss.logging.Logger;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Lambda entry point of the {@code database-migrator} function, invoked by CloudFormation at deploy time (custom
 * resource {@code DatabaseMigration}): on Create and Update, migrates the schema and syncs the application users
 * ({@link DatabaseMigration}), with the owner's credentials; on Delete, does nothing (the data and users go with the
 * cluster, which is snapshotted). Always answers CloudFormation, SUCCESS or FAILED with the reason, so that a
 * failed migration fails (and rolls back) the deploy instead of leaving it waiting for an hour.
 * <p>
 * Resource properties: {@code WriterSecretId} (the historian's user), {@code ReaderSecretId} (the API's user).
 * Any other property (the template passes the function's version) only makes CloudFormation run it again. Invoked
 * by hand with the same fields and no {@code ResponseURL}, it runs the same step and returns its answer.
 */
@Named("database-migrator")
public class DatabaseMigratorHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private static final Logger LOG = Logger.getLogger(DatabaseMigratorHandler.class);
    static final String PHYSICAL_ID = "sitewatch-database";

    @Inject
    DatabaseMigration migration;

    @Inject
    ObjectMapper mapper;

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        String type = String.valueOf(event.get("RequestType"));
        Object physical = event.get("PhysicalResourceId");
        String physicalId = physical == null ? PHYSICAL_ID : physical.toString();
        Map<String, Object> body;
        try {
            if ("Delete".equals(type)) {
                body = CustomResourceResponse.body(event, CustomResourceResponse.SUCCESS,
                        "Nothing to do: the schema and users go with the cluster", physicalId, Map.of());
            } else {
                Map<?, ?> properties = event.get("ResourceProperties") instanceof Map<?, ?> m ? m : Map.of();
                DatabaseMigration.Result result = migration.run(required(properties, "WriterSecretId"),
                        required(properties, "ReaderSecretId"));
                body = CustomResourceResponse.body(event, CustomResourceResponse.SUCCESS,
                        "Schema at version " + result.schemaVersion() + ", users " + result.users(), physicalId,
                        Map.of("SchemaVersion", result.schemaVersion(),
                                "MigrationsApplied", String.valueOf(result.migrationsApplied())));
            }
        } catch (Exception | LinkageError e) {
            LOG.errorf(e, "Database migration (%s) failed", type);
            body = CustomResourceResponse.body(event, CustomResourceResponse.FAILED,
                    "Database migration failed: " + e, physicalId, Map.of());
        }
        if (event.get("ResponseURL") == null) {
            // invoked by hand (aws lambda invoke, e.g. after an import; docs/deploy.md): the answer is the result
            return body;
        }
        try {
            CustomResourceResponse.send(mapper, event, body);
        } catch (Exception e) {
            // nothing more can be done from here: CloudFormation times the resource out
            LOG.errorf(e, "Could not answer CloudFormation at the response URL; the stack waits for its timeout");
            throw new IllegalStateException("Could not answer CloudFormation", e);
        }
        return body;
    }

    private static String required(Map<?, ?> properties, String name) {
        Object value = properties.get(name);
        if (value == null || value.toString().isBlank()) {
            throw new IllegalArgumentException("The custom resource has no " + name);
        }
        return value.toString();
    }
}
