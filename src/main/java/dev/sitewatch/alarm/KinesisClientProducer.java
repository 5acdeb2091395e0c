package dev.sitewatch.alarm;

import java.net.URI;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.KinesisClientBuilder;

/**
 * The notifier's Kinesis client. quarkus-amazon-kinesis is not served to us, so this builds the plain SDK client the
 * way the extension would: the URL-connection HTTP client, region and credentials from the Lambda environment.
 * Created on first use only, so functions that never put a record never build it.
 */
@ApplicationScoped
class KinesisClientProducer {

    @Produces
    @ApplicationScoped
    KinesisClient kinesis(AlarmsConfig config) {
        KinesisClientBuilder builder = KinesisClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder());
        config.streamEndpoint().ifPresent(endpoint -> builder.endpointOverride(URI.create(endpoint))
                // an emulator checks that a request is signed, not by whom
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))));
        return builder.build();
    }

    void close(@Disposes KinesisClient kinesis) {
        kinesis.close();
    }
}
