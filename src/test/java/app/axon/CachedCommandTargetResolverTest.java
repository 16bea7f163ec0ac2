package app.axon;

import java.math.BigDecimal;
import java.util.List;

import inventory.api.RestockProduct;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;
import org.junit.jupiter.api.Test;
import payments.api.DepositMoney;
import payments.api.OpenAccount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.axonframework.commandhandling.GenericCommandMessage.asCommandMessage;

/** The same targets and failures as Axon's own resolver, with each command type looked at once. */
class CachedCommandTargetResolverTest {

    private final CachedCommandTargetResolver resolver = new CachedCommandTargetResolver();
    private final AnnotationCommandTargetResolver axons = AnnotationCommandTargetResolver.builder().build();

    record OnAField(@TargetAggregateIdentifier String id, @TargetAggregateVersion String version) {
    }

    record Unmarked(String id) {
    }

    static class Inherited extends Base {
        Inherited(long id) {
            super(id);
        }
    }

    static class Base {
        @TargetAggregateIdentifier
        private final long id;

        Base(long id) {
            this.id = id;
        }
    }

    @Test
    void findsTheTargetsAxonFinds() {
        List<Object> commands = List.of(
                new DepositMoney("c-1", new BigDecimal("10.00"), 3L),
                new DepositMoney("c-1", new BigDecimal("10.00"), null),
                new RestockProduct("p-1", 5, 7L),
                new OnAField("a-1", "12"),
                new Inherited(42));

        for (Object command : commands) {
            VersionedAggregateIdentifier target = resolver.resolveTarget(asCommandMessage(command));

            assertThat(target).as(command.toString()).isEqualTo(axons.resolveTarget(asCommandMessage(command)));
        }
        assertThat(resolver.resolveTarget(asCommandMessage(commands.get(0))))
                .extracting(VersionedAggregateIdentifier::getIdentifier, VersionedAggregateIdentifier::getVersion)
                .containsExactly(OpenAccount.accountIdOf("c-1"), 3L);
    }

    @Test
    void looksAtEachCommandTypeOnce() {
        for (int i = 0; i < 3; i++) {
            resolver.resolveTarget(asCommandMessage(new OnAField("a-" + i, null)));
        }

        assertThat(resolver.resolvedTypes()).containsExactly(OnAField.class);
    }

    @Test
    void refusesWhatAxonRefuses() {
        assertThatThrownBy(() -> resolver.resolveTarget(asCommandMessage(new Unmarked("x"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[Unmarked] class contains the @TargetAggregateIdentifier annotation");
        assertThatThrownBy(() -> resolver.resolveTarget(asCommandMessage(new OnAField(null, "1"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not identify the target aggregate");
        assertThatThrownBy(() -> resolver.resolveTarget(asCommandMessage(new OnAField("a", "x"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The value provided for the version is not a number.");
    }
}
