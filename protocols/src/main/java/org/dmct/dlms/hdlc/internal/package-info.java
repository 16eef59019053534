/** Implementation of the HDLC links and frame parsing; do not use from other modules. */
package org.dmct.dlms.hdlc.internal;
