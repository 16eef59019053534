package org.dmct.dlms.security;

import java.util.Arrays;
import java.util.List;
import org.dmct.dlms.Vectors;
import org.dmct.dlms.apdu.AareApdu;
import org.dmct.dlms.apdu.AarqApdu;
import org.dmct.dlms.apdu.ApduCodec;

/** The jDLMS HLS-GMAC capture and the keys and titles its README gives. */
final class Hls5Capture {

    static final String FILE = "wrapper-hls5.jsonl";
    static final byte[] EK = Vectors.bytes("000102030405060708090A0B0C0D0E0F");
    static final byte[] AK = Vectors.bytes("D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF");
    static final SystemTitle CLIENT = SystemTitle.of("ABC", 7);
    static final SystemTitle SERVER = SystemTitle.of("FRN", 4711);

    private Hls5Capture() { }

    static List<Vectors.Line> lines() {
        return Vectors.load(FILE);
    }

    /** The whole ciphered APDU of a line: the AARQ/AARE user-information, or the frame after the wrapper header. */
    static byte[] cipheredApdu(Vectors.Line line) {
        if (line.acse() != null) {
            Object acse = ApduCodec.decode(line.acse()).apdu();
            return acse instanceof AarqApdu q ? q.rawUserInformation() : ((AareApdu) acse).rawUserInformation();
        }
        return Arrays.copyOfRange(line.frame(), 8, line.frame().length);
    }

    static AarqApdu aarq() {
        return (AarqApdu) ApduCodec.decode(lines().get(0).acse()).apdu();
    }

    static AareApdu aare() {
        return (AareApdu) ApduCodec.decode(lines().get(1).acse()).apdu();
    }

    /** The receiving side of a line: deciphers what the other side sent. */
    static CipheringContext receiverOf(boolean fromClient) {
        return CipheringContext.builder().suite(SecuritySuite.SUITE_0)
                .policy(SecurityPolicy.AUTHENTICATED_AND_ENCRYPTED)
                .ownSystemTitle(fromClient ? SERVER : CLIENT).peerSystemTitle(fromClient ? CLIENT : SERVER)
                .encryptionKey(EK).authenticationKey(AK).build();
    }

    /** The sending side of a line, with its next counter set to the captured one. */
    static CipheringContext senderOf(boolean fromClient, long invocationCounter) {
        return CipheringContext.builder().suite(SecuritySuite.SUITE_0)
                .policy(SecurityPolicy.AUTHENTICATED_AND_ENCRYPTED)
                .ownSystemTitle(fromClient ? CLIENT : SERVER).encryptionKey(EK).authenticationKey(AK)
                .invocationCounter(invocationCounter).build();
    }
}
