package com.cloudbees.plugins.credentials.common;

import com.cloudbees.plugins.credentials.Credentials;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import java.util.UUID;

/**
 * Stand-in for the credentials plugin's {@code IdCredentials}: credentials with an id (equality is by id).
 */
public interface IdCredentials extends Credentials {
    @NonNull
    String getId();

    @Override
    boolean equals(Object o);

    @Override
    int hashCode();

    /** Helpers for implementations. */
    final class Helpers {
        private Helpers() {}

        public static boolean equals(IdCredentials self, Object o) {
            if (self == o) {
                return true;
            }
            return o instanceof IdCredentials && self.getId().equals(((IdCredentials) o).getId());
        }

        public static int hashCode(IdCredentials self) {
            return self.getId().hashCode();
        }

        /** A fresh random id when {@code id} is empty. */
        public static @NonNull String fixEmptyId(@CheckForNull String id) {
            return id == null || id.isBlank() ? UUID.randomUUID().toString() : id;
        }
    }
}
