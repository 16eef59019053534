package org.dmct.sim.device;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.dmct.core.profile.PrepaymentSpec;
import org.dmct.core.profile.TariffSpec;
import org.dmct.core.profile.UtrnRule;

/**
 * The prepayment account of a simulated ESME or GSME: meter balance, emergency credit, debt, and the charges that
 * run them down as simulated time passes (energy at the price of the rate in force, the standing charge, debt
 * recovery), with the rules of a SMETS1 prepayment meter:
 * <ul>
 * <li>charges come off the meter balance; once it is empty, off activated emergency credit; when there is no credit
 *     left the supply is interrupted (the disconnect control opens) and the charges that still run (standing
 *     charge) add to the debt;</li>
 * <li>emergency credit can be activated once the balance is below the emergency credit threshold;</li>
 * <li>a top-up (a 20-digit UTRN checked by the model's {@link UtrnRule}, each refused when reused or malformed)
 *     repays emergency credit used first, the rest goes to the balance; if the supply was interrupted for lack of
 *     credit it is armed, and the consumer's button reconnects it;</li>
 * <li>five invalid UTRN entries in a row lock the keypad for the configured simulated time.</li>
 * </ul>
 * Money is kept in millionths of a penny so that charges of a fraction of a penny add up exactly whatever the order
 * and frequency of catch-ups: {@link #catchUp} always charges from the last time it ran, with remainders carried.
 * State changes are reported as {@link DeviceEvent}s to the listener given (the device logs them and raises the
 * alerts its profile maps). Calls are synchronised: requests and clock advances may come from different threads.
 */
public final class PrepaymentState {
    private static final long MICRO = 1_000_000L;
    private static final long DAY_SECONDS = 86_400L;

    /** What the supply switch must do for the account: the device applies it to its disconnect control. */
    public interface SupplyControl {
        /** No credit is left: interrupt the supply. */
        void interruptForCredit();

        /** Credit is back after an interruption: arm the switch so the consumer can reconnect. */
        void armAfterTopUp();

        /** Whether the supply is connected now (credit runs out only on a connected supply). */
        boolean connected();
    }

    /** The outcome of entering a UTRN: accepted with the amount, or refused with the reason. */
    public record TopUpResult(Status status, long amountPence) {
        /** Named as the token gateway's token_status codes, plus the keypad lock. */
        public enum Status { ACCEPTED, FORMAT_FAILURE, AUTHENTICATION_FAILURE, VALIDATION_FAILURE, EXECUTION_FAILURE,
            KEYPAD_LOCKED }

        public boolean accepted() {
            return status == Status.ACCEPTED;
        }
    }

    private final PrepaymentSpec spec;
    private final String serialNumber;
    private final ConsumptionModel consumption;
    private final TariffState tariff;
    private final SupplyControl supply;
    private final Consumer<DeviceEvent> events;

    private long balance;
    private long emergencyCreditUsed;
    private boolean emergencyCreditActive;
    private long debt;
    private long lowCreditThreshold;
    private long emergencyCreditLimit;
    private long emergencyCreditThreshold;
    private long maxMeterBalance;
    private long debtRecoveryPerDay;
    private Instant chargedTo;
    private long standingRemainder;
    private long recoveryRemainder;
    private boolean lowCreditRaised;
    private boolean emergencyAvailableRaised;
    private boolean interruptedForCredit;
    private boolean emergencyExhaustedRaised;
    private final Set<Integer> usedSequences = new HashSet<>();
    private int invalidEntries;
    private Instant lockedUntil;
    private String lastUtrn = "";
    private Instant lastUtrnTime;
    private TopUpResult lastResult;

    public PrepaymentState(PrepaymentSpec spec, String serialNumber, ConsumptionModel consumption, TariffState tariff,
                           SupplyControl supply, Consumer<DeviceEvent> events, Instant start) {
        this.spec = spec;
        this.serialNumber = serialNumber;
        this.consumption = consumption;
        this.tariff = tariff;
        this.supply = supply;
        this.events = events;
        this.balance = spec.initialBalance() * MICRO;
        this.debt = spec.initialDebt() * MICRO;
        this.lowCreditThreshold = spec.lowCreditThreshold();
        this.emergencyCreditLimit = spec.emergencyCreditLimit();
        this.emergencyCreditThreshold = spec.emergencyCreditThreshold();
        this.maxMeterBalance = spec.maxMeterBalance();
        this.debtRecoveryPerDay = spec.debtRecoveryPerDay();
        this.chargedTo = start;
        tariff.beforeChange(this::catchUp);
    }

    /** Charges everything due from the last catch-up to {@code now} and applies the rules; idempotent per instant. */
    public synchronized void catchUp(Instant now) {
        if (!now.isAfter(chargedTo)) {
            return;
        }
        long seconds = Duration.between(chargedTo, now).getSeconds();
        if (seconds == 0) {
            return;
        }
        Instant until = chargedTo.plusSeconds(seconds);
        TariffSpec table = tariff.current();
        long energyCost = 0;
        // the consumption model already counts nothing while the supply was off, whenever it went off
        long[] byRate = consumption.consumedByRate(chargedTo, until);
        for (int rate = 1; rate < byRate.length; rate++) {
            long price = rate <= table.prices().size() ? table.prices().get(rate - 1) : 0;
            // Wh x hundredths of a penny per kWh = price/100000 pence per Wh = 10 x price millionths of a penny
            energyCost += byRate[rate] * price * 10;
        }
        standingRemainder += table.standingCharge() * 10_000L * seconds;
        long standing = standingRemainder / DAY_SECONDS;
        standingRemainder %= DAY_SECONDS;
        long recovery = 0;
        if (debt > 0) {
            recoveryRemainder += debtRecoveryPerDay * MICRO * seconds;
            recovery = Math.min(debt, recoveryRemainder / DAY_SECONDS);
            recoveryRemainder %= DAY_SECONDS;
        }
        chargedTo = until;
        debt -= recovery;
        charge(energyCost + standing + recovery);
        applyRules();
    }

    private void charge(long amount) {
        long fromBalance = Math.min(balance, amount);
        balance -= fromBalance;
        long rest = amount - fromBalance;
        if (rest > 0 && emergencyCreditActive) {
            long fromEmergency = Math.min(emergencyCreditLimit * MICRO - emergencyCreditUsed, rest);
            emergencyCreditUsed += fromEmergency;
            rest -= fromEmergency;
        }
        if (rest > 0) {
            // Nothing left to pay from: what still runs (the standing charge) is owed.
            debt += rest;
        }
    }

    private void applyRules() {
        long pence = balance / MICRO;
        if (pence < lowCreditThreshold && !lowCreditRaised && !interruptedForCredit) {
            lowCreditRaised = true;
            events.accept(DeviceEvent.LOW_CREDIT);
        } else if (pence >= lowCreditThreshold) {
            lowCreditRaised = false;
        }
        if (emergencyCreditSelectable() && !emergencyAvailableRaised) {
            emergencyAvailableRaised = true;
            events.accept(DeviceEvent.EMERGENCY_CREDIT_AVAILABLE);
        }
        if (balance == 0 && emergencyCreditActive && emergencyCreditRemaining() == 0 && !emergencyExhaustedRaised) {
            emergencyExhaustedRaised = true;
            events.accept(DeviceEvent.EMERGENCY_CREDIT_EXHAUSTED);
        }
        if (balance == 0 && (!emergencyCreditActive || emergencyCreditRemaining() == 0) && !interruptedForCredit
                && supply.connected()) {
            interruptedForCredit = true;
            events.accept(DeviceEvent.CREDIT_EXHAUSTED);
            supply.interruptForCredit();
        }
    }

    private long emergencyCreditRemaining() {
        return emergencyCreditLimit * MICRO - emergencyCreditUsed;
    }

    /** Emergency credit may be activated: not active yet, and the balance below the threshold. */
    public synchronized boolean emergencyCreditSelectable() {
        return !emergencyCreditActive && emergencyCreditLimit > 0 && balance / MICRO < emergencyCreditThreshold;
    }

    /** Activate Emergency Credit (2.5, or the consumer's button): refused unless selectable. */
    public synchronized boolean activateEmergencyCredit(Instant now) {
        catchUp(now);
        if (!emergencyCreditSelectable()) {
            return false;
        }
        emergencyCreditActive = true;
        events.accept(DeviceEvent.EMERGENCY_CREDIT_ACTIVATED);
        if (interruptedForCredit) {
            interruptedForCredit = false;
            supply.armAfterTopUp();
        }
        return true;
    }

    /** A UTRN entered (remotely by 2.2 or on the keypad) at {@code now}. */
    public synchronized TopUpResult enterUtrn(String utrn, Instant now) {
        catchUp(now);
        if (lockedUntil != null && now.isBefore(lockedUntil)) {
            events.accept(DeviceEvent.UTRN_REFUSED);
            return record(utrn, now, new TopUpResult(TopUpResult.Status.KEYPAD_LOCKED, 0));
        }
        lockedUntil = null;
        Optional<UtrnRule.Failure> failure = spec.utrn().check(serialNumber, utrn);
        TopUpResult.Status status = null;
        if (failure.isPresent()) {
            status = failure.get() == UtrnRule.Failure.FORMAT ? TopUpResult.Status.FORMAT_FAILURE
                    : TopUpResult.Status.AUTHENTICATION_FAILURE;
        } else if (usedSequences.contains(UtrnRule.parse(utrn).sequence())) {
            status = TopUpResult.Status.VALIDATION_FAILURE;
        }
        if (status != null) {
            invalidEntries++;
            events.accept(DeviceEvent.UTRN_REFUSED);
            if (invalidEntries >= spec.keypadLockAfter()) {
                invalidEntries = 0;
                lockedUntil = now.plus(spec.keypadLockDuration());
                events.accept(DeviceEvent.KEYPAD_LOCKED);
            }
            return record(utrn, now, new TopUpResult(status, 0));
        }
        UtrnRule.Token token = UtrnRule.parse(utrn);
        long amount = token.amountPence() * MICRO;
        long repay = Math.min(emergencyCreditUsed, amount);
        if ((balance + amount - repay) / MICRO > maxMeterBalance) {
            // A valid UTRN the meter cannot take: not counted as an invalid entry, not marked used.
            return record(utrn, now, new TopUpResult(TopUpResult.Status.EXECUTION_FAILURE, 0));
        }
        invalidEntries = 0;
        usedSequences.add(token.sequence());
        emergencyCreditUsed -= repay;
        balance += amount - repay;
        if (emergencyCreditUsed == 0) {
            emergencyCreditActive = false;
            emergencyExhaustedRaised = false;
        }
        emergencyAvailableRaised = false;
        events.accept(DeviceEvent.UTRN_ACCEPTED);
        if (interruptedForCredit && balance > 0) {
            interruptedForCredit = false;
            supply.armAfterTopUp();
        }
        applyRules();
        return record(utrn, now, new TopUpResult(TopUpResult.Status.ACCEPTED, token.amountPence()));
    }

    private TopUpResult record(String utrn, Instant now, TopUpResult result) {
        lastUtrn = utrn == null ? "" : utrn;
        lastUtrnTime = now;
        lastResult = result;
        return result;
    }

    /** Update Meter Balance (1.5): adds (or with a negative amount removes) pence; the balance stays at or above 0. */
    public synchronized void adjustBalance(long pence, Instant now) {
        catchUp(now);
        balance = Math.max(0, balance + pence * MICRO);
        if (interruptedForCredit && balance > 0) {
            interruptedForCredit = false;
            supply.armAfterTopUp();
        }
        applyRules();
    }

    /** Sets the balance to a value (class 112 set_amount_to_value). */
    public synchronized void setBalance(long pence, Instant now) {
        catchUp(now);
        balance = Math.max(0, pence) * MICRO;
        applyRules();
    }

    /** Update Debt (2.3): the debt outstanding and the recovery rate from now on. */
    public synchronized void updateDebt(long debtPence, long recoveryPerDay, Instant now) {
        catchUp(now);
        debt = debtPence * MICRO;
        debtRecoveryPerDay = recoveryPerDay;
        recoveryRemainder = 0;
    }

    /** Update Prepay Configuration (2.1). */
    public synchronized void configure(long lowCredit, long ecLimit, long ecThreshold, long maxBalance, Instant now) {
        catchUp(now);
        lowCreditThreshold = lowCredit;
        emergencyCreditLimit = ecLimit;
        emergencyCreditThreshold = ecThreshold;
        maxMeterBalance = maxBalance;
        applyRules();
    }

    public synchronized long balancePence() {
        return balance / MICRO;
    }

    public synchronized long emergencyCreditRemainingPence() {
        return emergencyCreditRemaining() / MICRO;
    }

    public synchronized long emergencyCreditUsedPence() {
        return (emergencyCreditUsed + MICRO - 1) / MICRO;
    }

    public synchronized boolean emergencyCreditActive() {
        return emergencyCreditActive;
    }

    public synchronized long debtPence() {
        return (debt + MICRO - 1) / MICRO;
    }

    public synchronized long debtRecoveryPerDay() {
        return debtRecoveryPerDay;
    }

    public synchronized long lowCreditThreshold() {
        return lowCreditThreshold;
    }

    public synchronized long emergencyCreditLimit() {
        return emergencyCreditLimit;
    }

    public synchronized long emergencyCreditThreshold() {
        return emergencyCreditThreshold;
    }

    public synchronized long maxMeterBalance() {
        return maxMeterBalance;
    }

    public synchronized boolean interruptedForCredit() {
        return interruptedForCredit;
    }

    public synchronized boolean keypadLocked(Instant now) {
        return lockedUntil != null && now.isBefore(lockedUntil);
    }

    public synchronized String lastUtrn() {
        return lastUtrn;
    }

    public synchronized Optional<Instant> lastUtrnTime() {
        return Optional.ofNullable(lastUtrnTime);
    }

    public synchronized Optional<TopUpResult> lastResult() {
        return Optional.ofNullable(lastResult);
    }
}
