package hudson.util;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Stand-in for {@code hudson.util.Secret}: a confidential string. Use {@link #getPlainText()} or
 * {@link #toString(Secret)}; never concatenate a {@code Secret} (its {@code toString()} returns the secret).
 *
 * <p>Stand-in behaviour: {@link #getEncryptedValue()} is a reversible {@code {base64}} form that
 * {@link #fromString(String)} / {@link #decrypt(String)} read back; it is <em>not</em> encryption.
 */
public final class Secret implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final String MARK = "stand-in-secret:";

    private final @NonNull String value;

    private Secret(@NonNull String value) {
        this.value = value;
    }

    /** @deprecated returns the plain text: use {@link #getPlainText()} or {@link #toString(Secret)}. */
    @Override
    @Deprecated
    public String toString() {
        return value;
    }

    public @NonNull String getPlainText() {
        return value;
    }

    @Override
    public boolean equals(Object that) {
        return that instanceof Secret && value.equals(((Secret) that).value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    public String getEncryptedValue() {
        return "{" + Base64.getEncoder().encodeToString((MARK + value).getBytes(StandardCharsets.UTF_8)) + "}";
    }

    public static final Pattern ENCRYPTED_VALUE_PATTERN = Pattern.compile("\\{?[A-Za-z0-9+/]+={0,2}}?");

    /** The secret whose {@link #getEncryptedValue()} is {@code data}, or {@code null}. */
    public static @CheckForNull Secret decrypt(@CheckForNull String data) {
        if (data == null || !data.startsWith("{") || !data.endsWith("}") || data.length() < 3) {
            return null;
        }
        try {
            String text = new String(Base64.getDecoder().decode(data.substring(1, data.length() - 1)), StandardCharsets.UTF_8);
            return text.startsWith(MARK) ? new Secret(text.substring(MARK.length())) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A secret holding {@code data} ({@code ""} for {@code null}), or the decrypted secret if it is encrypted. */
    public static @NonNull Secret fromString(@CheckForNull String data) {
        String d = data == null ? "" : data;
        Secret s = decrypt(d);
        return s != null ? s : new Secret(d);
    }

    /** The plain text of {@code s}, {@code ""} for {@code null}. */
    public static @NonNull String toString(@CheckForNull Secret s) {
        return s == null ? "" : s.value;
    }
}
