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
import java.util.HexFormat;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.BERTags;
import org.bouncycastle.asn1.cms.SignedData;
import org.bouncycastle.asn1.cms.SignerInfo;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.CMSAttributes;
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
        if (chain.valid()) {
            checkResumptions(bundle, problems);
        }
        return new BundleVerification(signature, signer, chain.valid() ? chain.lines() : chain.firstBadLine() - 1,
                problems);
    }

    /**
     * A resumed run's chain is one chain: each {@code run-resumed} record must name, as the line it continued from, the
     * line right before it (its {@code intactLines} is its own seq minus one and its {@code intactHash} its own
     * {@code prev}). A resume record that says otherwise was not written by a resumption of this log.
     */
    private static void checkResumptions(Bundle bundle, List<BundleVerification.Problem> problems) throws IOException {
        // Streamed: the log of a thousand-installation run does not fit in a small heap.
        for (EvidenceRecord r : EvidenceReader.stream(bundle.evidence())) {
            if (!r.type().equals(EvidenceTypes.RUN_RESUMED)) {
                continue;
            }
            if (r.number("intactLines") != r.seq() - 1 || !String.valueOf(r.text("prev")).equals(r.text("intactHash"))) {
                problems.add(new BundleVerification.Problem(Bundle.EVIDENCE, "line " + r.line(), "the run-resumed"
                        + " record says the run continued after line " + r.number("intactLines") + " (hash "
                        + r.text("intactHash") + "), but it follows line " + (r.seq() - 1) + " (hash " + r.text("prev")
                        + ")"));
            }
        }
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
            long size = Files.size(file);
            String actual = Hashing.sha256Hex(file);
            if (!actual.equalsIgnoreCase(f.sha256())) {
                problems.add(new BundleVerification.Problem(f.path(), "whole file", "SHA-256 is " + actual
                        + " (" + size + " bytes) but the manifest (" + field + ".sha256) records "
                        + f.sha256() + " (" + f.bytes() + " bytes): the file was changed"));
            } else if (size != f.bytes()) {
                problems.add(new BundleVerification.Problem(Bundle.MANIFEST, field + ".bytes",
                        "records " + f.bytes() + " bytes; the file has " + size));
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
            if (!rebuildsExactly(der)) {
                return failed(null, "a tag or field of the CMS structure was altered (it no longer encodes as written)");
            }
            if (!CMSObjectIdentifiers.signedData.equals(signed.toASN1Structure().getContentType())) {
                return failed(null, "content type is " + signed.toASN1Structure().getContentType()
                        + ", not id-signedData");
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
            X509CertificateHolder holder = matches.iterator().next();
            // The store matches names loosely (case, string types); the signer id must name the certificate exactly.
            if (info.getSID().getIssuer() == null
                    || !Arrays.equals(info.getSID().getIssuer().getEncoded("DER"), holder.getIssuer().getEncoded("DER"))
                    || !holder.getSerialNumber().equals(info.getSID().getSerialNumber())) {
                return failed(null, "the signer id does not name the certificate in the signature exactly");
            }
            // Bit strings whose unused-bit count changed still carry the same bytes; DER requires zero here.
            if (holder.toASN1Structure().getSignature().getPadBits() != 0
                    || holder.getSubjectPublicKeyInfo().getPublicKeyData().getPadBits() != 0) {
                return failed(null, "the signer's certificate is not DER (a bit string was altered)");
            }
            JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
            X509Certificate certificate = converter.getCertificate(holder);
            signer = certificate.getSubjectX500Principal().getName();
            if (!certificateSignatureHolds(certificate, certificates, converter)) {
                return failed(signer, "the signer's certificate " + signer + " does not verify against its issuer"
                        + " (the certificate was altered)");
            }
            boolean valid;
            try {
                valid = info.verify(new JcaSimpleSignerInfoVerifierBuilder().build(certificate));
            } catch (CMSException e) {
                valid = false;
            }
            return valid ? new SignatureCheck(signer, null) : new SignatureCheck(signer, whichChanged(manifest, info,
                    certificate));
        } catch (CMSException e) {
            return failed(signer, "the signature cannot be checked: " + firstLine(e.getMessage()));
        } catch (OperatorCreationException | GeneralSecurityException | IOException | RuntimeException e) {
            return failed(signer, "the signature cannot be read: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + firstLine(e.getMessage())));
        }
    }

    /**
     * When the signature does not hold, tells which file changed: if the signed attributes still verify under the
     * signer's key, they are as signed, so the manifest no longer has the digest they record; otherwise the signature
     * file itself was changed.
     */
    private static BundleVerification.Problem whichChanged(byte[] manifest, SignerInformation info,
                                                           X509Certificate certificate) {
        try {
            String algorithm = switch (info.getEncryptionAlgOID()) {
                case "1.2.840.10045.4.3.2" -> "SHA256withECDSA";
                case "1.2.840.113549.1.1.1", "1.2.840.113549.1.1.11" -> "SHA256withRSA";
                default -> null;
            };
            if (algorithm != null && info.getEncodedSignedAttributes() != null) {
                java.security.Signature check = java.security.Signature.getInstance(algorithm);
                check.initVerify(certificate.getPublicKey());
                check.update(info.getEncodedSignedAttributes());
                if (check.verify(info.getSignature())) {
                    Attribute digest = info.getSignedAttributes().get(CMSAttributes.messageDigest);
                    byte[] recorded = digest == null ? null
                            : ASN1OctetString.getInstance(digest.getAttrValues().getObjectAt(0)).getOctets();
                    byte[] actual = java.security.MessageDigest.getInstance("SHA-256").digest(manifest);
                    return new BundleVerification.Problem(Bundle.MANIFEST, "whole file", "changed after signing: its"
                            + " SHA-256 is " + HexFormat.of().formatHex(actual) + ", the signature covers "
                            + (recorded == null ? "no digest" : HexFormat.of().formatHex(recorded)));
                }
            }
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            // falls through: the signature file cannot be read far enough to clear it
        }
        return new BundleVerification.Problem(Bundle.SIGNATURE, "whole file", "the signature does not verify over"
                + " its own signed attributes with the signer's key: the signature file was changed");
    }

    /**
     * BouncyCastle keeps parsed objects as read, and accepts some tags loosely (a [1] where [0] belongs); rebuilding
     * SignedData and each SignerInfo from their fields and comparing the DER finds such changes.
     */
    private static boolean rebuildsExactly(byte[] der) throws IOException {
        ASN1Sequence contentInfo = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(der));
        ASN1TaggedObject explicit = ASN1TaggedObject.getInstance(contentInfo.getObjectAt(1));
        if (explicit.getTagClass() != BERTags.CONTEXT_SPECIFIC || explicit.getTagNo() != 0) {
            return false;
        }
        ASN1Sequence signedData = ASN1Sequence.getInstance(explicit.getExplicitBaseObject());
        if (!Arrays.equals(signedData.getEncoded("DER"),
                SignedData.getInstance(signedData).toASN1Primitive().getEncoded("DER"))) {
            return false;
        }
        for (int i = 0; i < signedData.size(); i++) {
            if (signedData.getObjectAt(i) instanceof ASN1TaggedObject t && t.getTagClass() != BERTags.CONTEXT_SPECIFIC) {
                return false;
            }
        }
        ASN1Set signerInfos = ASN1Set.getInstance(signedData.getObjectAt(signedData.size() - 1));
        for (int i = 0; i < signerInfos.size(); i++) {
            ASN1Sequence raw = ASN1Sequence.getInstance(signerInfos.getObjectAt(i));
            if (!Arrays.equals(raw.getEncoded("DER"), SignerInfo.getInstance(raw).toASN1Primitive().getEncoded("DER"))) {
                return false;
            }
            for (int j = 0; j < raw.size(); j++) {
                if (raw.getObjectAt(j) instanceof ASN1TaggedObject t && t.getTagClass() != BERTags.CONTEXT_SPECIFIC) {
                    return false;
                }
            }
        }
        return true;
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
