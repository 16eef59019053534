package org.dmct.core.dcc;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.dmct.core.model.ResponseCode;
import org.dmct.core.model.ServiceRequest;
import org.dmct.core.srv.Srv;
import org.dmct.core.srv.SrvCatalogue;

/**
 * The checks the DCC makes on a service request before anything reaches a device, modelled so that the SRV pack's
 * refusal paths are real: the request's parameters against the SRV's definition (a request that does not conform is
 * {@link ResponseCode#REJECTED}), the command variant against the SRV's criticality (E12), and, for a critical
 * request, the Supplier's signature over its Pre-Command, verified with the key the DCC holds as registered for the
 * Supplier (E1 when it is missing or does not verify). The codes for the signature and the command variant follow
 * the DUIS response code classes in {@code SMETS1-REFERENCE.md}; which E1-E5 code the DCC gives for a bad signature
 * is our inference (see {@code docs/pack-language.md}).
 *
 * <p>The harness plays the Supplier too: {@link #sign} turns a critical request into the Signed Pre-Command the
 * Supplier would return, signed as the pack step asks.
 */
public final class DccRequestChecks {
    /** Command variants of a critical request: 4 (the DCC returns a Pre-Command to sign) and 5 (signed). */
    private static final List<Integer> CRITICAL_VARIANTS = List.of(4, 5);

    private final SrvCatalogue catalogue;
    private final SupplierKeys keys;

    public DccRequestChecks(SrvCatalogue catalogue, SupplierKeys keys) {
        this.catalogue = catalogue;
        this.keys = keys;
    }

    /** Why the DCC refuses a request: the response code it answers with and the reason, for the evidence. */
    public record Refusal(ResponseCode code, String reason) {
    }

    /** Whether {@code request}'s SRV needs a signed Pre-Command. */
    private boolean critical(ServiceRequest request) {
        return catalogue.find(request.srv()).map(Srv::critical).orElse(false);
    }

    /**
     * The Signed Pre-Command the Supplier returns for a critical request sent as a Pre-Command (command variant 4 or
     * 5), signed as {@code mode} says; empty for any other request.
     */
    public Optional<SignedPreCommand> sign(ServiceRequest request, SignatureMode mode) {
        if (!critical(request) || !CRITICAL_VARIANTS.contains(request.commandVariant())) {
            return Optional.empty();
        }
        byte[] payload = SignedPreCommand.preCommand(request);
        return Optional.of(switch (mode) {
            case VALID -> new SignedPreCommand(payload, keys.sign(payload, true),
                    keys.signerKeyId(true), mode);
            case MISSING -> new SignedPreCommand(payload, null, null, mode);
            case ALTERED -> {
                byte[] signature = keys.sign(payload, true);
                // The delivered Pre-Command differs from the signed one in one bit of its middle byte.
                byte[] altered = payload.clone();
                altered[altered.length / 2] ^= 0x01;
                yield new SignedPreCommand(altered, signature, keys.signerKeyId(true), mode);
            }
            case WRONG_KEY -> new SignedPreCommand(payload, keys.sign(payload, false),
                    keys.signerKeyId(false), mode);
        });
    }

    /** The DCC's refusal of {@code request} (delivered with {@code signed} when critical); empty when it passes. */
    public Optional<Refusal> check(ServiceRequest request, SignedPreCommand signed) {
        Optional<Srv> known = catalogue.find(request.srv());
        if (known.isEmpty()) {
            return Optional.empty();
        }
        Srv srv = known.get();
        List<String> problems = srv.parameters().problems(request.parameters());
        if (!problems.isEmpty()) {
            return Optional.of(new Refusal(ResponseCode.REJECTED, "the request does not conform to SRV "
                    + srv.srv() + "'s definition: " + String.join("; ", problems)));
        }
        int cv = request.commandVariant();
        if (srv.critical() && !CRITICAL_VARIANTS.contains(cv)) {
            return Optional.of(new Refusal(ResponseCode.E12, "SRV " + srv.srv() + " (" + srv.name() + ") is critical:"
                    + " it is sent as command variant 4 and returned signed as 5, not as command variant " + cv));
        }
        if (!srv.critical() && CRITICAL_VARIANTS.contains(cv)) {
            return Optional.of(new Refusal(ResponseCode.E12, "SRV " + srv.srv() + " (" + srv.name() + ") is not"
                    + " critical: command variant " + cv + " is for critical requests"));
        }
        if (!srv.critical()) {
            return Optional.empty();
        }
        if (signed == null || signed.signature() == null) {
            return Optional.of(new Refusal(ResponseCode.E1, "the critical request has no Supplier signature over its"
                    + " Pre-Command"));
        }
        if (!SupplierKeys.verify(keys.registered(), signed.payload(), signed.signature())) {
            String signer = signed.signerKeyId() == null ? "an unnamed key"
                    : "key " + signed.signerKeyId().substring(0, 16);
            boolean registeredSigner = keys.signerKeyId(true).equals(signed.signerKeyId());
            return Optional.of(new Refusal(ResponseCode.E1, "the Supplier signature does not verify with the key"
                    + " registered for the Supplier (" + keys.signerKeyId(true).substring(0, 16)
                    + "): " + (registeredSigner ? "the Pre-Command differs from what was signed"
                    : "it was made with " + signer + ", which is not registered")));
        }
        if (!Arrays.equals(signed.payload(), SignedPreCommand.preCommand(request))) {
            return Optional.of(new Refusal(ResponseCode.E1, "the signed Pre-Command is not this request's"));
        }
        return Optional.empty();
    }

    /** The run's record of the registered Supplier key (the modelled DCC's trust), for the evidence. */
    public java.util.Map<String, Object> registeredKeyEvidence() {
        var key = keys.registered();
        return org.dmct.core.internal.Fields.of("supplierKeyId", keys.signerKeyId(true),
                "supplierPublicKey", java.util.Base64.getEncoder().encodeToString(SupplierKeys.subjectPublicKeyInfo(key)),
                "algorithm", "ECDSA P-256 SHA-256");
    }
}
