/**
 * The IEC 62056-46 HDLC data link layer (frame format type 3, as used by DLMS/COSEM on serial
 * lines and HDLC over TCP) as Netty handlers. {@link org.dmct.dlms.hdlc.HdlcFrameDecoder} and
 * {@link org.dmct.dlms.hdlc.HdlcFrameEncoder} frame the byte stream and report every frame to a
 * {@link org.dmct.dlms.RawFrameListener}; {@link org.dmct.dlms.hdlc.HdlcPipeline} adds the client
 * link (connection, segmentation, windows, sequence numbers, retries) or the server link (several
 * logical devices, one data link per client and logical device) on top.
 */
package org.dmct.dlms.hdlc;
