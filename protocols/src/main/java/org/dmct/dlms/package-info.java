/**
 * DLMS/COSEM wire codecs with no knowledge of the harness that uses them: the COSEM value
 * types ({@code cosem}), A-XDR data encoding ({@code axdr}), xDLMS and ACSE APDUs
 * ({@code apdu}) and the IEC 62056-47 TCP wrapper as Netty handlers ({@code wrapper}). Packages
 * named {@code internal} hold helpers that other modules must not depend on.
 */
package org.dmct.dlms;
