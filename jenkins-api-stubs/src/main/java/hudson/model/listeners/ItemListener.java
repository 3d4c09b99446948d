package hudson.model.listeners;

import hudson.ExtensionList;
import hudson.ExtensionPoint;
import hudson.model.Item;

/**
 * Stand-in for {@code hudson.model.listeners.ItemListener}: told about items, and about the shutdown. Jenkins calls
 * {@link #onBeforeShutdown()} of every listener first in {@code Jenkins.cleanUp()}, before any terminator runs and
 * while {@code Jenkins.isTerminating()} is still false.
 */
public class ItemListener implements ExtensionPoint {
    public void onCreated(Item item) {}

    public void onCopied(Item src, Item item) {}

    /** All items are loaded (Jenkins start-up). */
    public void onLoaded() {}

    public void onDeleted(Item item) {}

    public void onRenamed(Item item, String oldName, String newName) {}

    public void onLocationChanged(Item item, String oldFullName, String newFullName) {}

    public void onUpdated(Item item) {}

    /** Jenkins is about to shut down; the first thing {@code Jenkins.cleanUp()} does. */
    public void onBeforeShutdown() {}

    public static ExtensionList<ItemListener> all() {
        return ExtensionList.lookup(ItemListener.class);
    }
}
