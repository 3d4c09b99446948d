package io.modelarts.train.storage;

import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.async.SdkPublisher;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.http.async.AsyncExecuteRequest;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.async.SdkAsyncHttpResponseHandler;
import software.amazon.awssdk.http.async.SdkHttpContentPublisher;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A GET of one object signed here (SigV4, the SDK's own signer) and sent straight on the store's HTTP client: the
 * same connection pool, credentials, region, endpoint and addressing style as the SDK client, without the SDK's
 * per-request pipeline (interceptors, endpoint rules, checksum and metrics stages, response unmarshalling). For small
 * objects that pipeline costs more CPU than the transfer itself.
 *
 * <p>The response is handed to the same {@link RangeWriter} the SDK path uses, so {@link VerifiedDownload} checks it
 * the same way (size, MD5, If-Match). Error responses become the {@link S3Exception} the SDK would have thrown, so
 * {@link S3Errors} words them the same. Throttling, server errors (5xx) and I/O failures are retried as often as the
 * SDK's client retries them, with jittered backoff, each attempt rewriting the range from its start, as the SDK does.
 * Only stores whose requests can be built exactly as the SDK builds them get one ({@link #forStore}); anything else
 * stays on the SDK path.
 */
final class SignedGet {

    /** Attempts in all: as many as the SDK's S3 client makes here (its requests say {@code amz-sdk-request: max=4}). */
    static final int MAX_ATTEMPTS = 4;
    private static final long BASE_DELAY_MS = 100;
    private static final long THROTTLED_BASE_DELAY_MS = 500;
    private static final long MAX_DELAY_MS = 20_000;
    /** An error body longer than this is cut: S3 error documents are a few hundred bytes. */
    private static final int MAX_ERROR_BODY = 64 * 1024;
    private static final Set<String> THROTTLING = Set.of("SlowDown", "Throttling", "ThrottlingException",
            "RequestLimitExceeded", "TooManyRequestsException", "RequestThrottled");
    private static final Set<String> TRANSIENT = Set.of("RequestTimeout", "InternalError", "ServiceUnavailable");
    private static final Set<String> CLOCK_SKEW = Set.of("RequestTimeTooSkewed", "RequestExpired", "RequestInTheFuture");
    /** A DNS label: what a bucket must be to go in front of the host as the SDK does it. */
    private static final Pattern HOST_LABEL = Pattern.compile("[a-z0-9][a-z0-9-]{1,61}[a-z0-9]");
    private static final Pattern IP_ADDRESS = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+");
    private static final Pattern ERROR_CODE = Pattern.compile("<Code>([^<]*)</Code>");
    private static final Pattern ERROR_MESSAGE = Pattern.compile("<Message>([^<]*)</Message>");
    private static final SdkHttpContentPublisher NO_BODY = new NoBody();

    private final URI endpoint;
    private final boolean pathStyle;
    private final String region;
    private final AwsCredentialsProvider credentials;
    private final SdkAsyncHttpClient http;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    private SignedGet(S3Settings settings, AwsCredentialsProvider credentials, SdkAsyncHttpClient http) {
        this.endpoint = settings.endpoint();
        this.pathStyle = settings.pathStyle();
        this.region = settings.region();
        this.credentials = credentials;
        this.http = http;
    }

    /**
     * A light GET for this store, or null where the SDK's endpoint rules do more than put bucket and key on the
     * endpoint: the AWS default endpoint (regional, dual-stack and FIPS names) and endpoints with a path or a query.
     */
    static SignedGet forStore(S3Settings settings, AwsCredentialsProvider credentials, SdkAsyncHttpClient http) {
        URI endpoint = settings.endpoint();
        if (endpoint == null || endpoint.getRawQuery() != null || endpoint.getRawFragment() != null
                || (endpoint.getRawPath() != null && !endpoint.getRawPath().isEmpty() && !endpoint.getRawPath().equals("/"))
                || !("http".equalsIgnoreCase(endpoint.getScheme()) || "https".equalsIgnoreCase(endpoint.getScheme()))) {
            return null;
        }
        return new SignedGet(settings, credentials, http);
    }

    /**
     * Whether a GET of this bucket's objects can be built as the SDK builds it: always path-style; virtual-hosted only
     * for a bucket that is one DNS label (a dotted bucket falls back to path-style in the SDK's rules, over HTTPS).
     */
    boolean serves(String bucket) {
        return pathStyle || (HOST_LABEL.matcher(bucket).matches() && !IP_ADDRESS.matcher(bucket).matches());
    }

    /**
     * Starts the GET of {@code source} ({@code range} and {@code ifMatch} may be null) into {@code writer}. Cancelling
     * the returned future aborts the request in flight and any retry still to come.
     */
    CompletableFuture<GetObjectResponse> get(ObjectUri source, String range, String ifMatch, RangeWriter writer) {
        Call call = new Call(request(source, range, ifMatch), writer);
        call.attempt();
        return call.result;
    }

    /** The request as it goes out before signing: method, host, encoded path and the conditional headers. */
    SdkHttpFullRequest request(ObjectUri source, String range, String ifMatch) {
        String key = SdkHttpUtils.urlEncodeIgnoreSlashes(source.key());
        SdkHttpFullRequest.Builder request = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.GET)
                .protocol(endpoint.getScheme().toLowerCase(java.util.Locale.ROOT))
                .host(pathStyle ? endpoint.getHost() : source.bucket() + "." + endpoint.getHost())
                .port(endpoint.getPort())
                .encodedPath(pathStyle ? "/" + SdkHttpUtils.urlEncode(source.bucket()) + "/" + key : "/" + key);
        if (range != null) {
            request.putHeader("Range", range);
        }
        if (ifMatch != null) {
            request.putHeader("If-Match", ifMatch);
        }
        return request.build();
    }

    private SdkHttpRequest sign(SdkHttpFullRequest request) {
        SignedRequest signed = signer.sign(r -> r
                .identity(credentials.resolveCredentials())
                .request(request)
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                // S3's rules: the path is signed as sent, and a GET has no payload to hash
                .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
                .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false));
        return signed.request();
    }

    /** True when the store says the request's signature or time is off: the SDK path corrects its clock. */
    static boolean isClockSkew(Throwable failure) {
        Throwable cause = S3Errors.unwrap(failure);
        return cause instanceof S3Exception s3 && s3.awsErrorDetails() != null
                && CLOCK_SKEW.contains(s3.awsErrorDetails().errorCode());
    }

    static boolean isRetryable(Throwable failure) {
        Throwable cause = S3Errors.unwrap(failure);
        if (cause instanceof RangeWriter.WriteFailed) {
            return false; // the local disk, not the store: another attempt would fail the same way
        }
        if (cause instanceof S3Exception s3) {
            String code = s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorCode();
            return s3.statusCode() >= 500 || s3.statusCode() == 429 || THROTTLING.contains(code) || TRANSIENT.contains(code);
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    private static boolean isThrottling(Throwable failure) {
        Throwable cause = S3Errors.unwrap(failure);
        return cause instanceof S3Exception s3 && (s3.statusCode() == 429 || s3.statusCode() == 503
                || (s3.awsErrorDetails() != null && THROTTLING.contains(s3.awsErrorDetails().errorCode())));
    }

    /** The SDK's standard backoff: full jitter on an exponentially growing ceiling. */
    static long backoffMillis(int failedAttempts, boolean throttled) {
        long base = throttled ? THROTTLED_BASE_DELAY_MS : BASE_DELAY_MS;
        long ceiling = Math.min(MAX_DELAY_MS, base << Math.min(failedAttempts - 1, 20));
        return ThreadLocalRandom.current().nextLong(ceiling + 1);
    }

    /** One GET with its retries; {@link #result} completes once, with the response or the last failure. */
    private final class Call {
        private final SdkHttpFullRequest unsigned;
        private final RangeWriter writer;
        final CompletableFuture<GetObjectResponse> result = new CompletableFuture<>();
        private volatile CompletableFuture<Void> inFlight;
        private volatile int attempts;

        Call(SdkHttpFullRequest unsigned, RangeWriter writer) {
            this.unsigned = unsigned;
            this.writer = writer;
            result.whenComplete((response, failure) -> {
                CompletableFuture<Void> running = inFlight;
                if (failure != null && running != null) {
                    running.cancel(true); // cancelled or failed: stop reading the body
                }
            });
        }

        void attempt() {
            if (result.isDone()) {
                return;
            }
            attempts++;
            Attempt attempt = new Attempt(this, writer.prepare());
            try {
                SdkHttpRequest signed = sign(unsigned);
                inFlight = http.execute(AsyncExecuteRequest.builder()
                        .request(signed)
                        .requestContentPublisher(NO_BODY)
                        .responseHandler(attempt)
                        .build());
            } catch (RuntimeException e) {
                attempt.settle(null, e); // credentials that cannot be resolved, a closed client: no retry helps
                return;
            }
            inFlight.whenComplete((ignored, failure) -> attempt.ended(failure));
            if (result.isDone()) {
                inFlight.cancel(true); // cancelled while this attempt was starting
            }
        }

        void settled(GetObjectResponse response, Throwable failure) {
            if (failure == null) {
                result.complete(response);
                return;
            }
            // the writer drops whatever the failed attempt still delivers
            writer.exceptionOccurred(failure);
            if (attempts < MAX_ATTEMPTS && isRetryable(failure) && !result.isDone()) {
                CompletableFuture<Void> running = inFlight;
                if (running != null) {
                    running.cancel(true);
                }
                long delay = backoffMillis(attempts, isThrottling(failure));
                CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS).execute(this::attempt);
            } else {
                result.completeExceptionally(failure);
            }
        }
    }

    /** One attempt's response: a 2xx body goes to the writer, an error body is read into an {@link S3Exception}. */
    private static final class Attempt implements SdkAsyncHttpResponseHandler {
        private final Call call;
        private final CompletableFuture<GetObjectResponse> body;
        private final AtomicBoolean done = new AtomicBoolean();
        private volatile SdkHttpResponse headers;

        Attempt(Call call, CompletableFuture<GetObjectResponse> body) {
            this.call = call;
            this.body = body;
            body.whenComplete(this::settle);
        }

        void settle(GetObjectResponse response, Throwable failure) {
            if (done.compareAndSet(false, true)) {
                call.settled(response, failure);
            }
        }

        @Override
        public void onHeaders(SdkHttpResponse response) {
            headers = response;
            if (response.isSuccessful()) {
                call.writer.onResponse(responseOf(response));
            }
        }

        @Override
        public void onStream(Publisher<ByteBuffer> stream) {
            SdkHttpResponse response = headers;
            if (response != null && response.isSuccessful()) {
                call.writer.onStream(SdkPublisher.adapt(stream));
            } else {
                stream.subscribe(new ErrorBody(this, response));
            }
        }

        @Override
        public void onError(Throwable error) {
            failed(error);
        }

        /** The exchange is over: a failure that reached no other path settles the attempt here. */
        void ended(Throwable failure) {
            if (failure != null) {
                failed(failure);
            } else if (headers == null) {
                failed(new IOException("the store closed the connection without a response"));
            }
        }

        private void failed(Throwable error) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            settle(null, SdkClientException.create("Unable to execute HTTP request: " + cause.getMessage(), cause));
        }
    }

    /** Reads a (short) error document and settles the attempt with what the SDK would have thrown. */
    private static final class ErrorBody implements Subscriber<ByteBuffer> {
        private final Attempt attempt;
        private final SdkHttpResponse response;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        ErrorBody(Attempt attempt, SdkHttpResponse response) {
            this.attempt = attempt;
            this.response = response;
        }

        @Override
        public void onSubscribe(Subscription s) {
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(ByteBuffer chunk) {
            int n = Math.min(chunk.remaining(), MAX_ERROR_BODY - bytes.size());
            if (n > 0) {
                byte[] copy = new byte[n];
                chunk.get(copy);
                bytes.write(copy, 0, n);
            }
        }

        @Override
        public void onError(Throwable t) {
            attempt.failed(t);
        }

        @Override
        public void onComplete() {
            attempt.settle(null, errorOf(response, bytes.toString(StandardCharsets.UTF_8)));
        }
    }

    /** The service error as the SDK's XML protocol reads it: code and message of the body, else the status. */
    static S3Exception errorOf(SdkHttpResponse response, String body) {
        int status = response == null ? 0 : response.statusCode();
        String code = firstGroup(ERROR_CODE, body);
        String message = firstGroup(ERROR_MESSAGE, body);
        if (code == null && response != null) {
            // bodiless errors (a HEAD, a 304, a proxy's 503): the status text stands in, as in the SDK
            code = response.statusText().map(t -> t.replace(" ", "")).orElse(null);
        }
        String requestId = response == null ? null : response.firstMatchingHeader("x-amz-request-id").orElse(null);
        String text = (message == null ? "HTTP " + status : message) + " (Service: S3, Status Code: " + status
                + (requestId == null ? "" : ", Request ID: " + requestId) + ")";
        return (S3Exception) S3Exception.builder()
                .statusCode(status)
                .requestId(requestId)
                .message(text)
                .awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode(code)
                        .errorMessage(message)
                        .serviceName("S3")
                        .sdkHttpResponse(response)
                        .build())
                .build();
    }

    /** The object headers {@link VerifiedDownload} reads, from a successful response. */
    static GetObjectResponse responseOf(SdkHttpResponse http) {
        GetObjectResponse.Builder response = GetObjectResponse.builder();
        http.firstMatchingHeader("ETag").ifPresent(response::eTag);
        http.firstMatchingHeader("Content-Range").ifPresent(response::contentRange);
        http.firstMatchingHeader("Content-Length").ifPresent(length -> response.contentLength(parseLong(length)));
        http.firstMatchingHeader("Last-Modified").ifPresent(modified -> {
            try {
                response.lastModified(ZonedDateTime.parse(modified, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            } catch (DateTimeParseException e) {
                // the SDK would fail the download on a date it cannot read; the time is only reported, so it is left out
            }
        });
        http.firstMatchingHeader("x-amz-server-side-encryption").ifPresent(response::serverSideEncryption);
        http.firstMatchingHeader("x-amz-server-side-encryption-customer-algorithm").ifPresent(response::sseCustomerAlgorithm);
        return (GetObjectResponse) response.sdkHttpResponse(http).build();
    }

    private static Long parseLong(String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String firstGroup(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        return m.find() ? unescapeXml(m.group(1)) : null;
    }

    private static String unescapeXml(String s) {
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'")
                .replace("&amp;", "&");
    }

    /** A GET sends no body. */
    private static final class NoBody implements SdkHttpContentPublisher {
        @Override
        public Optional<Long> contentLength() {
            return Optional.of(0L);
        }

        @Override
        public void subscribe(Subscriber<? super ByteBuffer> subscriber) {
            subscriber.onSubscribe(new Subscription() {
                @Override
                public void request(long n) {
                    // nothing to send
                }

                @Override
                public void cancel() {
                    // nothing to stop
                }
            });
            subscriber.onComplete();
        }
    }
}
