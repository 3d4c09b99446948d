package io.modelarts.train.spec;

/** A parallel file system: a storage named in the pool catalog, mounted at {@code mountPath}. */
public record ParallelFileSystemMount(String storage, String mountPath) {
}
