package org.dmct.adapters.dlms.internal;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import org.dmct.core.lab.DeviceSecurity;
import org.dmct.core.lab.LabDevice;
import org.dmct.core.profile.ProtocolSecurity;
import org.dmct.core.profile.ProtocolSettings;
import org.dmct.core.spi.SecretResolver;
import org.dmct.dlms.apdu.AareApdu;
import org.dmct.dlms.apdu.AarqApdu;
import org.dmct.dlms.apdu.ActionRequest;
import org.dmct.dlms.apdu.ActionResponse;
import org.dmct.dlms.apdu.Apdu;
import org.dmct.dlms.apdu.ApduCodec;
import org.dmct.dlms.apdu.InitiateRequest;
import org.dmct.dlms.apdu.InitiateResponse;
import org.dmct.dlms.apdu.InvokeIdAndPriority;
import org.dmct.dlms.security.CipheringContext;
import org.dmct.dlms.security.DecipherResult;
import org.dmct.dlms.security.HlsAuthenticator;
import org.dmct.dlms.security.HlsEcdsa;
import org.dmct.dlms.security.HlsGmac;
import org.dmct.dlms.security.HlsVerification;
import org.dmct.dlms.security.SecuredAcse;
import org.dmct.dlms.security.SecurityPolicy;
import org.dmct.dlms.security.SecuritySuite;
import org.dmct.dlms.security.SystemTitle;

/**
 * The security of one secured (HLS-GMAC or HLS-ECDSA) association of the adapter to one device: it resolves the
 * device's keys through the lab's {@link SecretResolver} when the association opens (keys are held only inside the
 * {@link CipheringContext} and never appear in messages), builds the AARQ with our system title and challenge and
 * the glo-initiate-request, reads the AARE (learning the device's system title), makes the reply_to_HLS_authentication
 * ACTION and checks the device's proof, then ciphers every service APDU with the profile's policy and deciphers every
 * answer. A failure is a {@link DeviceFailure} E20 naming the device and the reason.
 */
final class AssociationSecurity {
    /** The profile wants general-glo-ciphering (0xDB) for every service APDU. */
    private boolean generalGlo;
    /** Glo-/general-glo-ciphering adds at most tag, 3-byte length, SC, IC and the 12-byte tag. */
    static final int CIPHERING_OVERHEAD = 1 + 3 + 1 + 4 + 12;
    private static final int CHALLENGE_LENGTH = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String deviceId;
    private final CipheringContext context;
    private final HlsAuthenticator authenticator;
    private final boolean recordDecrypted;
    private byte[] clientChallenge;
    private byte[] serverChallenge;

    private AssociationSecurity(String deviceId, CipheringContext context, HlsAuthenticator authenticator,
                                boolean recordDecrypted) {
        this.deviceId = deviceId;
        this.context = context;
        this.authenticator = authenticator;
        this.recordDecrypted = recordDecrypted;
    }

    /**
     * Resolves the device's keys and prepares an association whose first invocation counter is {@code firstCounter}.
     * A device title and counter learnt in an earlier association of the run carry over, so a frame replayed from
     * that association is refused as stale.
     *
     * @throws DeviceFailure E20 when a key cannot be resolved or is unusable; the message names references only
     */
    static AssociationSecurity open(LabDevice device, SecretResolver secrets, long firstCounter,
                                    SystemTitle learntDeviceTitle, long highestDeviceCounter) {
        ProtocolSettings protocol = device.profile().protocol();
        DeviceSecurity keys = device.deviceSecurity().orElseThrow(() -> DeviceFailure.cannotCommunicate(
                "cannot associate with " + device.id() + ": its profile '" + device.profile().id() + "' uses "
                        + protocol.authentication() + " but the lab gives the device no security: keys"));
        SecuritySuite suite = protocol.authentication().suite() == 1 ? SecuritySuite.SUITE_1 : SecuritySuite.SUITE_0;
        byte[] ek = null;
        byte[] ak = null;
        try {
            ek = secrets.resolveKey(keys.encryptionKey(), CipheringContext.KEY_LENGTH);
            ak = secrets.resolveKey(keys.authenticationKey(), CipheringContext.KEY_LENGTH);
            CipheringContext.Builder builder = CipheringContext.builder()
                    .suite(suite)
                    .policy(policy(protocol.security().policy()))
                    .ownSystemTitle(SystemTitle.of(keys.clientSystemTitleBytes()))
                    .encryptionKey(ek)
                    .authenticationKey(ak)
                    .invocationCounter(firstCounter);
            SystemTitle declared = keys.serverSystemTitleBytes().map(SystemTitle::of).orElse(null);
            SystemTitle peer = declared != null ? declared : learntDeviceTitle;
            if (peer != null) {
                builder.peerSystemTitle(peer);
                if (peer.equals(learntDeviceTitle)) {
                    builder.highestPeerInvocationCounter(highestDeviceCounter);
                }
            }
            CipheringContext context = builder.build();
            HlsAuthenticator authenticator;
            if (suite == SecuritySuite.SUITE_1) {
                PrivateKey own = secrets.privateKey(keys.clientSigningKey());
                List<X509Certificate> chain = secrets.certificateChain(keys.serverCertificate());
                PublicKey deviceKey = chain.get(0).getPublicKey();
                authenticator = HlsEcdsa.authenticator(context, own, deviceKey);
            } else {
                authenticator = HlsGmac.authenticator(context);
            }
            AssociationSecurity opened = new AssociationSecurity(device.id(), context, authenticator,
                    keys.recordDecryptedApdus());
            opened.generalGlo = protocol.security().ciphering() == ProtocolSecurity.Ciphering.GENERAL_GLO;
            return opened;
        } catch (IllegalStateException | IllegalArgumentException e) {
            // Resolver and context messages name references and lengths, never key bytes.
            throw DeviceFailure.cannotCommunicate("cannot associate with " + device.id() + ": " + e.getMessage());
        } finally {
            wipe(ek);
            wipe(ak);
        }
    }

    private static void wipe(byte[] key) {
        if (key != null) {
            Arrays.fill(key, (byte) 0);
        }
    }

    static SecurityPolicy policy(ProtocolSecurity.Policy policy) {
        return switch (policy) {
            case AUTHENTICATED_ENCRYPTED -> SecurityPolicy.AUTHENTICATED_AND_ENCRYPTED;
            case AUTHENTICATED -> SecurityPolicy.AUTHENTICATED;
            case ENCRYPTED -> SecurityPolicy.ENCRYPTED;
        };
    }

    /** Pass 1: the AARQ with our title, the mechanism, CtoS and the glo-initiate-request. */
    AarqApdu aarq(InitiateRequest initiate) {
        clientChallenge = HlsAuthenticator.newChallenge(RANDOM, CHALLENGE_LENGTH);
        return SecuredAcse.aarq(context, authenticator.mechanism(), clientChallenge, initiate);
    }

    /**
     * Pass 2: checks the AARE and learns the device's system title and challenge.
     *
     * @return the device's InitiateResponse
     * @throws DeviceFailure E20 when the device refused or the AARE cannot be used
     */
    InitiateResponse acceptAare(AareApdu aare, String endpoint) {
        byte[] declared = context.peerSystemTitle().map(SystemTitle::bytes).orElse(null);
        if (declared != null && aare.respondingApTitle() != null
                && !Arrays.equals(declared, aare.respondingApTitle())) {
            throw DeviceFailure.cannotCommunicate(deviceId + " at " + endpoint + " answered with system title "
                    + hex(aare.respondingApTitle()) + " but the lab declares " + SystemTitle.of(declared));
        }
        SecuredAcse.AareReading reading = SecuredAcse.readAare(context, aare);
        if (!reading.accepted() && aare.result() == org.dmct.dlms.apdu.AssociationResult.ACCEPTED) {
            throw DeviceFailure.cannotCommunicate(deviceId + " at " + endpoint + " accepted the association with an"
                    + " AARE that cannot be used: " + reading.failure());
        }
        if (!reading.accepted()) {
            throw DeviceFailure.cannotCommunicate(deviceId + " at " + endpoint + " refused the association: "
                    + aare.result() + ", " + aare.resultSourceDiagnostic() + "; " + reading.failure()
                    + (reading.initiateError() == null ? "" : ", " + reading.initiateError()));
        }
        serverChallenge = reading.serverChallenge();
        return reading.initiateResponse();
    }

    /** Pass 3: the (plain) reply_to_HLS_authentication ACTION carrying f(StoC); it is ciphered when sent. */
    ActionRequest.Normal hlsReply(InvokeIdAndPriority invokeId) {
        return SecuredAcse.replyToHlsAuthentication(authenticator, invokeId, serverChallenge, clientChallenge);
    }

    /**
     * Pass 4: checks the device's f(CtoS).
     *
     * @throws DeviceFailure E20 when the device refused our proof or its own does not verify
     */
    void checkHlsResponse(Apdu answer, String endpoint) {
        if (!(answer instanceof ActionResponse response)) {
            throw DeviceFailure.cannotCommunicate(deviceId + " at " + endpoint
                    + " answered reply_to_HLS_authentication with " + answer.getClass().getSimpleName());
        }
        HlsVerification v = SecuredAcse.checkHlsAuthenticationResponse(authenticator, response, clientChallenge,
                serverChallenge);
        if (!v.verified()) {
            throw DeviceFailure.cannotCommunicate("HLS authentication with " + deviceId + " at " + endpoint
                    + " failed: " + v.reason());
        }
    }

    /**
     * Ciphers a service APDU for the wire with the association's policy: in general-glo-ciphering when the profile
     * asks for it, else in the service's glo- form (general-glo for an APDU that has none).
     */
    Apdu protect(Apdu plain) {
        byte[] bytes = ApduCodec.encode(plain);
        if (generalGlo) {
            return context.cipherGeneral(bytes);
        }
        try {
            return context.cipher(bytes);
        } catch (IllegalArgumentException noGloForm) {
            // e.g. an exception-response: no glo- tag exists, and the refusal comes before a counter is used
            return context.cipherGeneral(bytes);
        }
    }

    /** Opens a ciphered answer; failures (wrong key, replayed or stale counter, altered byte) are data. */
    DecipherResult open(Apdu received) {
        return context.decipher(received);
    }

    /** @return the device's system title, once known */
    SystemTitle deviceTitle() {
        return context.peerSystemTitle().orElse(null);
    }

    /** @return the highest invocation counter accepted from the device, -1 before any */
    long highestDeviceCounter() {
        return context.highestPeerInvocationCounter();
    }

    /** @return the invocation counter our next ciphered APDU will use */
    long nextInvocationCounter() {
        return context.nextInvocationCounter();
    }

    /** @return true when the lab asks for the plaintext of every ciphered APDU in the evidence too */
    boolean recordDecrypted() {
        return recordDecrypted;
    }

    private static String hex(byte[] b) {
        return java.util.HexFormat.of().withUpperCase().formatHex(b);
    }

    @Override
    public String toString() {
        return "AssociationSecurity[" + deviceId + ", " + context + "]";
    }
}
