package org.dmct.core.model;

/** How a DMC's installations stand before migration (SMETS1-REFERENCE "Installation types"); a DMC is tested per type. */
public enum InstallationType { DORMANT, ACTIVE, MIXED }
