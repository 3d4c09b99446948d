package io.modelarts.train.output;

import io.modelarts.train.storage.Sizes;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * What {@link OutputCollector#collect} fetched.
 *
 * @param fileCount how many files were written
 * @param bytes     their total size
 * @param took      wall time
 * @param files     the written files, sorted
 */
public record CollectionReport(int fileCount, long bytes, Duration took, List<Path> files) {

    public CollectionReport {
        files = List.copyOf(files);
    }

    /** E.g. {@code collected 3 files, 12.5 MB in 0.8 s}. */
    public String summary() {
        return String.format(Locale.ROOT, "collected %,d %s, %s in %.1f s", fileCount, fileCount == 1 ? "file" : "files",
                Sizes.human(bytes), took.toMillis() / 1000.0);
    }
}
