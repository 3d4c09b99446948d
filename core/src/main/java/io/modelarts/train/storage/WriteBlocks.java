package io.modelarts.train.storage;

import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * The blocks {@link RangeWriter} gathers a body's chunks into before writing them. They are direct buffers, so a write
 * hands them to the kernel as they are (a heap buffer is copied into a temporary direct one first), and they are kept
 * for the next download: allocating a direct buffer zeroes it and registers it for cleaning. At most {@link #KEPT} are
 * kept ({@code KEPT x SIZE} = 2 MiB); more downloads at once borrow extra ones that the garbage collector frees.
 */
final class WriteBlocks {

    /** Bytes gathered before a write. */
    static final int SIZE = 128 * 1024;
    static final int KEPT = 16;

    private static final ArrayBlockingQueue<ByteBuffer> FREE = new ArrayBlockingQueue<>(KEPT);

    private WriteBlocks() {
    }

    static ByteBuffer borrow() {
        ByteBuffer block = FREE.poll();
        return block != null ? block.clear() : ByteBuffer.allocateDirect(SIZE);
    }

    static void giveBack(ByteBuffer block) {
        FREE.offer(block.clear());
    }
}
