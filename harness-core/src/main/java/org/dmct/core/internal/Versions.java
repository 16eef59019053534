package org.dmct.core.internal;

/** Implementation versions from jar manifests, for evidence and manifests. */
public final class Versions {
    private Versions() {
    }

    /** The {@code Implementation-Version} of the jar a class came from, or {@code dev} when run from classes. */
    public static String implementationVersion(Class<?> type) {
        Package p = type.getPackage();
        String v = p == null ? null : p.getImplementationVersion();
        return v == null || v.isBlank() ? "dev" : v;
    }
}
