package org.dmct.sim.cosem;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.dmct.dlms.axdr.DlmsData;
import org.dmct.dlms.cosem.CosemDateTime;
import org.dmct.dlms.cosem.DataAccessResult;
import org.dmct.dlms.cosem.ObisCode;
import org.dmct.sim.device.DeviceClock;

/**
 * Interface class 8 "Clock": the device's time (attribute 2, served as a 12-byte octet-string like the meters in
 * the reference captures), time zone, status, daylight-saving settings and clock base. Setting attribute 2 moves
 * the device clock, which is how Synchronise Clock (6.11) reaches a meter.
 */
public final class ClockObject extends CosemObject {
    private final DeviceClock clock;

    public ClockObject(ObisCode logicalName, DeviceClock clock) {
        super(8, 0, logicalName);
        this.clock = clock;
    }

    @Override
    protected AttributeRead read(int attribute, SelectiveRead selective) {
        if (selective != null) {
            return AttributeRead.error(DataAccessResult.SCOPE_OF_ACCESS_VIOLATED);
        }
        switch (attribute) {
            case 2:
                return AttributeRead.of(DlmsData.dateTimeOctets(CosemDateTime.of(clock.now())));
            case 3:
                return AttributeRead.of(DlmsData.i16(0));
            case 4:
                return AttributeRead.of(DlmsData.u8(0));
            case 5:
            case 6:
                return AttributeRead.of(DlmsData.octets(new byte[] {
                    (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
                    (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0x80, 0x00, (byte) 0xFF}));
            case 7:
                return AttributeRead.of(DlmsData.i8(60));
            case 8:
                return AttributeRead.of(DlmsData.bool(false));
            case 9:
                return AttributeRead.of(DlmsData.enumValue(1));
            default:
                return undefined();
        }
    }

    @Override
    protected DataAccessResult write(int attribute, DlmsData value) {
        if (attribute != 2) {
            return attribute >= 3 && attribute <= 9 ? DataAccessResult.READ_WRITE_DENIED : DataAccessResult.OBJECT_UNDEFINED;
        }
        Optional<OffsetDateTime> time = value.asDateTime().flatMap(CosemDateTime::toOffsetDateTime);
        if (time.isEmpty()) {
            // A meter given a time it cannot place (fields unspecified or the wrong type) refuses it.
            return DataAccessResult.TYPE_UNMATCHED;
        }
        clock.set(time.get().withOffsetSameInstant(ZoneOffset.UTC));
        return DataAccessResult.SUCCESS;
    }

    @Override
    public int attributeCount() {
        return 9;
    }

    @Override
    public int methodCount() {
        return 6;
    }
}
