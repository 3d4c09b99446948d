package org.jenkinsci.plugins.workflow.actions;

import hudson.model.Action;

/** Stand-in of workflow-api's marker for an action saved with its flow node. */
public interface PersistentAction extends Action {
}
