package app.cluster;

import javax.sql.DataSource;

import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ClusterSettings.class)
class ClusterConfig {

    /**
     * Axon's JDBC token store on the table of Axon's JPA token store ({@code token_entry}, the same rows), with this
     * instance's node id and the cluster's claim timeout. Every batch of every processor stores its token, and the JPA
     * store had Hibernate translate that update again each time: about a fifth of a projection's thread in a flight
     * recording of the benchmark. The connection is the one of the processor's transaction, as with JPA.
     */
    @Bean
    TokenStore tokenStore(Serializer serializer, DataSource dataSource, ClusterSettings settings) {
        return JdbcTokenStore.builder()
                .connectionProvider(new SpringDataSourceConnectionProvider(dataSource))
                .schema(TokenSchema.builder()
                        .setTokenTable("token_entry")
                        .setProcessorNameColumn("processor_name")
                        .setSegmentColumn("segment")
                        .setTokenColumn("token")
                        .setTokenTypeColumn("token_type")
                        .setTimestampColumn("timestamp")
                        .setOwnerColumn("owner")
                        .build())
                .contentType(byte[].class)
                .serializer(serializer)
                .nodeId(settings.nodeId())
                .claimTimeout(settings.claimTimeout())
                .build();
    }
}
