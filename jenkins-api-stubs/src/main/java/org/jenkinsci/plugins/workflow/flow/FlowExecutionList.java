package org.jenkinsci.plugins.workflow.flow;

/**
 * Stand-in for workflow-api's {@code FlowExecutionList}, here for its shutdown milestones only. In Jenkins the
 * Pipeline engine suspends every running build (saving its program, step executions included) in a terminator
 * that attains {@link #EXECUTIONS_SUSPENDED}; a terminator that closes what running steps use must
 * {@code requires = EXECUTIONS_SUSPENDED}.
 */
public class FlowExecutionList {
    /** Milestone: every running build has been suspended (programs saved, listeners closed). */
    public static final String EXECUTIONS_SUSPENDED = "FlowExecutionList.EXECUTIONS_SUSPENDED";

    /** Milestone after {@link #EXECUTIONS_SUSPENDED}: the list of running builds itself has been saved. */
    public static final String LIST_SAVED = "FlowExecutionList.LIST_SAVED";
}
