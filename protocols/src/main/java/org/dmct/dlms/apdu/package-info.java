/**
 * xDLMS and ACSE APDUs of LN referencing as immutable records, and {@link org.dmct.dlms.apdu.ApduCodec},
 * which encodes them and decodes untrusted bytes into an {@link org.dmct.dlms.apdu.ApduDecodeResult}
 * without ever throwing. Also the GET, SET and ACTION block transfer helpers for both ends and the
 * profile generic selective access builders and reader.
 */
package org.dmct.dlms.apdu;
