package org.dmct.sim.device;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.dmct.core.profile.TariffSpec;

/**
 * A simulated meter's copy of its tariff: the time-of-use switching table, the price of each rate and the standing
 * charge, as the profile starts it and Update Import Tariff (1.1.1) and Update Price (1.2.1) change it. Whoever
 * accounts with the tariff (the rate registers, the prepayment charges) registers to catch up just before a change,
 * so consumption up to the change is counted under the old tariff and from it under the new.
 */
public final class TariffState {
    private volatile TariffSpec current;
    private final List<Consumer<Instant>> beforeChange = new CopyOnWriteArrayList<>();

    public TariffState(TariffSpec initial) {
        this.current = initial;
    }

    public TariffSpec current() {
        return current;
    }

    /** Called with the time of a change before it applies. */
    public void beforeChange(Consumer<Instant> listener) {
        beforeChange.add(listener);
    }

    /** The tariff from {@code now} on. */
    public synchronized void change(TariffSpec next, Instant now) {
        for (Consumer<Instant> l : beforeChange) {
            l.accept(now);
        }
        current = next;
    }

    /** A new switching table, prices kept (the prices must cover every rate the table uses). */
    public void changeSwitches(List<TariffSpec.Switch> switches, Instant now) {
        TariffSpec t = current;
        change(new TariffSpec(switches, t.prices(), t.standingCharge()), now);
    }

    /** New prices and standing charge, switching table kept. */
    public void changePrices(List<Long> prices, long standingCharge, Instant now) {
        TariffSpec t = current;
        change(new TariffSpec(t.switches(), prices, standingCharge), now);
    }
}
