/**
 * xDLMS and ACSE APDUs of LN referencing as immutable records, and {@link org.dmct.dlms.apdu.ApduCodec},
 * which encodes them and decodes untrusted bytes into an {@link org.dmct.dlms.apdu.ApduDecodeResult}
 * without ever throwing. Also the GET block transfer helpers for both ends.
 */
package org.dmct.dlms.apdu;
