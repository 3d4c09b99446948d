package hudson.model;

import java.io.File;
import java.io.IOException;
import java.util.Collection;
import org.springframework.security.access.AccessDeniedException;

/**
 * Stand-in for {@code hudson.model.ItemGroup}: a container of items (Jenkins itself, a folder).
 */
public interface ItemGroup<T extends Item> extends PersistenceRoot, ModelObject {
    String getFullName();

    String getFullDisplayName();

    Collection<T> getItems();

    String getUrl();

    String getUrlChildPrefix();

    T getItem(String name) throws AccessDeniedException;

    File getRootDirFor(T child);

    default void onRenamed(T item, String oldName, String newName) throws IOException {}

    void onDeleted(T item) throws IOException;
}
