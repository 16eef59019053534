package org.dmct.sim.cosem;

import java.util.function.Supplier;
import org.dmct.dlms.axdr.DlmsData;
import org.dmct.dlms.cosem.DataAccessResult;
import org.dmct.dlms.cosem.ObisCode;

/**
 * Interface class 1 "Data": one value (a serial number, a firmware identifier, a manufacturer name). The value may
 * be computed on each read, so a firmware identifier follows the firmware the device is currently running.
 */
public final class DataObject extends CosemObject {
    private final Supplier<DlmsData> value;

    public DataObject(ObisCode logicalName, Supplier<DlmsData> value) {
        super(1, 0, logicalName);
        this.value = value;
    }

    public static DataObject constant(ObisCode logicalName, DlmsData value) {
        return new DataObject(logicalName, () -> value);
    }

    @Override
    protected AttributeRead read(int attribute, SelectiveRead selective) {
        if (attribute != 2) {
            return undefined();
        }
        if (selective != null) {
            return AttributeRead.error(DataAccessResult.SCOPE_OF_ACCESS_VIOLATED);
        }
        return AttributeRead.of(value.get());
    }

    @Override
    public int attributeCount() {
        return 2;
    }
}
