package com.cloudbees.plugins.credentials;

import com.cloudbees.plugins.credentials.common.IdCredentials;
import com.cloudbees.plugins.credentials.common.UsernameCredentials;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Stand-in for the credentials plugin's {@code CredentialsMatchers}: factories and filters.
 */
public class CredentialsMatchers {
    private CredentialsMatchers() {}

    private interface M extends CredentialsMatcher {}

    public static @NonNull CredentialsMatcher always() {
        return (M) item -> true;
    }

    public static @NonNull CredentialsMatcher never() {
        return (M) item -> false;
    }

    public static @NonNull CredentialsMatcher not(@NonNull CredentialsMatcher matcher) {
        return (M) item -> !matcher.matches(item);
    }

    public static @NonNull CredentialsMatcher instanceOf(@NonNull Class clazz) {
        return (M) clazz::isInstance;
    }

    public static @NonNull CredentialsMatcher withId(@NonNull String id) {
        return (M) item -> item instanceof IdCredentials && id.equals(((IdCredentials) item).getId());
    }

    public static @NonNull CredentialsMatcher withScope(@NonNull CredentialsScope scope) {
        return (M) item -> scope == item.getScope();
    }

    public static @NonNull CredentialsMatcher withScopes(@NonNull CredentialsScope... scopes) {
        return withScopes(Arrays.asList(scopes));
    }

    public static @NonNull CredentialsMatcher withScopes(@NonNull Collection<CredentialsScope> scopes) {
        Set<CredentialsScope> set = scopes.isEmpty() ? EnumSet.noneOf(CredentialsScope.class) : EnumSet.copyOf(scopes);
        return (M) item -> set.contains(item.getScope());
    }

    public static @NonNull CredentialsMatcher withUsername(@NonNull String username) {
        return (M) item -> item instanceof UsernameCredentials
                && username.equals(((UsernameCredentials) item).getUsername());
    }

    public static @NonNull CredentialsMatcher allOf(@NonNull CredentialsMatcher... matchers) {
        return (M) item -> Arrays.stream(matchers).allMatch(m -> m.matches(item));
    }

    public static @NonNull CredentialsMatcher anyOf(@NonNull CredentialsMatcher... matchers) {
        return (M) item -> Arrays.stream(matchers).anyMatch(m -> m.matches(item));
    }

    public static @NonNull CredentialsMatcher both(@NonNull CredentialsMatcher matcher1, @NonNull CredentialsMatcher matcher2) {
        return allOf(matcher1, matcher2);
    }

    public static @NonNull CredentialsMatcher either(@NonNull CredentialsMatcher matcher1, @NonNull CredentialsMatcher matcher2) {
        return anyOf(matcher1, matcher2);
    }

    public static @NonNull CredentialsMatcher noneOf(@NonNull CredentialsMatcher... matchers) {
        return not(anyOf(matchers));
    }

    public static @NonNull <C extends Credentials> Collection<C> filter(@NonNull Collection<C> credentials, @NonNull CredentialsMatcher matcher) {
        return filter(new ArrayList<>(credentials), matcher);
    }

    public static @NonNull <C extends Credentials> Set<C> filter(@NonNull Set<C> credentials, @NonNull CredentialsMatcher matcher) {
        Set<C> r = new LinkedHashSet<>();
        for (C c : credentials) {
            if (c != null && matcher.matches(c)) {
                r.add(c);
            }
        }
        return r;
    }

    public static @NonNull <C extends Credentials> List<C> filter(@NonNull List<C> credentials, @NonNull CredentialsMatcher matcher) {
        List<C> r = new ArrayList<>();
        for (C c : credentials) {
            if (c != null && matcher.matches(c)) {
                r.add(c);
            }
        }
        return r;
    }

    public static @NonNull <C extends Credentials> Iterable<C> filter(@NonNull Iterable<C> credentials, @NonNull CredentialsMatcher matcher) {
        List<C> r = new ArrayList<>();
        for (C c : credentials) {
            if (c != null && matcher.matches(c)) {
                r.add(c);
            }
        }
        return r;
    }

    public static @NonNull <C extends Credentials> C firstOrDefault(@NonNull Iterable<C> credentials, @NonNull CredentialsMatcher matcher, @NonNull C defaultIfNone) {
        C c = firstOrNull(credentials, matcher);
        return c != null ? c : defaultIfNone;
    }

    public static @CheckForNull <C extends Credentials> C firstOrNull(@NonNull Iterable<C> credentials, @NonNull CredentialsMatcher matcher) {
        for (C c : credentials) {
            if (c != null && matcher.matches(c)) {
                return c;
            }
        }
        return null;
    }
}
