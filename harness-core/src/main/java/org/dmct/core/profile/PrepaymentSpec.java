package org.dmct.core.profile;

import java.time.Duration;

/**
 * The prepayment behaviour of a simulated meter (the {@code simulation.prepayment} section). Money is in pence.
 *
 * @param initialBalance the meter balance (credit) at start
 * @param lowCreditThreshold below it the meter raises Low Credit (0x810D)
 * @param emergencyCreditLimit the emergency credit a consumer may take
 * @param emergencyCreditThreshold emergency credit can be activated once the balance is below this
 * @param maxMeterBalance a top-up that would take the balance above it is refused
 * @param initialDebt debt outstanding at start
 * @param debtRecoveryPerDay pence per day recovered from the balance while debt remains
 * @param utrn how this model checks a 20-digit UTRN
 * @param keypadLockAfter invalid UTRN entries in a row that lock the keypad
 * @param keypadLockDuration how long (simulated time) the keypad stays locked
 */
public record PrepaymentSpec(long initialBalance, long lowCreditThreshold, long emergencyCreditLimit,
                             long emergencyCreditThreshold, long maxMeterBalance, long initialDebt,
                             long debtRecoveryPerDay, UtrnRule utrn, int keypadLockAfter,
                             Duration keypadLockDuration) {
    public PrepaymentSpec {
        if (initialBalance < 0 || lowCreditThreshold < 0 || emergencyCreditLimit < 0 || emergencyCreditThreshold < 0
                || maxMeterBalance <= 0 || initialDebt < 0 || debtRecoveryPerDay < 0) {
            throw new IllegalArgumentException("prepayment amounts cannot be negative (maxMeterBalance above 0)");
        }
        if (keypadLockAfter < 1) {
            throw new IllegalArgumentException("keypadLockAfter must be at least 1: " + keypadLockAfter);
        }
        if (utrn == null) {
            throw new IllegalArgumentException("a prepayment meter needs a UTRN rule");
        }
    }
}
