package io.consilium.chain.rpc;

/** What a {@link BlockWatcher} reports. */
public sealed interface BlockEvent {
    /** A block joined the canonical chain (after any {@link Reorg} that replaced its predecessors). */
    record NewBlock(BlockHeader header) implements BlockEvent {}

    /**
     * The chain switched forks: {@code depth} blocks above {@code commonAncestor} that were reported as
     * canonical are no longer; {@code oldHead} was the last of them, {@code newHead} is the new tip.
     */
    record Reorg(int depth, long commonAncestor, BlockHeader oldHead, BlockHeader newHead) implements BlockEvent {}
}
