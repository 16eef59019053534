/** Implementation of the DLMS security layer: AES-GCM, the key derivation and P-256 key encodings. Do not use from other modules. */
package org.dmct.dlms.security.internal;
