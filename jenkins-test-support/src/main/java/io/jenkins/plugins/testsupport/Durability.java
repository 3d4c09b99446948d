package io.jenkins.plugins.testsupport;

/**
 * The Pipeline durability hints that matter to a step (workflow-api's {@code FlowDurabilityHint}), as the harness
 * models them in {@code StepContext.saveState()}.
 */
public enum Durability {
    /** {@code saveState()} does nothing; the program is written only at a clean shutdown. */
    PERFORMANCE_OPTIMIZED,
    /** {@code saveState()} rewrites the build's whole program ({@code program.dat}) at once. */
    MAX_SURVIVABILITY
}
