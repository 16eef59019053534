package org.dmct.core.pack;

import java.util.List;

/**
 * How a non-standard pack was made from another pack (SEC AK 20.17): the base pack it names in {@code basedOn}, the
 * tests it removed (each with the rationale for leaving it out) and the tests it added. The loader resolves it when the
 * pack is loaded; the run records it in the evidence and the manifest so that a report shows exactly how the pack
 * differs from its base.
 *
 * @param basedOn what the pack wrote: a pack id or a file path (relative to the pack's own file)
 * @param baseSha256 SHA-256 of the base pack file's bytes
 */
public record Derivation(String basedOn, String baseId, String baseVersion, String baseSha256, String baseFile,
                         List<Removal> removed, List<String> added) {
    public Derivation {
        removed = List.copyOf(removed);
        added = List.copyOf(added);
    }

    /** One base test left out, and why. */
    public record Removal(String test, String rationale) {
    }
}
