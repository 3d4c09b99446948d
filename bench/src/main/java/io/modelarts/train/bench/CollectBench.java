package io.modelarts.train.bench;

import io.modelarts.train.output.CollectionReport;
import io.modelarts.train.output.OutputCollector;
import io.modelarts.train.storage.ObjectUri;
import io.modelarts.train.storage.S3ObjectStore;
import io.modelarts.train.testing.S3TestServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/** Issue 6 item 4: output collection from s3proxy (filesystem store) by OutputCollector vs aws s3 sync vs cp -r. */
final class CollectBench {

    private static final String BUCKET = "bench";
    private static final String PREFIX = "data/";

    private final Bench.Options o;

    CollectBench(Bench.Options o) {
        this.o = o;
    }

    void run() throws Exception {
        long totalMib = o.collectMib != null ? o.collectMib : Math.max(2, Math.round(1024 * o.collectScale));
        int smallFiles = (int) Math.max(1, Math.round(1000 * (o.collectMib != null ? o.collectMib / 1024.0 : o.collectScale)));
        long halfBytes = totalMib * (1L << 20) / 2;
        long smallSize = halfBytes / smallFiles;
        long bigSize = halfBytes / 2;
        Path base = o.work.resolve("collect");
        deleteTree(base);
        Path src = base.resolve("src");
        Path blobs = base.resolve("blobs");
        Files.createDirectories(src);
        Files.createDirectories(blobs);
        Bench.log("collect: generating " + smallFiles + " files of " + smallSize + " B + 2 of " + bigSize + " B (" + totalMib + " MiB) under " + base);
        SplittableRandom rnd = new SplittableRandom(42);
        for (int i = 0; i < smallFiles; i++) {
            writeRandom(src.resolve(String.format(Locale.ROOT, "small/d%02d/f%04d.bin", i % 50, i)), smallSize, rnd);
        }
        writeRandom(src.resolve("model/big-0.bin"), bigSize, rnd);
        writeRandom(src.resolve("model/big-1.bin"), bigSize, rnd);
        Tree expected = tree(src);
        Bench.log("collect: source " + expected);

        String aws = AwsCli.find();
        try (S3TestServer s3 = S3TestServer.builder().directory(blobs).buckets(BUCKET).start();
             S3ObjectStore store = new S3ObjectStore(s3.settings())) {
            long up = System.nanoTime();
            upload(store, src);
            Bench.log(String.format(Locale.ROOT, "collect: uploaded in %.1f s to %s", (System.nanoTime() - up) / 1e9, s3.endpoint()));
            Path cfg = base.resolve("aws-config");
            Files.writeString(cfg, "[default]\ns3 =\n  addressing_style = path\n", StandardCharsets.UTF_8);

            int n = o.rounds;
            double[] ours = new double[n];
            double[] awsT = new double[n];
            double[] cp = new double[n];
            double[] listT = new double[n];
            Path dst = base.resolve("dst");
            for (int round = -o.warmup; round < n; round++) {
                boolean warm = round < 0;
                int r = Math.max(0, round);
                // rotate the order each round so that no side always runs first (page cache, load)
                for (int k = 0; k < 3; k++) {
                    int side = (r + k) % 3;
                    deleteTree(dst);
                    Files.createDirectories(dst);
                    long t = System.nanoTime();
                    Path result;
                    switch (side) {
                        case 0 -> {
                            long l0 = System.nanoTime();
                            int listed = store.list(new ObjectUri(BUCKET, PREFIX)).size();
                            double lt = (System.nanoTime() - l0) / 1e9;
                            t = System.nanoTime();
                            CollectionReport rep = new OutputCollector().collect(store,
                                    Map.of("out", new ObjectUri(BUCKET, PREFIX)), dst, null);
                            double v = (System.nanoTime() - t) / 1e9;
                            if (!warm) {
                                ours[r] = v;
                                listT[r] = lt;
                            }
                            result = dst.resolve("out");
                            Bench.log(String.format(Locale.ROOT, "collect round %s: ours %.2f s (%d files; a separate list of %d keys took %.2f s)",
                                    warm ? "warm-up" : r, v, rep.files().size(), listed, lt));
                        }
                        case 1 -> {
                            result = dst.resolve("aws");
                            AwsCli.sync(aws, s3, cfg, "s3://" + BUCKET + "/" + PREFIX, result);
                            double v = (System.nanoTime() - t) / 1e9;
                            if (!warm) {
                                awsT[r] = v;
                            }
                            Bench.log(String.format(Locale.ROOT, "collect round %s: aws s3 sync %.2f s", warm ? "warm-up" : r, v));
                        }
                        default -> {
                            result = dst.resolve("cp");
                            Process p = new ProcessBuilder("cp", "-r", blobs.resolve(BUCKET).resolve("data").toString(), result.toString())
                                    .inheritIO().start();
                            if (p.waitFor() != 0) {
                                throw new IOException("cp -r failed");
                            }
                            double v = (System.nanoTime() - t) / 1e9;
                            if (!warm) {
                                cp[r] = v;
                            }
                            Bench.log(String.format(Locale.ROOT, "collect round %s: cp -r %.2f s", warm ? "warm-up" : r, v));
                        }
                    }
                    Tree got = tree(result);
                    if (!got.sha256.equals(expected.sha256)) {
                        throw new IllegalStateException("side " + side + " result differs from the source: " + got + " vs " + expected);
                    }
                }
            }
            // how ours depends on the files in flight (one run each, after the rounds; the default is 16)
            StringBuilder par = new StringBuilder();
            for (int p : new int[] {4, 10, OutputCollector.DEFAULT_PARALLELISM, 32}) {
                deleteTree(dst);
                long t = System.nanoTime();
                new OutputCollector(p).collect(store, Map.of("out", new ObjectUri(BUCKET, PREFIX)), dst, null);
                par.append(String.format(Locale.ROOT, "parallelism %d: %.2f s; ", p, (System.nanoTime() - t) / 1e9));
            }
            Bench.log("collect: " + par);
            Bench.NOTES.add("collect: OutputCollector (one run each, after the rounds) " + par);
            deleteTree(dst);
            double mOurs = Bench.median(ours);
            double mAws = Bench.median(awsT);
            double mCp = Bench.median(cp);
            double mib = expected.bytes / (double) (1 << 20);
            String label = String.format(Locale.ROOT, "output collection, %.0f MiB (%d files)", mib, expected.files);
            double ratio = mAws / mOurs;
            Bench.ROWS.add(new Bench.Row(label + ": ours vs `aws s3 sync`",
                    String.format(Locale.ROOT, "%.2f s (%.0f MiB/s)", mOurs, mib / mOurs),
                    String.format(Locale.ROOT, "%.2f s (%.0f MiB/s)", mAws, mib / mAws),
                    String.format(Locale.ROOT, "%.2fx faster", ratio), ">= 1.5x faster", ratio >= 1.5, null));
            Bench.ROWS.add(new Bench.Row(label + ": ours vs `cp -r` of the store's directory (physical limit)",
                    String.format(Locale.ROOT, "%.2f s", mOurs),
                    String.format(Locale.ROOT, "%.2f s (%.0f MiB/s)", mCp, mib / mCp),
                    String.format(Locale.ROOT, "%.2f of cp speed", mCp / mOurs), "info", null, null));
            Bench.NOTES.add(String.format(Locale.ROOT, "collect: all sides SHA-256 identical to the source (%s). Listing %d keys alone took "
                            + "a median %.2f s of ours. aws = %s with path-style addressing, default 10 concurrent requests. "
                            + "Data is in the page cache (no cache drop between rounds).",
                    expected.sha256.substring(0, 16), expected.files, Bench.median(listT), aws));
        } finally {
            deleteTree(base);
        }
    }

    private static void upload(S3ObjectStore store, Path src) throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.walk(src)) {
            files = s.filter(Files::isRegularFile).toList();
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (Path f : files) {
                String rel = src.relativize(f).toString().replace('\\', '/');
                fs.add(pool.submit(() -> {
                    store.putFile(f, new ObjectUri(BUCKET, PREFIX + rel));
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    static void writeRandom(Path file, long size, SplittableRandom rnd) throws IOException {
        Files.createDirectories(file.getParent());
        byte[] buf = new byte[1 << 16];
        try (OutputStream out = Files.newOutputStream(file)) {
            long left = size;
            while (left > 0) {
                for (int i = 0; i < buf.length; i += 8) {
                    long v = rnd.nextLong();
                    for (int b = 0; b < 8; b++) {
                        buf[i + b] = (byte) (v >>> (8 * b));
                    }
                }
                int n = (int) Math.min(buf.length, left);
                out.write(buf, 0, n);
                left -= n;
            }
        }
    }

    record Tree(String sha256, int files, long bytes) {
        @Override
        public String toString() {
            return files + " files, " + bytes + " bytes, sha256 " + sha256.substring(0, 16);
        }
    }

    /** SHA-256 over every regular file below {@code dir}: sorted relative path, size and content. */
    static Tree tree(Path dir) throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = new ArrayList<>(s.filter(Files::isRegularFile).toList());
        }
        files.sort(Comparator.comparing(p -> dir.relativize(p).toString()));
        MessageDigest all = MessageDigest.getInstance("SHA-256");
        byte[] buf = new byte[1 << 16];
        long bytes = 0;
        for (Path f : files) {
            all.update(dir.relativize(f).toString().replace('\\', '/').getBytes(StandardCharsets.UTF_8));
            all.update((byte) 0);
            try (InputStream in = Files.newInputStream(f)) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    all.update(buf, 0, n);
                    bytes += n;
                }
            }
            all.update((byte) 0);
        }
        return new Tree(HexFormat.of().formatHex(all.digest()), files.size(), bytes);
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
