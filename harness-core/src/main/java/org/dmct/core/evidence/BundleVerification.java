package org.dmct.core.evidence;

import java.util.List;

/**
 * What {@link BundleVerifier} found in a bundle: whether its manifest is signed and by whom, and every problem, each
 * naming the file and the place in it (line, field) where the bundle differs from what its manifest and evidence
 * chain say. The bundle holds when the signature is valid (or absence of one is accepted) and there is no problem.
 *
 * @param signature whether the manifest carries a valid signature
 * @param signer the signer certificate's subject (RFC 2253), or null when unsigned or unreadable
 * @param evidenceLines complete lines of the evidence log that chain correctly
 * @param problems every problem, in the order found; the first is where the bundle first fails
 */
public record BundleVerification(Signature signature, String signer, long evidenceLines, List<Problem> problems) {
    /** The state of {@code manifest.json.p7s}. */
    public enum Signature {
        /** The signature verifies over manifest.json with the certificate it carries. */
        VALID,
        /** There is no signature: the bundle's lab named no signing key. */
        UNSIGNED,
        /** There is a signature and it does not hold (see the problems). */
        INVALID
    }

    /**
     * One thing that does not hold.
     *
     * @param file the bundle file, relative to the bundle directory
     * @param where the place in the file: {@code line N}, {@code field NAME}, or {@code whole file}
     * @param what what differs, in words
     */
    public record Problem(String file, String where, String what) {
        @Override
        public String toString() {
            return file + ", " + where + ": " + what;
        }
    }

    public BundleVerification {
        problems = List.copyOf(problems);
    }

    /** True when nothing is wrong; an unsigned bundle counts only if {@code allowUnsigned}. */
    public boolean holds(boolean allowUnsigned) {
        return problems.isEmpty() && (signature == Signature.VALID
                || (signature == Signature.UNSIGNED && allowUnsigned));
    }
}
