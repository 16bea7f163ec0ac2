package app.persistence;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.transaction.TransactionManagerCustomizers;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;

/**
 * Spring Boot's JPA transaction manager, except that a connection that breaks during the commit is reported as
 * {@link CommitOutcomeUnknown} instead of an ordinary failure: before the commit a broken connection means nothing
 * was stored, during it nobody knows, and a client must be told which.
 */
@Configuration(proxyBeanMethods = false)
class OutcomeAwareTransactionManager {

    @Bean
    PlatformTransactionManager transactionManager(ObjectProvider<TransactionManagerCustomizers> customizers) {
        JpaTransactionManager transactionManager = new CommitWatchingJpaTransactionManager();
        customizers.ifAvailable(each -> each.customize(transactionManager));
        return transactionManager;
    }

    static class CommitWatchingJpaTransactionManager extends JpaTransactionManager {

        @Override
        protected void doCommit(DefaultTransactionStatus status) {
            try {
                super.doCommit(status);
            } catch (RuntimeException failure) {
                if (DatabaseFaults.isUnavailable(failure)) {
                    throw new CommitOutcomeUnknown(failure);
                }
                throw failure;
            }
        }

        /** A rollback fails only when the connection is gone, and then the database discards the transaction. */
        @Override
        protected void doRollback(DefaultTransactionStatus status) {
            try {
                super.doRollback(status);
            } catch (RuntimeException failure) {
                throw new DataAccessResourceFailureException("The connection to the database was lost; the"
                        + " transaction was not committed", failure);
            }
        }
    }
}
