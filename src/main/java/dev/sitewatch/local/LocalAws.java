package dev.sitewatch.local;

import java.net.URI;
import java.util.Map;

import dev.sitewatch.local.emulator.KinesisLocal;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/** How the app's AWS clients reach an emulator: endpoint, region and dummy credentials, as Quarkus config. */
public final class LocalAws {

    public static final String REGION = KinesisLocal.REGION;
    static final String ACCESS_KEY = "local";
    static final String SECRET_KEY = "local";

    private LocalAws() {
    }

    /** Config for the quarkus-amazon-services client {@code service} (e.g. {@code dynamodb}). */
    public static Map<String, String> clientConfig(String service, String endpoint) {
        String prefix = "quarkus." + service + ".";
        return Map.of(
                prefix + "endpoint-override", endpoint,
                prefix + "aws.region", REGION,
                prefix + "aws.credentials.type", "static",
                prefix + "aws.credentials.static-provider.access-key-id", ACCESS_KEY,
                prefix + "aws.credentials.static-provider.secret-access-key", SECRET_KEY);
    }

    /** A DynamoDB client of our own, for setting up tables before the app starts. */
    public static DynamoDbClient dynamo(String endpoint) {
        return DynamoDbClient.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    /** A Kinesis client of our own, for the local Kinesis Agent stand-in. */
    public static KinesisClient kinesis(String endpoint) {
        return KinesisClient.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }
}
