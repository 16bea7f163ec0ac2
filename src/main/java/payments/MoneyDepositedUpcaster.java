package payments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import payments.api.MoneyDeposited;

/**
 * Reads {@link MoneyDeposited} as stored before revision 2 (no revision, or "1"): {@code currency} becomes
 * {@code currencyCode}. Without it Jackson, which ignores unknown fields in stored JSON, would load those deposits
 * with no currency at all.
 */
final class MoneyDepositedUpcaster extends SingleEventUpcaster {

    private static final String TYPE = MoneyDeposited.class.getName();
    private static final SimpleSerializedType REVISION_2 = new SimpleSerializedType(TYPE, "2");

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        String revision = representation.getType().getRevision();
        return TYPE.equals(representation.getType().getName()) && (revision == null || "1".equals(revision));
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(REVISION_2, JsonNode.class, payload -> {
            if (payload instanceof ObjectNode fields && fields.has("currency") && !fields.has("currencyCode")) {
                fields.set("currencyCode", fields.remove("currency"));
            }
            return payload;
        });
    }
}
