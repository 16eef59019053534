package org.dmct.sim.cosem;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.function.Supplier;
import org.dmct.dlms.axdr.DlmsData;
import org.dmct.dlms.cosem.ActionResult;
import org.dmct.dlms.cosem.CosemDateTime;
import org.dmct.dlms.cosem.DataAccessResult;
import org.dmct.dlms.cosem.ObisCode;

/**
 * Interface class 115 "Token gateway" (Blue Book, version 0): where a prepayment token (here a 20-digit UTRN as ASCII
 * digits) enters the meter. Method 1 enter(octet-string) hands the token to the {@link Processor}; attribute 2 token
 * is the last token entered, 3 token_time when, 4 token_description, 5 token_delivery_method (0 remote), 6
 * token_status the outcome as {status_code, data_value}: 0 format OK, 1 authentication OK, 2 validation OK,
 * 3 token execution OK, 4 format failure, 5 authentication failure, 6 validation failure, 7 execution failure,
 * 8 received and not yet processed. A token entered while the keypad is locked is not processed at all: the method
 * answers temporary-failure.
 */
public final class TokenGatewayObject extends CosemObject {
    /** What processes a token; answers the token_status code, or -1 when the gateway cannot take tokens now. */
    public interface Processor {
        int enter(String token);

        String lastToken();

        Instant lastTime();

        int lastStatus();
    }

    public static final int EXECUTION_OK = 3;
    public static final int FORMAT_FAILURE = 4;
    public static final int AUTHENTICATION_FAILURE = 5;
    public static final int VALIDATION_FAILURE = 6;
    public static final int EXECUTION_FAILURE = 7;
    public static final int NOT_PROCESSED = 8;

    private final Processor processor;
    private final Supplier<Instant> clock;

    public TokenGatewayObject(ObisCode logicalName, Processor processor, Supplier<Instant> clock) {
        super(115, 0, logicalName);
        this.processor = processor;
        this.clock = clock;
    }

    @Override
    protected AttributeRead read(int attribute, SelectiveRead selective) {
        if (selective != null) {
            return AttributeRead.error(DataAccessResult.SCOPE_OF_ACCESS_VIOLATED);
        }
        switch (attribute) {
            case 2:
                return AttributeRead.of(DlmsData.octets(processor.lastToken().getBytes(StandardCharsets.US_ASCII)));
            case 3:
                Instant t = processor.lastTime() == null ? clock.get() : processor.lastTime();
                return AttributeRead.of(DlmsData.dateTimeOctets(CosemDateTime.of(OffsetDateTime.ofInstant(t, ZoneOffset.UTC))));
            case 4:
                return AttributeRead.of(DlmsData.array());
            case 5:
                return AttributeRead.of(DlmsData.enumValue(0));
            case 6:
                return AttributeRead.of(DlmsData.structure(DlmsData.enumValue(processor.lastStatus()),
                        DlmsData.bits(false, false, false, false, false, false, false, false)));
            default:
                return undefined();
        }
    }

    @Override
    public MethodResult invoke(int method, DlmsData parameters) {
        if (method != 1) {
            return MethodResult.of(ActionResult.OBJECT_UNDEFINED);
        }
        if (!(parameters instanceof DlmsData.OctetString)) {
            return MethodResult.of(ActionResult.TYPE_UNMATCHED);
        }
        String token = new String(parameters.asBytes().orElseThrow(), StandardCharsets.ISO_8859_1);
        int status = processor.enter(token);
        return status < 0 ? MethodResult.of(ActionResult.TEMPORARY_FAILURE) : MethodResult.SUCCESS;
    }

    @Override
    public int attributeCount() {
        return 6;
    }

    @Override
    public int methodCount() {
        return 1;
    }
}
