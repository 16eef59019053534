package org.dmct.core.evidence;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.util.Store;
import org.dmct.core.internal.Hashing;

/**
 * Checks a run bundle end to end: the CMS signature over {@code manifest.json} (made by {@link ManifestSigner}), the
 * SHA-256 of every file the manifest lists (and that no file was added), and the evidence chain line by line, ending
 * at the line count and final hash the manifest records. The signature is checked strictly (DER exactly as encoded,
 * one signer whose certificate is in the signature, digest algorithms consistent, the certificate's own signature
 * valid) so that no byte of {@code manifest.json.p7s} can change unnoticed. Trust in the signer is not decided here:
 * the signer's subject is reported for the reader to judge.
 */
public final class BundleVerifier {
    private BundleVerifier() {
    }

    /**
     * Verifies the bundle in {@code dir}.
     *
     * @throws BundleException when {@code dir} is not a bundle (no manifest or no evidence log)
     */
    public static BundleVerification verify(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new BundleException(dir + " is not a run bundle: it is not a directory");
        }
        Bundle bundle = Bundle.open(dir);
        List<BundleVerification.Problem> problems = new ArrayList<>();
        byte[] manifestBytes = Files.readAllBytes(bundle.manifest());
        BundleVerification.Signature signature = BundleVerification.Signature.UNSIGNED;
        String signer = null;
        if (Files.exists(bundle.signature())) {
            SignatureCheck check = checkSignature(manifestBytes, Files.readAllBytes(bundle.signature()));
            signer = check.signer;
            if (check.problem == null) {
                signature = BundleVerification.Signature.VALID;
            } else {
                signature = BundleVerification.Signature.INVALID;
                problems.add(check.problem);
            }
        }
        Manifest manifest;
        try {
            manifest = EvidenceJson.mapper().readValue(manifestBytes, Manifest.class);
        } catch (IOException e) {
            problems.add(new BundleVerification.Problem(Bundle.MANIFEST, "whole file",
                    "not a readable manifest: " + firstLine(e.getMessage())));
            ChainVerification chain = EvidenceReader.verify(bundle.evidence());
            chainProblem(chain, problems);
            return new BundleVerification(signature, signer, chain.valid() ? chain.lines() : chain.firstBadLine() - 1,
                    problems);
        }
        checkFiles(bundle, manifest, problems);
        Manifest.EvidenceInfo ev = manifest.evidence();
        String finalHash = null;
        long lines = -1;
        if (ev == null || ev.finalHash() == null || ev.lines() < 0) {
            problems.add(new BundleVerification.Problem(Bundle.MANIFEST, "field evidence",
                    "the manifest records no final chain hash and line count for the evidence log"));
        } else {
            finalHash = ev.finalHash();
            lines = ev.lines();
        }
        ChainVerification chain = EvidenceReader.verify(bundle.evidence(), finalHash, lines);
        chainProblem(chain, problems);
        return new BundleVerification(signature, signer, chain.valid() ? chain.lines() : chain.firstBadLine() - 1,
                problems);
    }

    private static void chainProblem(ChainVerification chain, List<BundleVerification.Problem> problems) {
        if (!chain.valid()) {
            problems.add(new BundleVerification.Problem(Bundle.EVIDENCE, "line " + chain.firstBadLine(),
                    chain.problem()));
        }
    }

    private static void checkFiles(Bundle bundle, Manifest manifest, List<BundleVerification.Problem> problems)
            throws IOException {
        if (manifest.files() == null) {
            problems.add(new BundleVerification.Problem(Bundle.MANIFEST, "field files",
                    "the manifest records no file hashes"));
            return;
        }
        Set<String> listed = new HashSet<>();
        int index = 0;
        for (Manifest.FileInfo f : manifest.files()) {
            String field = "field files[" + index++ + "]";
            if (f == null || f.path() == null || f.sha256() == null) {
                problems.add(new BundleVerification.Problem(Bundle.MANIFEST, field, "incomplete file entry"));
                continue;
            }
            listed.add(f.path());
            Path file = bundle.dir().resolve(f.path()).normalize();
            if (!file.startsWith(bundle.dir()) || !Files.isRegularFile(file)) {
                problems.add(new BundleVerification.Problem(f.path(), "whole file",
                        "listed in the manifest (" + field + ") but missing from the bundle"));
                continue;
            }
            byte[] bytes = Files.readAllBytes(file);
            String actual = Hashing.sha256Hex(bytes);
            if (!actual.equalsIgnoreCase(f.sha256())) {
                problems.add(new BundleVerification.Problem(f.path(), "whole file", "SHA-256 is " + actual
                        + " (" + bytes.length + " bytes) but the manifest (" + field + ".sha256) records "
                        + f.sha256() + " (" + f.bytes() + " bytes): the file was changed"));
            } else if (bytes.length != f.bytes()) {
                problems.add(new BundleVerification.Problem(Bundle.MANIFEST, field + ".bytes",
                        "records " + f.bytes() + " bytes; the file has " + bytes.length));
            }
        }
        for (String path : BundleSeal.otherFiles(bundle)) {
            if (!listed.contains(path)) {
                problems.add(new BundleVerification.Problem(path, "whole file",
                        "not listed in the manifest: added to the bundle after the run"));
            }
        }
    }

    private record SignatureCheck(String signer, BundleVerification.Problem problem) {
    }

    private static SignatureCheck checkSignature(byte[] manifest, byte[] der) {
        String signer = null;
        try {
            CMSSignedData signed = new CMSSignedData(new CMSProcessableByteArray(manifest), der);
            if (!Arrays.equals(signed.getEncoded("DER"), der)) {
                return failed(null, "not the DER encoding of a CMS signature (bytes were altered)");
            }
            if (!CMSObjectIdentifiers.data.getId().equals(signed.getSignedContentTypeOID())) {
                return failed(null, "signed content type is " + signed.getSignedContentTypeOID() + ", not id-data");
            }
            if (signed.getVersion() != 1) {
                return failed(null, "SignedData version " + signed.getVersion() + " where 1 was written");
            }
            Collection<SignerInformation> signers = signed.getSignerInfos().getSigners();
            if (signers.size() != 1) {
                return failed(null, signers.size() + " signers where one was written");
            }
            SignerInformation info = signers.iterator().next();
            if (info.getVersion() != 1) {
                return failed(null, "SignerInfo version " + info.getVersion() + " where 1 was written");
            }
            if (!signed.getDigestAlgorithmIDs().equals(Set.of(info.getDigestAlgorithmID()))) {
                return failed(null, "the digest algorithms listed do not match the signer's");
            }
            Store<X509CertificateHolder> certificates = signed.getCertificates();
            @SuppressWarnings("unchecked")
            Collection<X509CertificateHolder> matches = certificates.getMatches(info.getSID());
            if (matches.size() != 1) {
                return failed(null, "the signer's certificate is not in the signature");
            }
            JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
            X509Certificate certificate = converter.getCertificate(matches.iterator().next());
            signer = certificate.getSubjectX500Principal().getName();
            if (!certificateSignatureHolds(certificate, certificates, converter)) {
                return failed(signer, "the signer's certificate " + signer + " does not verify against its issuer"
                        + " (the certificate was altered)");
            }
            if (!info.verify(new JcaSimpleSignerInfoVerifierBuilder().build(certificate))) {
                return new SignatureCheck(signer, new BundleVerification.Problem(Bundle.MANIFEST,
                        "whole file (checked by " + Bundle.SIGNATURE + ")", "the signature does not match"
                        + " manifest.json: the manifest was changed after signing, or the signature was"));
            }
            return new SignatureCheck(signer, null);
        } catch (CMSException e) {
            String m = String.valueOf(e.getMessage());
            if (m.contains("digest")) {
                return new SignatureCheck(signer, new BundleVerification.Problem(Bundle.MANIFEST,
                        "whole file (checked by " + Bundle.SIGNATURE + ")", "the SHA-256 of manifest.json is not the"
                        + " message digest the signature covers: the manifest was changed after signing"));
            }
            return failed(signer, "the signature cannot be checked: " + firstLine(m));
        } catch (OperatorCreationException | GeneralSecurityException | IOException | RuntimeException e) {
            return failed(signer, "the signature cannot be read: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + firstLine(e.getMessage())));
        }
    }

    /** A self-signed certificate verifies with its own key; otherwise its issuer must be in the signature too. */
    private static boolean certificateSignatureHolds(X509Certificate certificate,
                                                     Store<X509CertificateHolder> certificates,
                                                     JcaX509CertificateConverter converter) {
        try {
            if (certificate.getIssuerX500Principal().equals(certificate.getSubjectX500Principal())) {
                certificate.verify(certificate.getPublicKey());
                return true;
            }
            @SuppressWarnings("unchecked")
            Collection<X509CertificateHolder> all = certificates.getMatches(null);
            for (X509CertificateHolder holder : all) {
                X509Certificate issuer = converter.getCertificate(holder);
                if (issuer.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
                    certificate.verify(issuer.getPublicKey());
                    return true;
                }
            }
            return false;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static SignatureCheck failed(String signer, String what) {
        return new SignatureCheck(signer, new BundleVerification.Problem(Bundle.SIGNATURE, "whole file", what));
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
