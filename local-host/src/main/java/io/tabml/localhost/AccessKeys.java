package io.tabml.localhost;

import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The local host's keys. Like the Core Tools, it enforces none by default; once a key is
 * configured, function-level routes need the function or admin key and admin-level routes the
 * admin key, sent as {@code x-functions-key} or {@code ?code=}.
 */
record AccessKeys(String functionKey, String adminKey) {

    boolean enforced() {
        return functionKey != null || adminKey != null;
    }

    boolean allows(AuthorizationLevel level, String presented) {
        if (level == AuthorizationLevel.ANONYMOUS || !enforced()) return true;
        if (presented == null) return false;
        boolean admin = matches(adminKey, presented);
        return switch (level) {
            case FUNCTION -> admin || matches(functionKey, presented);
            case ADMIN -> admin;
            default -> false;
        };
    }

    private static boolean matches(String key, String presented) {
        return key != null && MessageDigest.isEqual(key.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }
}
