package hudson.model;

import hudson.ExtensionPoint;

/**
 * Stand-in for {@code hudson.model.TopLevelItem}: an item that can live directly in Jenkins or a folder.
 */
public interface TopLevelItem extends Item, ExtensionPoint, Describable<TopLevelItem> {}
