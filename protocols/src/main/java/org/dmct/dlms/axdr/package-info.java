/**
 * A-XDR encoding (IEC 61334-6) of the COSEM {@code Data} choice: the {@link org.dmct.dlms.axdr.DlmsData}
 * value model and {@link org.dmct.dlms.axdr.AxdrCodec}, which decodes hostile input within
 * fixed bounds and reports malformed bytes with their offset.
 */
package org.dmct.dlms.axdr;
