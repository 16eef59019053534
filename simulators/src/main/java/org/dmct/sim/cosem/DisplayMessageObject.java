package org.dmct.sim.cosem;

import org.dmct.dlms.axdr.DlmsData;
import org.dmct.dlms.cosem.DataAccessResult;
import org.dmct.dlms.cosem.ObisCode;

/**
 * The text a display device shows (interface class 1, Data, attribute 2 readable and writable): an octet-string of
 * at most {@link #MAX_LENGTH} bytes, as an IHD shows a supplier's message. A longer or non-string value is refused
 * like a real device refuses it (type-unmatched / other-reason).
 */
public final class DisplayMessageObject extends CosemObject {
    /** The longest message the simulated display holds. */
    public static final int MAX_LENGTH = 160;
    private volatile byte[] text;

    public DisplayMessageObject(ObisCode logicalName, byte[] initial) {
        super(1, 0, logicalName);
        this.text = initial.clone();
    }

    /** The text shown now. */
    public byte[] text() {
        return text.clone();
    }

    @Override
    protected AttributeRead read(int attribute, SelectiveRead selective) {
        if (attribute != 2) {
            return undefined();
        }
        if (selective != null) {
            return AttributeRead.error(DataAccessResult.SCOPE_OF_ACCESS_VIOLATED);
        }
        return AttributeRead.of(DlmsData.octets(text));
    }

    @Override
    protected DataAccessResult write(int attribute, DlmsData value) {
        if (attribute != 2) {
            return DataAccessResult.OBJECT_UNDEFINED;
        }
        byte[] bytes = value.asBytes()
                .or(() -> value.asString().map(s -> s.getBytes(java.nio.charset.StandardCharsets.UTF_8))).orElse(null);
        if (bytes == null) {
            return DataAccessResult.TYPE_UNMATCHED;
        }
        if (bytes.length > MAX_LENGTH) {
            return DataAccessResult.OTHER_REASON;
        }
        text = bytes;
        return DataAccessResult.SUCCESS;
    }

    @Override
    public int attributeCount() {
        return 2;
    }
}
