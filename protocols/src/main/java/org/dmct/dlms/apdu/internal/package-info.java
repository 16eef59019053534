/**
 * Internal APDU encoders and decoders (A-XDR for xDLMS, a small BER reader and writer for ACSE)
 * behind {@link org.dmct.dlms.apdu.ApduCodec}. Not an API; other modules must not use these classes.
 */
package org.dmct.dlms.apdu.internal;
