/**
 * The IEC 62056-47 TCP wrapper (the DLMS/COSEM transport over TCP and UDP, port 4059) as Netty
 * handlers: an 8-byte header of version 0x0001, source wPort, destination wPort and payload
 * length, all 16-bit big-endian, followed by one APDU. {@link org.dmct.dlms.wrapper.WrapperFrameDecoder}
 * and {@link org.dmct.dlms.wrapper.WrapperFrameEncoder} frame the stream and report every unit to a
 * {@link org.dmct.dlms.RawFrameListener}; {@link org.dmct.dlms.wrapper.ApduFrameCodec} maps frames
 * to APDUs; {@link org.dmct.dlms.wrapper.WrapperPipeline} installs all three.
 */
package org.dmct.dlms.wrapper;
