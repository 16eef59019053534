package org.dmct.sim.cosem;

import org.dmct.dlms.axdr.DlmsData;
import org.dmct.dlms.cosem.ActionResult;
import org.dmct.dlms.cosem.DataAccessResult;
import org.dmct.dlms.cosem.ObisCode;

/**
 * Interface class 112 "Credit" (Blue Book, version 0): one credit of a prepayment account, here the meter balance
 * (credit_type 0, token credit) or the emergency credit (credit_type 2). Attributes served: 2 current_credit_amount
 * (double-long, pence), 3 credit_type, 4 priority, 5 warning_threshold, 6 limit, 7 credit_configuration, 8
 * credit_status (0 enabled, 1 selectable, 2 selected/invoked, 3 in use, 4 exhausted), 9 preset_credit_amount, 10
 * credit_available_threshold. Methods: 1 update_amount (adds a double-long), 2 set_amount_to_value, 3 invoke_credit
 * (the consumer or the head-end selects the credit: how emergency credit is activated). The behaviour lives in the
 * {@link Account} the device gives it; this class is the COSEM face of it.
 */
public final class CreditObject extends CosemObject {
    /** credit_type values. */
    public static final int TOKEN_CREDIT = 0;
    public static final int EMERGENCY_CREDIT = 2;
    /** credit_status values. */
    public static final int ENABLED = 0;
    public static final int SELECTABLE = 1;
    public static final int INVOKED = 2;
    public static final int IN_USE = 3;
    public static final int EXHAUSTED = 4;

    /** The prepayment state seen by one credit. */
    public interface Account {
        long amount();

        int status();

        long warningThreshold();

        long limit();

        long availableThreshold();

        /** Writes warning_threshold (5), limit (6) or credit_available_threshold (10); false refuses. */
        boolean setThreshold(int attribute, long value);

        /** update_amount; false refuses. */
        boolean update(long delta);

        /** set_amount_to_value; false refuses. */
        boolean setAmount(long value);

        /** invoke_credit; false refuses (not selectable now). */
        boolean invoke();
    }

    private final int creditType;
    private final int priority;
    private final Account account;

    public CreditObject(ObisCode logicalName, int creditType, int priority, Account account) {
        super(112, 0, logicalName);
        this.creditType = creditType;
        this.priority = priority;
        this.account = account;
    }

    @Override
    protected AttributeRead read(int attribute, SelectiveRead selective) {
        if (selective != null) {
            return AttributeRead.error(DataAccessResult.SCOPE_OF_ACCESS_VIOLATED);
        }
        switch (attribute) {
            case 2:
                return AttributeRead.of(DlmsData.i32(clamp(account.amount())));
            case 3:
                return AttributeRead.of(DlmsData.enumValue(creditType));
            case 4:
                return AttributeRead.of(DlmsData.u8(priority));
            case 5:
                return AttributeRead.of(DlmsData.i32(clamp(account.warningThreshold())));
            case 6:
                return AttributeRead.of(DlmsData.i32(clamp(account.limit())));
            case 7:
                // bit 0 requires visual indication, bit 1 requires confirmation (emergency credit), bit 2 repays
                // (emergency credit is repaid by the next top-up)
                return AttributeRead.of(DlmsData.bits(true, creditType == EMERGENCY_CREDIT,
                        creditType == EMERGENCY_CREDIT, false, false));
            case 8:
                return AttributeRead.of(DlmsData.enumValue(account.status()));
            case 9:
                return AttributeRead.of(DlmsData.i32(0));
            case 10:
                return AttributeRead.of(DlmsData.i32(clamp(account.availableThreshold())));
            default:
                return undefined();
        }
    }

    @Override
    protected DataAccessResult write(int attribute, DlmsData value) {
        if (attribute == 5 || attribute == 6 || attribute == 10) {
            if (!(value instanceof DlmsData.Integer32)) {
                return DataAccessResult.TYPE_UNMATCHED;
            }
            long v = value.asLong().orElse(-1);
            if (v < 0) {
                return DataAccessResult.OTHER_REASON;
            }
            return account.setThreshold(attribute, v) ? DataAccessResult.SUCCESS : DataAccessResult.READ_WRITE_DENIED;
        }
        if (attribute >= 2 && attribute <= 11) {
            return DataAccessResult.READ_WRITE_DENIED;
        }
        return DataAccessResult.OBJECT_UNDEFINED;
    }

    @Override
    public MethodResult invoke(int method, DlmsData parameters) {
        switch (method) {
            case 1:
            case 2:
                if (!(parameters instanceof DlmsData.Integer32)) {
                    return MethodResult.of(ActionResult.TYPE_UNMATCHED);
                }
                long v = parameters.asLong().orElseThrow();
                boolean done = method == 1 ? account.update(v) : account.setAmount(v);
                return done ? MethodResult.SUCCESS : MethodResult.of(ActionResult.READ_WRITE_DENIED);
            case 3:
                if (!(parameters instanceof DlmsData.EnumValue)) {
                    return MethodResult.of(ActionResult.TYPE_UNMATCHED);
                }
                // A credit that is not selectable now cannot be invoked: the meter answers temporary failure.
                return account.invoke() ? MethodResult.SUCCESS : MethodResult.of(ActionResult.TEMPORARY_FAILURE);
            default:
                return MethodResult.of(ActionResult.OBJECT_UNDEFINED);
        }
    }

    private static int clamp(long v) {
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
    }

    @Override
    public int attributeCount() {
        return 11;
    }

    @Override
    public int methodCount() {
        return 3;
    }
}
