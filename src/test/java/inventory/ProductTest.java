package inventory;

import java.math.BigDecimal;

import inventory.api.AddProduct;
import inventory.api.ProductAdded;
import inventory.api.ProductRestocked;
import inventory.api.ProductStockReserved;
import inventory.api.RestockProduct;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProductTest {

    private static final BigDecimal PRICE = new BigDecimal("2490.00");

    private AggregateTestFixture<Product> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Product.class);
    }

    @Test
    void addsProduct() {
        fixture.givenNoPriorActivity()
                .when(new AddProduct("kb", "Keyboard", PRICE, "THB", 10))
                .expectEvents(new ProductAdded("kb", "Keyboard", PRICE, "THB", 10));
    }

    @Test
    void addsProductWithoutStock() {
        fixture.givenNoPriorActivity()
                .when(new AddProduct("kb", "Keyboard", PRICE, "THB", 0))
                .expectEvents(new ProductAdded("kb", "Keyboard", PRICE, "THB", 0));
    }

    @Test
    void cannotAddProductWithoutPositivePrice() {
        fixture.givenNoPriorActivity()
                .when(new AddProduct("kb", "Keyboard", BigDecimal.ZERO, "THB", 10))
                .expectException(InvalidProduct.class)
                .expectNoEvents();
    }

    @Test
    void cannotAddProductWithNegativeStock() {
        fixture.givenNoPriorActivity()
                .when(new AddProduct("kb", "Keyboard", PRICE, "THB", -1))
                .expectException(InvalidProduct.class);
    }

    @Test
    void restocksProduct() {
        fixture.given(new ProductAdded("kb", "Keyboard", PRICE, "THB", 0))
                .when(new RestockProduct("kb", 25, null))
                .expectEvents(new ProductRestocked("kb", 25));
    }

    @Test
    void cannotRestockByZero() {
        fixture.given(new ProductAdded("kb", "Keyboard", PRICE, "THB", 0))
                .when(new RestockProduct("kb", 0, null))
                .expectException(InvalidProduct.class);
    }

    @Test
    void cannotRestockPastIntegerRange() {
        fixture.given(new ProductAdded("kb", "Keyboard", PRICE, "THB", Integer.MAX_VALUE - 1),
                        new ProductStockReserved("kb", "o1", 1))
                .when(new RestockProduct("kb", 2, null))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ProductRestocked("kb", 2));
        fixture.given(new ProductAdded("kb", "Keyboard", PRICE, "THB", Integer.MAX_VALUE - 1))
                .when(new RestockProduct("kb", 2, null))
                .expectException(InvalidProduct.class);
    }
}
