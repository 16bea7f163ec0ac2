package app.security;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Declares both ways in (Basic, bearer JWT) in the OpenAPI document, as alternatives for every operation, so that
 * Swagger UI's Authorize button offers them and "Try it out" sends the credentials.
 */
@Configuration
class OpenApiSecurity {

    static final String BASIC = "basic";
    static final String BEARER = "bearer";

    @Bean
    OpenApiCustomizer securitySchemes() {
        return openApi -> {
            if (openApi.getComponents() == null) {
                openApi.setComponents(new Components());
            }
            openApi.getComponents()
                    .addSecuritySchemes(BASIC, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")
                            .description("A user configured under eventshop.security.users"))
                    .addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                            .bearerFormat("JWT")
                            .description("An access token of the configured OpenID Connect issuer"));
            if (openApi.getSecurity() == null
                    || openApi.getSecurity().stream().noneMatch(requirement -> requirement.containsKey(BASIC))) {
                openApi.addSecurityItem(new SecurityRequirement().addList(BASIC));
                openApi.addSecurityItem(new SecurityRequirement().addList(BEARER));
            }
        };
    }
}
