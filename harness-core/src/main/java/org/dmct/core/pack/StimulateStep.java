package org.dmct.core.pack;

import org.dmct.core.model.DeviceType;
import org.dmct.core.model.PhysicalEvent;

/**
 * Causes a physical event on one of the DMC's devices ({@code stimulate}): through the simulator's control interface
 * when the DMC is simulated and has one, otherwise by prompting an operator, whose confirmation (who, what answer,
 * when) becomes evidence. A following {@code expectAlert} step's window opens when the event was caused.
 *
 * @param to the device type the event happens to
 * @param event what happens
 * @param prompt what an operator is asked to do (the event's default wording when the pack gives none)
 * @param digits for {@code keypad-entry} only: the digits typed (a UTRN, for a prepayment meter); null otherwise
 * @param line where the step is written
 */
public record StimulateStep(DeviceType to, PhysicalEvent event, String prompt, String digits, int line)
        implements Step {
    /** A stimulus that carries nothing but its event (every one but {@code keypad-entry}). */
    public StimulateStep(DeviceType to, PhysicalEvent event, String prompt, int line) {
        this(to, event, prompt, null, line);
    }
}
