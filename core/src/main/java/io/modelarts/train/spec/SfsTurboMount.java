package io.modelarts.train.spec;

/** An SFS Turbo file system (NFS) mounted into every worker. */
public record SfsTurboMount(String name, String serverPath, String localPath) {
}
