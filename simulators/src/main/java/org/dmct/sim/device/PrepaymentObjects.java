package org.dmct.sim.device;

import java.util.List;
import org.dmct.core.profile.DeviceFunction;
import org.dmct.dlms.axdr.DlmsData;
import org.dmct.dlms.cosem.DataAccessResult;
import org.dmct.dlms.cosem.ObisCode;
import org.dmct.sim.cosem.CosemObject;
import org.dmct.sim.cosem.CreditObject;
import org.dmct.sim.cosem.TokenGatewayObject;
import org.dmct.sim.cosem.WritableDataObject;

/**
 * The COSEM objects of a prepayment account: the meter balance and emergency credit (class 112), the debt and its
 * recovery rate (class 1, pence and pence per day), the prepayment configuration (class 1 structure {low credit
 * threshold, emergency credit limit, emergency credit threshold, maximum meter balance}, all pence, u32) and the
 * token gateway (class 115) UTRNs enter by. Every object works on the {@link PrepaymentState}; writes and methods
 * first bring it up to the simulation's now.
 */
final class PrepaymentObjects {
    private final PrepaymentState state;
    private final DeviceClock clock;

    PrepaymentObjects(PrepaymentState state, DeviceClock clock) {
        this.state = state;
        this.clock = clock;
    }

    CosemObject build(String function, ObisCode obis) {
        switch (function) {
            case DeviceFunction.METER_BALANCE:
                return new CreditObject(obis, CreditObject.TOKEN_CREDIT, 1, new Balance());
            case DeviceFunction.EMERGENCY_CREDIT:
                return new CreditObject(obis, CreditObject.EMERGENCY_CREDIT, 2, new Emergency());
            case DeviceFunction.DEBT:
                return new WritableDataObject(obis, () -> DlmsData.u32(state.debtPence()), v -> {
                    if (!(v instanceof DlmsData.Unsigned32)) {
                        return DataAccessResult.TYPE_UNMATCHED;
                    }
                    state.updateDebt(v.asLong().orElseThrow(), state.debtRecoveryPerDay(), clock.trueNow());
                    return DataAccessResult.SUCCESS;
                });
            case DeviceFunction.DEBT_RECOVERY_RATE:
                return new WritableDataObject(obis, () -> DlmsData.u32(state.debtRecoveryPerDay()), v -> {
                    if (!(v instanceof DlmsData.Unsigned32)) {
                        return DataAccessResult.TYPE_UNMATCHED;
                    }
                    state.updateDebt(state.debtPence(), v.asLong().orElseThrow(), clock.trueNow());
                    return DataAccessResult.SUCCESS;
                });
            case DeviceFunction.PREPAYMENT_CONFIGURATION:
                return new WritableDataObject(obis, this::configuration, this::writeConfiguration);
            case DeviceFunction.TOKEN_GATEWAY:
                return new TokenGatewayObject(obis, new Gateway(), clock::trueNow);
            default:
                return null;
        }
    }

    private DlmsData configuration() {
        return DlmsData.structure(DlmsData.u32(state.lowCreditThreshold()), DlmsData.u32(state.emergencyCreditLimit()),
                DlmsData.u32(state.emergencyCreditThreshold()), DlmsData.u32(state.maxMeterBalance()));
    }

    private DataAccessResult writeConfiguration(DlmsData value) {
        List<DlmsData> f = value instanceof DlmsData.StructureData s ? s.elements() : List.of();
        if (f.size() != 4 || !f.stream().allMatch(e -> e instanceof DlmsData.Unsigned32)) {
            return DataAccessResult.TYPE_UNMATCHED;
        }
        long max = f.get(3).asLong().orElseThrow();
        if (max == 0) {
            return DataAccessResult.OTHER_REASON;
        }
        state.configure(f.get(0).asLong().orElseThrow(), f.get(1).asLong().orElseThrow(),
                f.get(2).asLong().orElseThrow(), max, clock.trueNow());
        return DataAccessResult.SUCCESS;
    }

    private final class Balance implements CreditObject.Account {
        @Override
        public long amount() {
            state.catchUp(clock.trueNow());
            return state.balancePence();
        }

        @Override
        public int status() {
            state.catchUp(clock.trueNow());
            return state.balancePence() > 0 ? CreditObject.IN_USE : CreditObject.EXHAUSTED;
        }

        @Override
        public long warningThreshold() {
            return state.lowCreditThreshold();
        }

        @Override
        public long limit() {
            return 0;
        }

        @Override
        public long availableThreshold() {
            return 0;
        }

        @Override
        public boolean setThreshold(int attribute, long value) {
            if (attribute != 5) {
                return false;
            }
            state.configure(value, state.emergencyCreditLimit(), state.emergencyCreditThreshold(),
                    state.maxMeterBalance(), clock.trueNow());
            return true;
        }

        @Override
        public boolean update(long delta) {
            state.adjustBalance(delta, clock.trueNow());
            return true;
        }

        @Override
        public boolean setAmount(long value) {
            if (value < 0) {
                return false;
            }
            state.setBalance(value, clock.trueNow());
            return true;
        }

        @Override
        public boolean invoke() {
            return false;
        }
    }

    private final class Emergency implements CreditObject.Account {
        @Override
        public long amount() {
            state.catchUp(clock.trueNow());
            return state.emergencyCreditRemainingPence();
        }

        @Override
        public int status() {
            state.catchUp(clock.trueNow());
            if (state.emergencyCreditActive()) {
                return state.emergencyCreditRemainingPence() > 0 ? CreditObject.IN_USE : CreditObject.EXHAUSTED;
            }
            return state.emergencyCreditSelectable() ? CreditObject.SELECTABLE : CreditObject.ENABLED;
        }

        @Override
        public long warningThreshold() {
            return state.emergencyCreditThreshold();
        }

        @Override
        public long limit() {
            return state.emergencyCreditLimit();
        }

        @Override
        public long availableThreshold() {
            return state.emergencyCreditThreshold();
        }

        @Override
        public boolean setThreshold(int attribute, long value) {
            long limit = attribute == 6 ? value : state.emergencyCreditLimit();
            long threshold = attribute == 5 || attribute == 10 ? value : state.emergencyCreditThreshold();
            state.configure(state.lowCreditThreshold(), limit, threshold, state.maxMeterBalance(), clock.trueNow());
            return true;
        }

        @Override
        public boolean update(long delta) {
            return false;
        }

        @Override
        public boolean setAmount(long value) {
            return false;
        }

        @Override
        public boolean invoke() {
            return state.activateEmergencyCredit(clock.trueNow());
        }
    }

    private final class Gateway implements TokenGatewayObject.Processor {
        @Override
        public int enter(String token) {
            PrepaymentState.TopUpResult r = state.enterUtrn(token, clock.trueNow());
            return switch (r.status()) {
                case ACCEPTED -> TokenGatewayObject.EXECUTION_OK;
                case FORMAT_FAILURE -> TokenGatewayObject.FORMAT_FAILURE;
                case AUTHENTICATION_FAILURE -> TokenGatewayObject.AUTHENTICATION_FAILURE;
                case VALIDATION_FAILURE -> TokenGatewayObject.VALIDATION_FAILURE;
                case EXECUTION_FAILURE -> TokenGatewayObject.EXECUTION_FAILURE;
                case KEYPAD_LOCKED -> -1;
            };
        }

        @Override
        public String lastToken() {
            return state.lastUtrn();
        }

        @Override
        public java.time.Instant lastTime() {
            return state.lastUtrnTime().orElse(null);
        }

        @Override
        public int lastStatus() {
            return state.lastResult().map(r -> switch (r.status()) {
                case ACCEPTED -> TokenGatewayObject.EXECUTION_OK;
                case FORMAT_FAILURE -> TokenGatewayObject.FORMAT_FAILURE;
                case AUTHENTICATION_FAILURE -> TokenGatewayObject.AUTHENTICATION_FAILURE;
                case VALIDATION_FAILURE -> TokenGatewayObject.VALIDATION_FAILURE;
                case EXECUTION_FAILURE -> TokenGatewayObject.EXECUTION_FAILURE;
                case KEYPAD_LOCKED -> TokenGatewayObject.NOT_PROCESSED;
            }).orElse(TokenGatewayObject.NOT_PROCESSED);
        }
    }
}
