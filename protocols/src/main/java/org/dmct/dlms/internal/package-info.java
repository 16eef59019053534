/** Internal helpers shared by the codec packages; not an API. */
package org.dmct.dlms.internal;
