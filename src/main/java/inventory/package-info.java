/**
 * Inventory: the product catalogue with prices and stock, and reservations of stock for orders (all lines or
 * none, never below zero). It answers price look-ups and reservation commands through its {@code api}.
 */
package inventory;
