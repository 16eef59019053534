/**
 * COSEM value types shared by every layer: OBIS codes, attribute and method descriptors, the
 * 12-byte date-time, and the result enumerations of the xDLMS services.
 */
package org.dmct.dlms.cosem;
