package io.modelarts.train.storage;

import java.util.List;

/**
 * What a machine without storage credentials (a Jenkins agent) may ask the machine that holds them: listings and
 * presigned requests, each for one exact object, valid a short time, and only inside the locations the broker was
 * made for. The presigned request is the only thing that travels; the keys never do.
 *
 * <p>Every method throws {@link StorageException} with a message for people, for instance when a location is
 * outside the broker's scope.
 */
public interface ObjectStoreBroker {

    /** Every object at or below {@code location}, as {@link ObjectStore#list} gives them. */
    List<ObjectInfo> list(ObjectUri location);

    /** A GET of the object {@code source}. */
    PresignedRequest presignGet(ObjectUri source);

    /**
     * A PUT of the object {@code target} with exactly this content: its MD5 (hex) is signed into the request
     * ({@code Content-MD5}), so the store refuses other bytes, and its size must be at most
     * {@link PresignedRequest#MAX_PUT_BYTES}.
     */
    PresignedRequest presignPut(ObjectUri target, String contentMd5Hex, long size);
}
