package io.modelarts.train.bench;

import io.modelarts.train.fingerprint.Fingerprint;
import io.modelarts.train.fingerprint.Fingerprints;
import io.modelarts.train.storage.ObjectStore;
import io.modelarts.train.storage.S3ObjectStore;
import io.modelarts.train.testing.S3TestServer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Issue 13 item 4: the fingerprint of an object-store input of 10,000 objects (one paginated listing of keys, sizes
 * and ETags, no download) against s3proxy in this JVM, vs the AWS SDK's own paginated ListObjectsV2 of the same prefix.
 */
final class ListingBench {

    static final int OBJECTS = 10_000;

    private final Bench.Options o;

    ListingBench(Bench.Options o) {
        this.o = o;
    }

    void run() throws Exception {
        try (S3TestServer s3 = S3TestServer.start("data");
             S3ObjectStore store = new S3ObjectStore(s3.settings());
             S3Client raw = S3Client.builder().endpointOverride(s3.endpoint()).region(Region.of(s3.region())).forcePathStyle(true)
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(s3.accessKey(), s3.secretKey())))
                     .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                     .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED).build()) {
            long t = System.nanoTime();
            byte[] content = new byte[1024];
            for (int i = 0; i < OBJECTS; i++) {
                byte[] c = content.clone();
                System.arraycopy(Integer.toString(i).getBytes(StandardCharsets.US_ASCII), 0, c, 0, Integer.toString(i).length());
                s3.putDirect("data", String.format(Locale.ROOT, "mnist/train/shard-%05d.bin", i), c);
            }
            Bench.log(String.format(Locale.ROOT, "listing: %,d objects stored in %.1f s", OBJECTS, (System.nanoTime() - t) / 1e9));
            Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
            ObjectStore counted = counting(store, calls);
            int n = o.rounds;
            double[] ours = new double[n];
            double[] base = new double[n];
            Fingerprint.Part part = null;
            for (int round = -o.warmup; round < n; round++) {
                for (int k = 0; k < 2; k++) {
                    if ((Math.max(0, round) + k) % 2 == 0) {
                        calls.clear();
                        long s = System.nanoTime();
                        part = Fingerprints.listing("obs://data/mnist/", counted);
                        double v = (System.nanoTime() - s) / 1e9;
                        if (part.files() != OBJECTS || !calls.keySet().equals(java.util.Set.of("list")) || calls.get("list").get() != 1) {
                            throw new IllegalStateException("listing: " + part.files() + " objects, store calls " + calls);
                        }
                        if (round >= 0) {
                            ours[round] = v;
                        }
                        Bench.log(String.format(Locale.ROOT, "listing round %s: fingerprint %.3f s", round < 0 ? "warm-up" : round, v));
                    } else {
                        long s = System.nanoTime();
                        long keys = raw.listObjectsV2Paginator(b -> b.bucket("data").prefix("mnist/")).contents().stream().count();
                        double v = (System.nanoTime() - s) / 1e9;
                        if (keys != OBJECTS) {
                            throw new IllegalStateException("raw listing saw " + keys);
                        }
                        if (round >= 0) {
                            base[round] = v;
                        }
                        Bench.log(String.format(Locale.ROOT, "listing round %s: SDK ListObjectsV2 %.3f s", round < 0 ? "warm-up" : round, v));
                    }
                }
            }
            double mo = Bench.median(ours);
            double mb = Bench.median(base);
            Bench.ROWS.add(new Bench.Row(String.format(Locale.ROOT, "input fingerprint of %,d objects (s3proxy in this JVM): ours vs the AWS SDK's own paginated listing", OBJECTS),
                    Bench.secondsRange(ours) + ", 1 listing, 0 downloads",
                    Bench.secondsRange(base) + String.format(Locale.ROOT, "; AWS SDK ListObjectsV2 paginator, %d pages", (OBJECTS + 999) / 1000),
                    String.format(Locale.ROOT, "%.2fx", mo / mb), "-", null, null));
            Bench.NOTES.add(String.format(Locale.ROOT, "listing: seconds per round, fingerprint %s, SDK listing %s; %s",
                    Arrays.toString(ours), Arrays.toString(base), part));
        }
    }

    /** The store, counting each method called on it: the fingerprint must only list. */
    private static ObjectStore counting(ObjectStore store, Map<String, AtomicInteger> calls) {
        return (ObjectStore) Proxy.newProxyInstance(ObjectStore.class.getClassLoader(), new Class<?>[]{ObjectStore.class}, (p, m, args) -> {
            calls.computeIfAbsent(m.getName(), x -> new AtomicInteger()).incrementAndGet();
            try {
                return m.invoke(store, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }
}
