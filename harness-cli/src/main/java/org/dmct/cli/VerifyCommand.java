package org.dmct.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.dmct.core.evidence.BundleVerification;
import org.dmct.core.evidence.BundleVerifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dmct verify BUNDLE}: checks that a run bundle is as the run left it: the manifest's signature (naming the
 * signer), the hash of every report file, and the evidence chain against the manifest's line count and final hash.
 * Every problem is printed with its file and line or field. An unsigned bundle fails unless {@code --allow-unsigned}.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Check a run bundle: the signature over manifest.json (and who signed it), the SHA-256 of every "
                + "file the manifest lists, and the evidence chain (every line, its order, the final hash and line "
                + "count). Exit 0 when all holds, 1 when anything does not or the bundle is unsigned (unless "
                + "--allow-unsigned), 2 when BUNDLE is not a run bundle.")
final class VerifyCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "BUNDLE", description = "the run bundle directory")
    Path bundle;

    @Option(names = "--allow-unsigned", description = "accept a bundle without a signature (its manifest is then not "
            + "protected: anyone could have rewritten it)")
    boolean allowUnsigned;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        BundleVerification v = BundleVerifier.verify(bundle);
        switch (v.signature()) {
            case VALID -> out.printf("signature: valid, signed by %s%n", v.signer());
            case UNSIGNED -> out.printf("signature: NONE: the bundle is unsigned (its lab names no signing key), so "
                    + "its manifest is not protected%s%n", allowUnsigned ? "; accepted (--allow-unsigned)" : "");
            case INVALID -> out.printf("signature: INVALID%s%n", v.signer() == null ? "" : " (claims signer "
                    + v.signer() + ")");
        }
        for (BundleVerification.Problem p : v.problems()) {
            out.println("problem: " + p);
        }
        boolean holds = v.holds(allowUnsigned);
        if (holds) {
            out.printf("bundle %s verified: %d evidence lines chain to the manifest's final hash, every file matches%n",
                    bundle, v.evidenceLines());
            return ExitCodes.OK;
        }
        if (v.problems().isEmpty()) {
            out.printf("bundle %s NOT verified: unsigned (use --allow-unsigned to accept it)%n", bundle);
        } else {
            BundleVerification.Problem first = v.problems().get(0);
            out.printf("bundle %s NOT verified: first problem in %s, %s%n", bundle, first.file(), first.where());
        }
        return ExitCodes.CRITERIA_NOT_MET;
    }
}
