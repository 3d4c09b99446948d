package io.jenkins.plugins.modelarts;

import hudson.security.Permission;
import hudson.security.PermissionGroup;
import hudson.security.PermissionScope;
import jenkins.model.Jenkins;

/**
 * The plugin's permissions: the "ModelArts Train" group with "HighestJobPriority", which a build's
 * authentication needs to submit a job with {@code priority: 3}. Implied by Overall/Administer; grantable on
 * folders and jobs (item scope), so a team can get it for its own jobs only.
 */
public final class ModelArtsPermissions {

    public static final PermissionGroup GROUP = new PermissionGroup(ModelArtsPermissions.class,
            Messages._ModelArtsPermissions_GroupTitle());

    public static final Permission HIGHEST_JOB_PRIORITY = new Permission(GROUP, "HighestJobPriority",
            Messages._ModelArtsPermissions_HighestJobPriority_Description(), Jenkins.ADMINISTER, PermissionScope.ITEM);

    private ModelArtsPermissions() {
    }
}
