package org.jenkinsci.plugins.workflow.flow;

/**
 * Stand-in for workflow-api's {@code FlowExecution} (only so that {@code FlowNode} keeps its constructor
 * shape; tests may pass {@code null}).
 */
public abstract class FlowExecution {}
