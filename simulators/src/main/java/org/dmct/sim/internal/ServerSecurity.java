package org.dmct.sim.internal;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.Arrays;
import org.dmct.core.lab.DeviceSecurity;
import org.dmct.core.profile.ProtocolSecurity;
import org.dmct.core.profile.ProtocolSettings;
import org.dmct.core.spi.SecretResolver;
import org.dmct.dlms.apdu.AareApdu;
import org.dmct.dlms.apdu.AarqApdu;
import org.dmct.dlms.apdu.ActionRequest;
import org.dmct.dlms.apdu.ActionResponse;
import org.dmct.dlms.apdu.Apdu;
import org.dmct.dlms.apdu.ApduCodec;
import org.dmct.dlms.apdu.AuthenticationMechanism;
import org.dmct.dlms.apdu.InitiateResponse;
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
import org.dmct.sim.device.DeviceCredentials;
import org.dmct.sim.device.SimulatedDevice;

/**
 * The meter side of one secured association of a simulated device: the device's keys, resolved through the lab's
 * {@link SecretResolver} when the client's AARQ arrives (the simulator holds the same keys as the lab gives the
 * harness, plus for suite 1 the simulated meter's own signing key), the AARQ reading and the AARE, the check of the
 * client's f(StoC) and the device's f(CtoS), and the deciphering of requests and ciphering of answers. Counters start
 * from, and are kept back into, the {@link SimulatedDevice}, so a replayed or stale counter stays refused across
 * associations as on a real meter.
 */
final class ServerSecurity {
    /** The profile wants general-glo-ciphering (0xDB) for every service APDU. */
    private boolean generalGlo;
    /** Glo-/general-glo-ciphering adds at most tag, 3-byte length, SC, IC and the 12-byte tag. */
    static final int CIPHERING_OVERHEAD = 1 + 3 + 1 + 4 + 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SimulatedDevice device;
    private final CipheringContext context;
    private final HlsAuthenticator authenticator;
    private byte[] clientChallenge;
    private byte[] serverChallenge;

    private ServerSecurity(SimulatedDevice device, CipheringContext context, HlsAuthenticator authenticator) {
        this.device = device;
        this.context = context;
        this.authenticator = authenticator;
    }

    /**
     * Resolves the device's keys. The client's system title is the one the lab declares, so the device keeps the
     * highest counter it accepted from that client.
     *
     * @throws IllegalStateException naming the reference (never a key) when a key cannot be resolved
     */
    static ServerSecurity open(SimulatedDevice device, SecretResolver secrets) {
        ProtocolSettings protocol = device.profile().protocol();
        DeviceSecurity keys = device.declaration().deviceSecurity().orElseThrow(() -> new IllegalStateException(
                "simulated device " + device.id() + " has a secured profile but no security: keys in the lab"));
        boolean suite1 = protocol.authentication().suite() == 1;
        byte[] ek = null;
        byte[] ak = null;
        try {
            // keys a global key transfer put in force replace the lab's: the old ones are refused from then on
            ek = device.credentials().encryptionKey()
                    .orElseGet(() -> secrets.resolveKey(keys.encryptionKey(), CipheringContext.KEY_LENGTH));
            ak = device.credentials().authenticationKey()
                    .orElseGet(() -> secrets.resolveKey(keys.authenticationKey(), CipheringContext.KEY_LENGTH));
            SystemTitle own = DeviceCredentials.systemTitle(device);
            CipheringContext context = CipheringContext.builder()
                    .suite(suite1 ? SecuritySuite.SUITE_1 : SecuritySuite.SUITE_0)
                    .policy(policy(protocol.security().policy()))
                    .ownSystemTitle(own)
                    .peerSystemTitle(SystemTitle.of(keys.clientSystemTitleBytes()))
                    .encryptionKey(ek)
                    .authenticationKey(ak)
                    .invocationCounter(device.ownInvocationCounter())
                    .highestPeerInvocationCounter(device.clientInvocationCounter())
                    .build();
            HlsAuthenticator authenticator;
            if (suite1) {
                if (keys.serverSigningKey() == null) {
                    throw new IllegalStateException("simulated device " + device.id()
                            + " needs security.serverSigningKey (the simulated meter's private key) for hls-ecdsa");
                }
                PrivateKey signing = secrets.privateKey(keys.serverSigningKey());
                PublicKey client = secrets.certificateChain(keys.clientSigningKey()).get(0).getPublicKey();
                authenticator = HlsEcdsa.authenticator(context, signing, client);
            } else {
                authenticator = HlsGmac.authenticator(context);
            }
            ServerSecurity opened = new ServerSecurity(device, context, authenticator);
            opened.generalGlo = protocol.security().ciphering() == ProtocolSecurity.Ciphering.GENERAL_GLO;
            return opened;
        } finally {
            if (ek != null) {
                Arrays.fill(ek, (byte) 0);
            }
            if (ak != null) {
                Arrays.fill(ak, (byte) 0);
            }
        }
    }

    static SecurityPolicy policy(ProtocolSecurity.Policy policy) {
        return switch (policy) {
            case AUTHENTICATED_ENCRYPTED -> SecurityPolicy.AUTHENTICATED_AND_ENCRYPTED;
            case AUTHENTICATED -> SecurityPolicy.AUTHENTICATED;
            case ENCRYPTED -> SecurityPolicy.ENCRYPTED;
        };
    }

    /** @return the mechanism the device's profile requires */
    AuthenticationMechanism mechanism() {
        return authenticator.mechanism();
    }

    /** @return the system title of the client the lab declares */
    SystemTitle expectedClient() {
        return context.peerSystemTitle().orElseThrow();
    }

    /** Pass 1 at the meter: the client's title, CtoS and the deciphered InitiateRequest, or why not. */
    SecuredAcse.AarqReading readAarq(AarqApdu aarq) {
        SecuredAcse.AarqReading reading = SecuredAcse.readAarq(context, aarq);
        keepCounters();
        if (reading.isSuccess()) {
            clientChallenge = reading.clientChallenge();
        }
        return reading;
    }

    /** Pass 2: accepts pending HLS, with StoC and the ciphered InitiateResponse. */
    AareApdu aare(InitiateResponse response) {
        serverChallenge = HlsAuthenticator.newChallenge(RANDOM, 32);
        AareApdu aare = SecuredAcse.aare(context, authenticator.mechanism(), serverChallenge, response);
        keepCounters();
        return aare;
    }

    /** Opens a request; anything not ciphered, or ciphered wrongly, is a failure. */
    DecipherResult open(Apdu received) {
        DecipherResult r = context.decipher(received);
        keepCounters();
        return r;
    }

    /** Pass 3 at the meter: the client's f(StoC). */
    HlsVerification checkReply(ActionRequest request) {
        return SecuredAcse.checkReplyToHlsAuthentication(authenticator, request, serverChallenge, clientChallenge);
    }

    /** Pass 4: the device's f(CtoS), plain (it is ciphered by {@link #protect}). */
    ActionResponse.Normal hlsResponse(ActionRequest request) {
        return SecuredAcse.hlsAuthenticationResponse(authenticator, request.invokeIdAndPriority(), clientChallenge,
                serverChallenge);
    }

    /** Ciphers an answer: general-glo when the profile asks for it, else the glo- form (general-glo if none). */
    Apdu protect(Apdu plain) {
        return protect(ApduCodec.encode(plain));
    }

    /** Ciphers an answer already encoded ({@code bytes}: its plain xDLMS APDU), as {@link #protect(Apdu)}. */
    Apdu protect(byte[] bytes) {
        Apdu ciphered;
        if (generalGlo) {
            ciphered = context.cipherGeneral(bytes);
            keepCounters();
            return ciphered;
        }
        try {
            ciphered = context.cipher(bytes);
        } catch (IllegalArgumentException noGloForm) {
            ciphered = context.cipherGeneral(bytes);
        }
        keepCounters();
        return ciphered;
    }

    private void keepCounters() {
        device.keepInvocationCounters(Math.max(0, context.highestPeerInvocationCounter()),
                context.nextInvocationCounter());
    }
}
