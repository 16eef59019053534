package org.dmct.sim.cosem;

import java.util.function.Function;
import java.util.function.Supplier;
import org.dmct.dlms.axdr.DlmsData;
import org.dmct.dlms.cosem.DataAccessResult;
import org.dmct.dlms.cosem.ObisCode;

/**
 * Interface class 1 "Data" whose value a client may write (a tariff table, a price list, a display message): reads
 * come from a supplier, writes go to a handler that checks the value as the device would and applies it, answering
 * the DLMS result (type-unmatched for the wrong shape, other-reason for a value out of range).
 */
public final class WritableDataObject extends CosemObject {
    private final Supplier<DlmsData> value;
    private final Function<DlmsData, DataAccessResult> writer;

    public WritableDataObject(ObisCode logicalName, Supplier<DlmsData> value, Function<DlmsData, DataAccessResult> writer) {
        super(1, 0, logicalName);
        this.value = value;
        this.writer = writer;
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
    protected DataAccessResult write(int attribute, DlmsData data) {
        if (attribute != 2) {
            return DataAccessResult.OBJECT_UNDEFINED;
        }
        return writer.apply(data);
    }

    @Override
    public int attributeCount() {
        return 2;
    }
}
