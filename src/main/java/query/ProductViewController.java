package query;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Pattern;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import query.api.FindAllProducts;
import query.api.FindProduct;
import query.api.ProductView;

@RestController
@RequestMapping("/api/products")
@Tag(name = "Products")
class ProductViewController {

    private final QueryGateway queries;

    ProductViewController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping
    @Operation(summary = "Every product with its price and the units that can still be ordered",
            description = ReadResponses.EVENTUALLY_CONSISTENT)
    @ApiResponse(responseCode = "200", description = "The products, by id")
    List<ProductView> products() {
        return queries.query(new FindAllProducts(), ResponseTypes.multipleInstancesOf(ProductView.class)).join();
    }

    @GetMapping("/{productId}")
    @Operation(summary = "One product with its price and the units that can still be ordered",
            description = "The ETag is the product's version; send it back as If-Match on a restock. "
                    + ReadResponses.EVENTUALLY_CONSISTENT)
    @ApiResponse(responseCode = "200", description = "The product; ETag carries its version")
    @ApiResponse(responseCode = "400", description = "Malformed product id",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "404", description = "No such product (yet)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<ProductView> product(
            @Parameter(example = "keyboard-01") @PathVariable @Pattern(regexp = ReadResponses.ID, message = ReadResponses.ID_MESSAGE) String productId) {
        ProductView product = queries.query(new FindProduct(productId), ResponseTypes.optionalInstanceOf(ProductView.class))
                .join()
                .orElseThrow(() -> ReadResponses.notFound("product", productId));
        return ResponseEntity.ok().eTag(Long.toString(product.version())).body(product);
    }
}
