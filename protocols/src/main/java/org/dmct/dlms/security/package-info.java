/**
 * DLMS/COSEM security: system titles, the security control byte and policy, suite 0 and suite 1
 * ciphering of xDLMS APDUs ({@link org.dmct.dlms.security.CipheringContext}), HLS-GMAC and
 * HLS-ECDSA authentication, ECDH key agreement, and helpers that build and read the ACSE APDUs of
 * a secured association ({@link org.dmct.dlms.security.SecuredAcse}). Key bytes are never put in
 * a message, a {@code toString} or an exception.
 */
package org.dmct.dlms.security;
