package org.dmct.sim.cosem;

import java.util.function.LongSupplier;
import org.dmct.dlms.axdr.DlmsData;
import org.dmct.dlms.cosem.DataAccessResult;
import org.dmct.dlms.cosem.ObisCode;

/**
 * Interface class 3 "Register": a value (attribute 2, double-long-unsigned as SMETS1-era meters serve energy
 * registers) with its scaler and unit (attribute 3). The value comes from a supplier so a register can advance with
 * the device's consumption.
 */
public final class RegisterObject extends CosemObject {
    private final LongSupplier value;
    private final int scaler;
    private final int unit;

    public RegisterObject(ObisCode logicalName, LongSupplier value, int scaler, int unit) {
        super(3, 0, logicalName);
        this.value = value;
        this.scaler = scaler;
        this.unit = unit;
    }

    @Override
    protected AttributeRead read(int attribute, SelectiveRead selective) {
        if (selective != null) {
            return AttributeRead.error(DataAccessResult.SCOPE_OF_ACCESS_VIOLATED);
        }
        switch (attribute) {
            case 2:
                return AttributeRead.of(DlmsData.u32(value.getAsLong() & 0xFFFF_FFFFL));
            case 3:
                return AttributeRead.of(DlmsData.structure(DlmsData.i8(scaler), DlmsData.enumValue(unit)));
            default:
                return undefined();
        }
    }

    @Override
    public int attributeCount() {
        return 3;
    }

    @Override
    public int methodCount() {
        return 1;
    }
}
