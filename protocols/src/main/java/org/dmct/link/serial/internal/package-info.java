/** jSerialComm access and the I/O threads behind {@link org.dmct.link.serial.SerialChannel}; not an API. */
package org.dmct.link.serial.internal;
