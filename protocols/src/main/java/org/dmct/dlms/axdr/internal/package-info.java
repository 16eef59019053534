/**
 * Internal A-XDR helpers: the bounds-checked reader and the recursive data codec shared by the
 * public codecs. Not an API; other modules must not use these classes.
 */
package org.dmct.dlms.axdr.internal;
