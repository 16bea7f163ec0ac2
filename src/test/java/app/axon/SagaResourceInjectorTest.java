package app.axon;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SagaResourceInjectorTest {

    private final StaticListableBeanFactory beans = new StaticListableBeanFactory();
    private final SagaResourceInjector injector = new SagaResourceInjector(beans);

    @Test
    void givesEverySagaItsAutowiredFieldsIncludingTheInheritedAndTheQualified() {
        beans.addBean("clock", new Clock("utc"));
        beans.addBean("ledger", new Ledger());
        TestSaga first = new TestSaga();
        TestSaga second = new TestSaga();

        injector.injectResources(first);
        injector.injectResources(second);

        assertThat(first.clock).isEqualTo(new Clock("utc"));
        assertThat(first.ledger).isSameAs(beans.getBean("ledger"));
        assertThat(second.ledger).isSameAs(first.ledger);
        assertThat(first.notABean).isNull();
    }

    @Test
    void refusesASagaThatAsksForBeansThroughAMethod() {
        assertThatThrownBy(() -> injector.injectResources(new SetterSaga()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("setLedger");
    }

    record Clock(String zone) {
    }

    static final class Ledger {
    }

    static class BaseSaga {
        @Autowired
        @Qualifier("clock")
        transient Clock clock;
    }

    static final class TestSaga extends BaseSaga {
        @Autowired
        private transient Ledger ledger;
        private transient Ledger notABean;
    }

    static final class SetterSaga {
        @Autowired
        void setLedger(Ledger ledger) {
        }
    }
}
