package org.dmct.dlms.apdu;

/**
 * Any APDU this codec handles: the ACSE APDUs that open and close an association (AARQ, AARE,
 * RLRQ, RLRE), the xDLMS initiate APDUs they carry, the LN services (GET, SET, ACTION, through
 * {@link ServiceApdu}), the unconfirmed notifications a server pushes ({@link NotificationApdu}) and
 * the two error APDUs. {@link ApduCodec} encodes and decodes them.
 */
public sealed interface Apdu permits AarqApdu, AareApdu, RlrqApdu, RlreApdu, InitiateRequest, InitiateResponse,
        ConfirmedServiceError, ExceptionResponse, ServiceApdu, NotificationApdu {
}
