package org.dmct.dlms.security;

import java.util.Objects;
import java.util.Optional;
import org.dmct.dlms.apdu.AareApdu;
import org.dmct.dlms.apdu.AarqApdu;
import org.dmct.dlms.apdu.AcseServiceUserDiagnostic;
import org.dmct.dlms.apdu.ActionRequest;
import org.dmct.dlms.apdu.ActionResponse;
import org.dmct.dlms.apdu.ApduCodec;
import org.dmct.dlms.apdu.ApplicationContextName;
import org.dmct.dlms.apdu.AssociationResult;
import org.dmct.dlms.apdu.AuthenticationMechanism;
import org.dmct.dlms.apdu.ConfirmedServiceError;
import org.dmct.dlms.apdu.GetDataResult;
import org.dmct.dlms.apdu.InitiateRequest;
import org.dmct.dlms.apdu.InitiateResponse;
import org.dmct.dlms.apdu.InvokeIdAndPriority;
import org.dmct.dlms.apdu.ResultSourceDiagnostic;
import org.dmct.dlms.axdr.DlmsData;
import org.dmct.dlms.cosem.ActionResult;
import org.dmct.dlms.cosem.MethodDescriptor;

/**
 * Builds and reads the APDUs of a ciphered, HLS-authenticated association (LN referencing with
 * ciphering), in both roles, on top of a {@link CipheringContext} and an {@link HlsAuthenticator}:
 * <ol>
 * <li>client: {@link #aarq}: calling-AP-title = our system title, mechanism, calling authentication
 * value = CtoS, user-information = the glo-initiate-request;</li>
 * <li>server: {@link #readAarq} learns the client's title and opens the InitiateRequest;
 * {@link #aare} answers with our title, StoC and the glo-initiate-response;</li>
 * <li>client: {@link #readAare}; then {@link #replyToHlsAuthentication} is the ACTION (Association
 * LN 0-0:40.0.0.255 method 1) carrying f(StoC), to be ciphered with the context;</li>
 * <li>server: {@link #checkReplyToHlsAuthentication} checks f(StoC) and {@link #hlsAuthenticationResponse}
 * answers with f(CtoS); client: {@link #checkHlsAuthenticationResponse}.</li>
 * </ol>
 * Every reading method returns failures as data; the contexts learn the peer's system title.
 */
public final class SecuredAcse {

    /** The current association object, which holds reply_to_HLS_authentication. */
    public static final MethodDescriptor REPLY_TO_HLS_AUTHENTICATION = MethodDescriptor.of(15, "0-0:40.0.0.255", 1);

    private SecuredAcse() { }

    // ---- client ----

    /**
     * The client's AARQ.
     *
     * @param context the client's ciphering context (its counter is advanced)
     * @param mechanism HIGH_GMAC or HIGH_ECDSA
     * @param clientChallenge CtoS, from {@link HlsAuthenticator#newChallenge}
     * @param initiate the xDLMS InitiateRequest, ciphered into a glo-initiate-request
     * @return the AARQ
     */
    public static AarqApdu aarq(CipheringContext context, AuthenticationMechanism mechanism, byte[] clientChallenge,
                                InitiateRequest initiate) {
        Objects.requireNonNull(mechanism, "mechanism");
        Objects.requireNonNull(clientChallenge, "clientChallenge");
        byte[] userInformation = ApduCodec.encode(context.cipher(initiate));
        return new AarqApdu(ApplicationContextName.LN_CIPHERING, context.ownSystemTitle().bytes(), null, true,
                mechanism, clientChallenge, null, userInformation);
    }

    /**
     * What a client reads from an AARE: accepted or not, the server's challenge and the deciphered
     * InitiateResponse or initiate error, or the reason the AARE could not be used.
     *
     * @param accepted true if the server accepted (result and xDLMS part both)
     * @param serverChallenge StoC, or null
     * @param initiateResponse the InitiateResponse, or null
     * @param initiateError the xDLMS initiate error, or null
     * @param failure why the AARE is unusable or refused, null when accepted
     */
    public record AareReading(boolean accepted, byte[] serverChallenge, InitiateResponse initiateResponse,
                              ConfirmedServiceError initiateError, String failure) {
        /** Copies. */
        public AareReading {
            serverChallenge = serverChallenge == null ? null : serverChallenge.clone();
        }

        /** @return a copy of StoC, or null */
        @Override
        public byte[] serverChallenge() {
            return serverChallenge == null ? null : serverChallenge.clone();
        }

        @Override
        public String toString() {
            return "AareReading[" + (accepted ? "accepted, " + initiateResponse : "not accepted: " + failure) + "]";
        }
    }

    /**
     * Reads the server's AARE: learns its system title into the context and opens the
     * glo-initiate-response (or glo-confirmed-service-error).
     *
     * @param context the client's context
     * @param aare the AARE
     * @return the reading
     */
    public static AareReading readAare(CipheringContext context, AareApdu aare) {
        byte[] title = aare.respondingApTitle();
        if (aare.result() != AssociationResult.ACCEPTED) {
            ConfirmedServiceError error = aare.initiateError();
            if (error == null && aare.rawUserInformation() != null && title != null && title.length == SystemTitle.LENGTH) {
                context.peerSystemTitle(SystemTitle.of(title));
                error = context.decipher(aare.rawUserInformation()).as(ConfirmedServiceError.class).orElse(null);
            }
            return new AareReading(false, null, null, error, "association " + aare.result() + ": "
                    + aare.resultSourceDiagnostic());
        }
        if (title == null || title.length != SystemTitle.LENGTH) {
            return new AareReading(false, null, null, null, "the AARE has no 8-byte responding-AP-title (system title)");
        }
        if (aare.rawUserInformation() == null) {
            return new AareReading(false, null, null, aare.initiateError(),
                    "the AARE user-information is not ciphered (expected a glo-initiate-response)");
        }
        context.peerSystemTitle(SystemTitle.of(title));
        DecipherResult opened = context.decipher(aare.rawUserInformation());
        if (!opened.isSuccess()) {
            return new AareReading(false, null, null, null, "glo-initiate-response: " + opened.failure().orElseThrow()
                    + ": " + opened.message().orElseThrow());
        }
        Optional<ConfirmedServiceError> error = opened.as(ConfirmedServiceError.class);
        if (error.isPresent()) {
            return new AareReading(false, null, null, error.get(), "initiate refused: " + error.get());
        }
        byte[] challenge = aare.respondingAuthenticationValue();
        if (challenge == null) {
            return new AareReading(false, null, null, null, "the AARE has no responding-authentication-value (StoC)");
        }
        return opened.as(InitiateResponse.class)
                .map(r -> new AareReading(true, challenge, r, null, null))
                .orElseGet(() -> new AareReading(false, null, null, null,
                        "the glo-initiate-response held " + opened.apdu().getClass().getSimpleName()));
    }

    /**
     * The client's pass 3: the ACTION that carries f(StoC). Cipher it with the context before sending.
     *
     * @param authenticator the client's authenticator
     * @param invokeId the invoke id
     * @param serverChallenge StoC
     * @param clientChallenge CtoS
     * @return the plain ACTION request
     */
    public static ActionRequest.Normal replyToHlsAuthentication(HlsAuthenticator authenticator,
                                                                InvokeIdAndPriority invokeId, byte[] serverChallenge,
                                                                byte[] clientChallenge) {
        byte[] proof = authenticator.proof(serverChallenge, clientChallenge);
        return new ActionRequest.Normal(invokeId, REPLY_TO_HLS_AUTHENTICATION, DlmsData.octets(proof));
    }

    /**
     * The client's check of pass 4: f(CtoS) in the ACTION response.
     *
     * @param authenticator the client's authenticator
     * @param response the (deciphered) ACTION response
     * @param clientChallenge CtoS
     * @param serverChallenge StoC
     * @return the outcome
     */
    public static HlsVerification checkHlsAuthenticationResponse(HlsAuthenticator authenticator,
                                                                 ActionResponse response, byte[] clientChallenge,
                                                                 byte[] serverChallenge) {
        if (!(response instanceof ActionResponse.Normal normal)) {
            return HlsVerification.failed("expected a normal ACTION response to reply_to_HLS_authentication");
        }
        if (normal.result() != ActionResult.SUCCESS) {
            return HlsVerification.failed("the server refused reply_to_HLS_authentication: " + normal.result());
        }
        Optional<byte[]> proof = Optional.ofNullable(normal.returnParameters()).map(GetDataResult::data)
                .flatMap(DlmsData::asBytes);
        if (proof.isEmpty()) {
            return HlsVerification.failed("the ACTION response carries no octet-string f(CtoS)");
        }
        return authenticator.verify(proof.get(), clientChallenge, serverChallenge);
    }

    // ---- server ----

    /**
     * What a server reads from an AARQ.
     *
     * @param mechanism the mechanism the client asks for, or null
     * @param clientChallenge CtoS, or null
     * @param initiateRequest the deciphered InitiateRequest, or null on failure
     * @param failure why the AARQ is unusable, null on success
     */
    public record AarqReading(AuthenticationMechanism mechanism, byte[] clientChallenge,
                              InitiateRequest initiateRequest, String failure) {
        /** Copies. */
        public AarqReading {
            clientChallenge = clientChallenge == null ? null : clientChallenge.clone();
        }

        /** @return a copy of CtoS, or null */
        @Override
        public byte[] clientChallenge() {
            return clientChallenge == null ? null : clientChallenge.clone();
        }

        /** @return true if the AARQ is a usable ciphered HLS request */
        public boolean isSuccess() {
            return failure == null;
        }

        @Override
        public String toString() {
            return "AarqReading[" + (failure == null ? mechanism + ", " + initiateRequest : failure) + "]";
        }
    }

    /**
     * Reads a client's AARQ: learns its system title into the context and opens the glo-initiate-request.
     *
     * @param context the server's context
     * @param aarq the AARQ
     * @return the reading
     */
    public static AarqReading readAarq(CipheringContext context, AarqApdu aarq) {
        AuthenticationMechanism mechanism = aarq.mechanismName();
        if (aarq.applicationContextName() != ApplicationContextName.LN_CIPHERING) {
            return new AarqReading(mechanism, null, null, "application context " + aarq.applicationContextName()
                    + " is not LN with ciphering");
        }
        byte[] title = aarq.callingApTitle();
        if (title == null || title.length != SystemTitle.LENGTH) {
            return new AarqReading(mechanism, null, null, "the AARQ has no 8-byte calling-AP-title (system title)");
        }
        byte[] challenge = aarq.callingAuthenticationValue();
        if (challenge == null || challenge.length < HlsAuthenticator.MIN_CHALLENGE_LENGTH
                || challenge.length > HlsAuthenticator.MAX_CHALLENGE_LENGTH) {
            return new AarqReading(mechanism, null, null, "the calling-authentication-value (CtoS) must be 8..64 bytes, got "
                    + (challenge == null ? "none" : challenge.length));
        }
        if (aarq.rawUserInformation() == null) {
            return new AarqReading(mechanism, challenge, null,
                    "the AARQ user-information is not ciphered (expected a glo-initiate-request)");
        }
        context.peerSystemTitle(SystemTitle.of(title));
        DecipherResult opened = context.decipher(aarq.rawUserInformation());
        if (!opened.isSuccess()) {
            return new AarqReading(mechanism, challenge, null, "glo-initiate-request: "
                    + opened.failure().orElseThrow() + ": " + opened.message().orElseThrow());
        }
        return opened.as(InitiateRequest.class)
                .map(r -> new AarqReading(mechanism, challenge, r, null))
                .orElseGet(() -> new AarqReading(mechanism, challenge, null,
                        "the glo-initiate-request held " + opened.apdu().getClass().getSimpleName()));
    }

    /**
     * The server's accepting AARE: HLS pending, so the diagnostic is authentication-required.
     *
     * @param context the server's context (its counter is advanced)
     * @param mechanism the mechanism agreed
     * @param serverChallenge StoC
     * @param response the InitiateResponse, ciphered into a glo-initiate-response
     * @return the AARE
     */
    public static AareApdu aare(CipheringContext context, AuthenticationMechanism mechanism, byte[] serverChallenge,
                                InitiateResponse response) {
        byte[] userInformation = ApduCodec.encode(context.cipher(response));
        return new AareApdu(ApplicationContextName.LN_CIPHERING, AssociationResult.ACCEPTED,
                ResultSourceDiagnostic.user(AcseServiceUserDiagnostic.AUTHENTICATION_REQUIRED),
                context.ownSystemTitle().bytes(), null, true, mechanism, serverChallenge, null, null, userInformation);
    }

    /**
     * The server's check of pass 3: f(StoC) in the (deciphered) ACTION request.
     *
     * @param authenticator the server's authenticator
     * @param request the request
     * @param serverChallenge StoC
     * @param clientChallenge CtoS
     * @return the outcome
     */
    public static HlsVerification checkReplyToHlsAuthentication(HlsAuthenticator authenticator, ActionRequest request,
                                                                byte[] serverChallenge, byte[] clientChallenge) {
        if (!(request instanceof ActionRequest.Normal normal) || !REPLY_TO_HLS_AUTHENTICATION.equals(normal.method())) {
            return HlsVerification.failed("not a reply_to_HLS_authentication request to 0-0:40.0.0.255");
        }
        Optional<byte[]> proof = Optional.ofNullable(normal.parameters()).flatMap(DlmsData::asBytes);
        if (proof.isEmpty()) {
            return HlsVerification.failed("reply_to_HLS_authentication carries no octet-string f(StoC)");
        }
        return authenticator.verify(proof.get(), serverChallenge, clientChallenge);
    }

    /**
     * The server's pass 4 after a verified f(StoC): success with f(CtoS). Cipher it before sending.
     *
     * @param authenticator the server's authenticator
     * @param invokeId the request's invoke id
     * @param clientChallenge CtoS
     * @param serverChallenge StoC
     * @return the plain ACTION response
     */
    public static ActionResponse.Normal hlsAuthenticationResponse(HlsAuthenticator authenticator,
                                                                  InvokeIdAndPriority invokeId, byte[] clientChallenge,
                                                                  byte[] serverChallenge) {
        byte[] proof = authenticator.proof(clientChallenge, serverChallenge);
        return new ActionResponse.Normal(invokeId, ActionResult.SUCCESS, GetDataResult.of(DlmsData.octets(proof)));
    }
}
