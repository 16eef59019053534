package org.dmct.dlms.apdu;

/**
 * Any APDU this codec handles: the ACSE APDUs that open and close an association (AARQ, AARE,
 * RLRQ, RLRE), the xDLMS initiate APDUs they carry, the LN services (GET, SET, ACTION, through
 * {@link ServiceApdu}), the unconfirmed notifications a server pushes ({@link NotificationApdu}),
 * the two error APDUs, and the ciphered envelopes ({@link CipheredApdu}, {@link GeneralGloCipheredApdu})
 * that the security layer opens. {@link ApduCodec} encodes and decodes them.
 */
public sealed interface Apdu permits AarqApdu, AareApdu, RlrqApdu, RlreApdu, InitiateRequest, InitiateResponse,
        ConfirmedServiceError, ExceptionResponse, ServiceApdu, NotificationApdu, CipheredApdu,
        GeneralGloCipheredApdu {
}
