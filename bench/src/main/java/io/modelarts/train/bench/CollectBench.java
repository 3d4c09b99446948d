package io.modelarts.train.bench;

import io.modelarts.train.output.CollectionReport;
import io.modelarts.train.output.OutputCollector;
import io.modelarts.train.storage.ObjectInfo;
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
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Output collection from s3proxy (filesystem store) by OutputCollector vs {@code rclone copy} (the strongest peer, the
 * tool the pods use), {@code aws s3 sync} and {@code cp -r} of the store's directory, rotating the order each round.
 */
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
        String rclone = Rclone.find();
        int transfers = OutputCollector.DEFAULT_PARALLELISM;
        try (S3TestServer s3 = S3TestServer.builder().directory(blobs).buckets(BUCKET).start()) {
            long up = System.nanoTime();
            upload(s3, src);
            Bench.log(String.format(Locale.ROOT, "collect: stored in %.1f s in %s", (System.nanoTime() - up) / 1e9, s3.endpoint()));
            int plainMd5;
            try (S3ObjectStore store = new S3ObjectStore(s3.settings())) {
                List<ObjectInfo> listed = store.list(new ObjectUri(BUCKET, PREFIX));
                plainMd5 = (int) listed.stream().filter(i -> i.contentMd5() != null).count();
                if (plainMd5 != expected.files) {
                    throw new IllegalStateException("collect: " + plainMd5 + " of " + expected.files + " objects have an MD5 ETag");
                }
            }
            Path cfg = base.resolve("aws-config");
            Files.writeString(cfg, "[default]\ns3 =\n  addressing_style = path\n", StandardCharsets.UTF_8);
            Path rcloneLog = base.resolve("rclone.log");

            int n = o.rounds;
            String[] names = {"ours", "rclone copy", "aws s3 sync", "cp -r"};
            double[][] times = new double[names.length][n];
            double[][] warmTimes = new double[names.length][o.warmup];
            int[] rcloneVerified = new int[n];
            Path dst = base.resolve("dst");
            for (int round = -o.warmup; round < n; round++) {
                boolean warm = round < 0;
                int r = Math.max(0, round);
                // rotate the order each round so that no side always runs first (page cache, load)
                for (int k = 0; k < names.length; k++) {
                    int side = (r + k) % names.length;
                    deleteTree(dst);
                    Files.createDirectories(dst);
                    String extra = "";
                    long t = System.nanoTime();
                    Path result;
                    switch (side) {
                        case 0 -> {
                            // the store is made inside the timing: a build makes its own, as each peer starts its process
                            CollectionReport rep;
                            try (S3ObjectStore store = new S3ObjectStore(s3.settings())) {
                                rep = new OutputCollector(transfers).collect(store, Map.of("out", new ObjectUri(BUCKET, PREFIX)), dst, null);
                            }
                            result = dst.resolve("out");
                            extra = " (" + rep.files().size() + " files)";
                        }
                        case 1 -> {
                            result = dst.resolve("rclone");
                            int verified = Rclone.copy(s3, BUCKET + "/" + PREFIX, result, transfers, rcloneLog);
                            if (!warm) {
                                rcloneVerified[r] = verified;
                            }
                            extra = " (" + verified + " files checked by MD5)";
                        }
                        case 2 -> {
                            result = dst.resolve("aws");
                            AwsCli.sync(aws, s3, cfg, "s3://" + BUCKET + "/" + PREFIX, result);
                        }
                        default -> {
                            result = dst.resolve("cp");
                            Process p = new ProcessBuilder("cp", "-r", blobs.resolve(BUCKET).resolve("data").toString(), result.toString())
                                    .inheritIO().start();
                            if (p.waitFor() != 0) {
                                throw new IOException("cp -r failed");
                            }
                        }
                    }
                    double v = (System.nanoTime() - t) / 1e9;
                    if (warm) {
                        warmTimes[side][round + o.warmup] = v;
                    } else {
                        times[side][r] = v;
                    }
                    Bench.log(String.format(Locale.ROOT, "collect round %s: %s %.2f s%s", warm ? "warm-up" : r, names[side], v, extra));
                    Tree got = tree(result);
                    if (!got.sha256.equals(expected.sha256)) {
                        throw new IllegalStateException(names[side] + ": the result differs from the source: " + got + " vs " + expected);
                    }
                }
            }
            // how ours depends on the files in flight (one run each, after the rounds; the default is 16)
            StringBuilder par = new StringBuilder();
            try (S3ObjectStore store = new S3ObjectStore(s3.settings())) {
                long l0 = System.nanoTime();
                store.list(new ObjectUri(BUCKET, PREFIX));
                par.append(String.format(Locale.ROOT, "listing the %d keys alone: %.2f s; ", expected.files, (System.nanoTime() - l0) / 1e9));
                for (int p : new int[] {4, 10, OutputCollector.DEFAULT_PARALLELISM, 32}) {
                    deleteTree(dst);
                    long t = System.nanoTime();
                    new OutputCollector(p).collect(store, Map.of("out", new ObjectUri(BUCKET, PREFIX)), dst, null);
                    par.append(String.format(Locale.ROOT, "parallelism %d: %.2f s; ", p, (System.nanoTime() - t) / 1e9));
                }
            }
            // where the difference comes from: the many small files and the two big ones apart, one run each of ours and rclone
            for (String part : new String[] {"small/", "model/"}) {
                deleteTree(dst);
                long t = System.nanoTime();
                try (S3ObjectStore store = new S3ObjectStore(s3.settings())) {
                    new OutputCollector(transfers).collect(store, Map.of("out", new ObjectUri(BUCKET, PREFIX + part)), dst, null);
                }
                double oursPart = (System.nanoTime() - t) / 1e9;
                t = System.nanoTime();
                int checked = Rclone.copy(s3, BUCKET + "/" + PREFIX + part, dst.resolve("rclone"), transfers, rcloneLog);
                double rclonePart = (System.nanoTime() - t) / 1e9;
                par.append(String.format(Locale.ROOT, "%s alone: ours %.2f s, rclone %.2f s (%d checked); ", part, oursPart, rclonePart, checked));
            }
            Bench.log("collect: " + par);
            Bench.NOTES.add("collect: OutputCollector (one run each, after the rounds, store already made) " + par);
            deleteTree(dst);
            double[] startup = new double[Math.max(3, n)];
            double[] awsStartup = new double[startup.length];
            double[] storeStartup = new double[startup.length];
            for (int i = 0; i < startup.length; i++) {
                startup[i] = Rclone.startup();
                awsStartup[i] = AwsCli.startup();
                long t = System.nanoTime();
                new S3ObjectStore(s3.settings()).close();
                storeStartup[i] = (System.nanoTime() - t) / 1e9;
            }
            double mOurs = Bench.median(times[0]);
            double mRclone = Bench.median(times[1]);
            double mAws = Bench.median(times[2]);
            double mCp = Bench.median(times[3]);
            double mib = expected.bytes / (double) (1 << 20);
            String label = String.format(Locale.ROOT, "output collection, %.0f MiB (%d files, every file's MD5 checked)", mib, expected.files);
            String oursCell = Bench.secondsRange(times[0]) + String.format(Locale.ROOT, ", %.0f MiB/s", mib / mOurs);
            int minVerified = Arrays.stream(rcloneVerified).min().orElse(0);
            double vsRclone = mRclone / mOurs;
            Bench.ROWS.add(new Bench.Row(label + ": ours vs `rclone copy` (strongest peer)", oursCell,
                    Bench.secondsRange(times[1]) + String.format(Locale.ROOT, ", %.0f MiB/s; `rclone copy --transfers %d`, MD5 OK for %d of %d files",
                            mib / mRclone, transfers, minVerified, expected.files),
                    String.format(Locale.ROOT, "%.2fx rclone's speed", vsRclone), ">= 1.0x, all files checked",
                    vsRclone >= 1.0 && minVerified == expected.files, null));
            double vsAws = mAws / mOurs;
            Bench.ROWS.add(new Bench.Row(label + ": ours vs `aws s3 sync`", oursCell,
                    Bench.secondsRange(times[2]) + String.format(Locale.ROOT, ", %.0f MiB/s; `aws s3 sync`, 10 requests", mib / mAws),
                    String.format(Locale.ROOT, "%.2fx faster", vsAws), ">= 1.5x faster", vsAws >= 1.5, null));
            Bench.ROWS.add(new Bench.Row(label + ": ours vs `cp -r` of the store's directory (physical limit)", oursCell,
                    Bench.secondsRange(times[3]) + String.format(Locale.ROOT, ", %.0f MiB/s; `cp -r`, no HTTP", mib / mCp),
                    String.format(Locale.ROOT, "%.2f of cp speed", mCp / mOurs), "info", null, null));
            if (o.warmup > 0) {
                // the JIT compiles the HTTP stack (ours and the in-process server's) over the first collections: what a
                // fresh JVM (the CLI, a restarted controller) pays once, and a long-running controller no more
                Bench.ROWS.add(new Bench.Row(label + ": the first collection in this JVM (warm-up round 1), ours vs `rclone copy`",
                        String.format(Locale.ROOT, "%.2f s", warmTimes[0][0]),
                        String.format(Locale.ROOT, "%.2f s; `rclone copy`, its first run", warmTimes[1][0]),
                        String.format(Locale.ROOT, "%.2fx rclone's speed", warmTimes[1][0] / warmTimes[0][0]), "info", null, null));
                Bench.NOTES.add(String.format(Locale.ROOT, "collect: untimed warm-up rounds, seconds, ours %s, rclone %s, aws %s, cp %s",
                        Arrays.toString(warmTimes[0]), Arrays.toString(warmTimes[1]), Arrays.toString(warmTimes[2]), Arrays.toString(warmTimes[3])));
            }
            double rs = Bench.median(startup);
            double as = Bench.median(awsStartup);
            Bench.NOTES.add(String.format(Locale.ROOT, "collect: seconds per round, ours %s, rclone %s, aws %s, cp %s. All sides' trees are "
                            + "SHA-256 identical to the source (%s). Every object was stored in one part, so every ETag is the MD5 of its "
                            + "content (%d of %d): ours checks it for every file (a mismatch fails the collection), rclone too (its debug log "
                            + "said `md5 = ... OK` for %s files per round). Start-up: ours runs in the JVM that runs the build, so it pays "
                            + "no process start, but it makes its S3 store (SDK clients, connection pool: median %.3f s alone) inside the timing; each peer "
                            + "pays its process start (rclone version: median %.3f s, %.1f%% of its copy; aws --version: %.2f s). "
                            + "Without rclone's start-up the ratio would be %.2fx. aws = %s, path-style, default 10 concurrent requests; "
                            + "rclone = %s, %d transfers and checkers (ours: %d files in flight). Data is in the page cache (no cache drop "
                            + "between rounds).",
                    Arrays.toString(times[0]), Arrays.toString(times[1]), Arrays.toString(times[2]), Arrays.toString(times[3]),
                    expected.sha256.substring(0, 16), plainMd5, expected.files, Arrays.toString(rcloneVerified), Bench.median(storeStartup), rs, 100 * rs / mRclone,
                    as, (mRclone - rs) / mOurs, aws, rclone, transfers, transfers));
        } finally {
            deleteTree(base);
        }
    }

    /** Stores every file in one part straight into the server's store, so that every ETag is the content's MD5. */
    private static void upload(S3TestServer s3, Path src) throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.walk(src)) {
            files = s.filter(Files::isRegularFile).toList();
        }
        for (Path f : files) {
            String rel = src.relativize(f).toString().replace('\\', '/');
            s3.putDirect(BUCKET, PREFIX + rel, Files.readAllBytes(f));
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
