package io.conntrack4j.spi;

import io.conntrack4j.error.InvalidValueException;
import io.conntrack4j.internal.Check;
import io.conntrack4j.model.Flow;
import io.conntrack4j.model.NatRange;
import io.conntrack4j.model.Status;
import io.conntrack4j.model.StatusBits;
import io.vavr.control.Option;

/**
 * Create a flow ({@code IPCTNL_MSG_CT_NEW} with {@code NLM_F_CREATE}, and {@code NLM_F_EXCL} unless
 * {@code replaceExisting}). The flow must have a timeout; a missing reply tuple is the inverse of the original. A
 * status, if given, gets CONFIRMED added as the kernel requires, and bits the kernel refuses (EXPECTED, DYING) are
 * rejected here; without a status the kernel creates the flow CONFIRMED.
 *
 * @param flow            the flow to create (only attributes a create carries are sent)
 * @param sourceNat       a source NAT mapping
 * @param destinationNat  a destination NAT mapping
 * @param replaceExisting update the flow if it exists instead of failing with EEXIST
 */
public record CreateFlow(Flow flow, Option<NatRange> sourceNat, Option<NatRange> destinationNat,
                         boolean replaceExisting) implements BatchItem {
    /** Validates the fields, builds a missing reply tuple and adds CONFIRMED to a given status. */
    public CreateFlow {
        Check.notNull("flow", flow);
        Check.notNull("source nat", sourceNat);
        Check.notNull("destination nat", destinationNat);
        if (flow.reply().isEmpty()) {
            flow = flow.toBuilder().reply(flow.original().inverse()).build();
        }
        if (flow.timeout().isEmpty()) {
            throw new InvalidValueException("timeout", "absent", "a create needs a timeout");
        }
        if (flow.status().isDefined()) {
            final StatusBits status = flow.status().get();
            if (status.has(Status.EXPECTED) || status.has(Status.DYING)) {
                throw new InvalidValueException("status", status, "EXPECTED and DYING cannot be set by a create");
            }
            // the kernel refuses (EBUSY) a status without CONFIRMED; without a status it sets CONFIRMED itself
            flow = flow.toBuilder().status(status.with(Status.CONFIRMED)).build();
        }
        final io.conntrack4j.model.Family family = flow.family();
        sourceNat.forEach(n -> checkFamily(n, family));
        destinationNat.forEach(n -> checkFamily(n, family));
    }

    private static void checkFamily(final NatRange nat, final io.conntrack4j.model.Family family) {
        if (nat.minAddress().family() != family) {
            throw new InvalidValueException("nat address", nat.minAddress(), "mismatched address family");
        }
    }

    /**
     * @param flow the flow to create; a missing reply tuple is built by inverting the original
     * @return a create that fails with EEXIST if the flow exists
     */
    public static CreateFlow of(final Flow flow) {
        return new CreateFlow(flow, Option.none(), Option.none(), false);
    }

    /**
     * @param nat a source NAT mapping
     * @return this create with the mapping
     */
    public CreateFlow withSourceNat(final NatRange nat) {
        return new CreateFlow(flow, Option.some(nat), destinationNat, replaceExisting);
    }

    /**
     * @param nat a destination NAT mapping
     * @return this create with the mapping
     */
    public CreateFlow withDestinationNat(final NatRange nat) {
        return new CreateFlow(flow, sourceNat, Option.some(nat), replaceExisting);
    }

    /** @return this create, updating the flow if it already exists */
    public CreateFlow orUpdate() {
        return new CreateFlow(flow, sourceNat, destinationNat, true);
    }
}
