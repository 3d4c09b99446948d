package hudson.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.Nullable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stand-in for {@code hudson.model.Actionable}: a model object that holds {@link Action}s.
 */
public abstract class Actionable implements ModelObject {
    private volatile CopyOnWriteArrayList<Action> actions;

    @Deprecated
    public List<Action> getActions() {
        if (actions == null) {
            synchronized (this) {
                if (actions == null) {
                    actions = new CopyOnWriteArrayList<>();
                }
            }
        }
        return actions;
    }

    public final List<? extends Action> getAllActions() {
        return Collections.unmodifiableList(new ArrayList<>(getActions()));
    }

    public <T extends Action> List<T> getActions(Class<T> type) {
        List<T> r = new ArrayList<>();
        for (Action a : getActions()) {
            if (type.isInstance(a)) {
                r.add(type.cast(a));
            }
        }
        return Collections.unmodifiableList(r);
    }

    public void addAction(@NonNull Action a) {
        getActions().add(a);
    }

    public void replaceAction(@NonNull Action a) {
        addOrReplaceAction(a);
    }

    public boolean addOrReplaceAction(@NonNull Action a) {
        List<Action> current = getActions();
        boolean found = false;
        for (Action existing : current) {
            if (!found && a.equals(existing)) {
                found = true;
            } else if (existing.getClass() == a.getClass()) {
                current.remove(existing);
            }
        }
        if (!found) {
            current.add(a);
        }
        return !found;
    }

    public boolean removeAction(@Nullable Action a) {
        return a != null && getActions().removeAll(Collections.singleton(a));
    }

    public boolean removeActions(@NonNull Class<? extends Action> clazz) {
        return getActions().removeIf(clazz::isInstance);
    }

    public boolean replaceActions(@NonNull Class<? extends Action> clazz, @NonNull Action a) {
        boolean removed = getActions().removeIf(x -> clazz.isInstance(x) && !x.equals(a));
        if (!getActions().contains(a)) {
            getActions().add(a);
            return true;
        }
        return removed;
    }

    @Deprecated
    public Action getAction(int index) {
        return getActions().get(index);
    }

    public <T extends Action> T getAction(Class<T> type) {
        for (Action a : getActions()) {
            if (type.isInstance(a)) {
                return type.cast(a);
            }
        }
        return null;
    }
}
