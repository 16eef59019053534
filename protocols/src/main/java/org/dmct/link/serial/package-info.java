/**
 * Serial lines for DLMS/COSEM over HDLC: {@link org.dmct.link.serial.SerialPortSettings} (port and framing),
 * {@link org.dmct.link.serial.SerialChannel} (a Netty channel on jSerialComm, connected with a
 * {@link org.dmct.link.serial.SerialAddress}), {@link org.dmct.link.serial.LineSpeedShaper} (paces outbound bytes
 * at the line's baud rate), {@link org.dmct.link.serial.SerialPorts} (what the machine offers) and
 * {@link org.dmct.link.serial.PtyPair} (a socat null-modem pair for simulators and tests). Nothing here knows
 * DLMS; the HDLC codec sits on top.
 */
package org.dmct.link.serial;
