package io.modelarts.train.storage;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The credentials of {@link S3Settings} for the SDK: the static key pair (with its session token when the keys are
 * temporary), else the SDK's default chain (system properties, environment including {@code AWS_SESSION_TOKEN},
 * web identity token file, profile, container and instance roles).
 */
final class S3Credentials {

    private S3Credentials() {
    }

    /** A new provider; the default chain's must be closed by its user (it may hold a refreshing thread). */
    static AwsCredentialsProvider provider(S3Settings settings) {
        if (!settings.hasStaticCredentials()) {
            return DefaultCredentialsProvider.builder().build();
        }
        if (settings.hasSessionToken()) {
            return StaticCredentialsProvider.create(
                    AwsSessionCredentials.create(settings.accessKey(), settings.secretKey(), settings.sessionToken()));
        }
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKey(), settings.secretKey()));
    }
}
