package com.cloudbees.plugins.credentials.common;

import com.cloudbees.plugins.credentials.CredentialsMatcher;
import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.domains.DomainRequirement;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.Nullable;
import hudson.model.Item;
import hudson.model.ItemGroup;
import hudson.util.ListBoxModel;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.security.core.Authentication;

/**
 * Stand-in for the credentials plugin's {@code AbstractIdCredentialsListBoxModel}: a credentials drop-down
 * built as the credentials consumer guide says ({@code includeEmptyValue()},
 * {@code includeMatchingAs(ACL.SYSTEM2, item, type, requirements, matcher)}, {@code includeCurrentValue(id)}).
 * Option values are credential ids; no secret is read.
 */
public abstract class AbstractIdCredentialsListBoxModel<T extends AbstractIdCredentialsListBoxModel<T, C>, C extends IdCredentials>
        extends ListBoxModel {
    private static final long serialVersionUID = 1L;

    /** The text shown for the empty choice. */
    static final String EMPTY_SELECTION = "- none -";

    /** The text shown for a current value the user cannot see. */
    static final String CURRENT_SELECTION = "- current -";

    public abstract @NonNull String describe(@NonNull C c);

    public @NonNull AbstractIdCredentialsListBoxModel<T, C> with(@CheckForNull C u) {
        if (u != null) {
            add(describe(u), u.getId());
        }
        return this;
    }

    public @NonNull AbstractIdCredentialsListBoxModel<T, C> includeEmptyValue() {
        for (Option o : this) {
            if (o.value.isEmpty()) {
                return this;
            }
        }
        add(0, new Option(EMPTY_SELECTION, ""));
        return this;
    }

    public @NonNull AbstractIdCredentialsListBoxModel<T, C> withAll(@NonNull Iterable<? extends C> credentials) {
        for (C c : credentials) {
            with(c);
        }
        return this;
    }

    public @NonNull AbstractIdCredentialsListBoxModel<T, C> includeAs(
            @NonNull Authentication authentication, @Nullable Item context, @NonNull Class<? extends C> type) {
        return includeMatchingAs(authentication, context, type, List.of(), CredentialsMatchers.always());
    }

    public @NonNull AbstractIdCredentialsListBoxModel<T, C> includeAs(
            @NonNull Authentication authentication, @NonNull ItemGroup context, @NonNull Class<? extends C> type) {
        return includeMatchingAs(authentication, context, type, List.of(), CredentialsMatchers.always());
    }

    public @NonNull AbstractIdCredentialsListBoxModel<T, C> includeAs(
            @NonNull Authentication authentication, @Nullable Item context, @NonNull Class<? extends C> type,
            @NonNull List<DomainRequirement> domainRequirements) {
        return includeMatchingAs(authentication, context, type, domainRequirements, CredentialsMatchers.always());
    }

    public @NonNull AbstractIdCredentialsListBoxModel<T, C> includeAs(
            @NonNull Authentication authentication, @NonNull ItemGroup context, @NonNull Class<? extends C> type,
            @NonNull List<DomainRequirement> domainRequirements) {
        return includeMatchingAs(authentication, context, type, domainRequirements, CredentialsMatchers.always());
    }

    public @NonNull AbstractIdCredentialsListBoxModel<T, C> includeMatchingAs(
            @NonNull Authentication authentication, @Nullable Item context, @NonNull Class<? extends C> type,
            @NonNull List<DomainRequirement> domainRequirements, @NonNull CredentialsMatcher matcher) {
        addMissing(CredentialsProvider.listCredentialsInItem(type, context, authentication, domainRequirements, matcher));
        return this;
    }

    public @NonNull AbstractIdCredentialsListBoxModel<T, C> includeMatchingAs(
            @NonNull Authentication authentication, @NonNull ItemGroup context, @NonNull Class<? extends C> type,
            @NonNull List<DomainRequirement> domainRequirements, @NonNull CredentialsMatcher matcher) {
        addMissing(CredentialsProvider.listCredentialsInItemGroup(type, context, authentication, domainRequirements, matcher));
        return this;
    }

    /** Keeps {@code value} selectable even when the user cannot see it (so saving the form does not lose it). */
    public @NonNull AbstractIdCredentialsListBoxModel<T, C> includeCurrentValue(@NonNull String value) {
        if (value == null || value.isEmpty()) {
            return includeEmptyValue();
        }
        for (Option o : this) {
            if (value.equals(o.value)) {
                return this;
            }
        }
        int at = !isEmpty() && get(0).value.isEmpty() ? 1 : 0;
        add(at, new Option(CURRENT_SELECTION, value));
        return this;
    }

    /** Adds the options whose value is not in the model yet. */
    public boolean addMissing(@NonNull Collection<? extends Option> c) {
        Set<String> present = new HashSet<>();
        for (Option o : this) {
            present.add(o.value);
        }
        boolean changed = false;
        for (Option o : c) {
            if (present.add(o.value)) {
                add(o);
                changed = true;
            }
        }
        return changed;
    }
}
