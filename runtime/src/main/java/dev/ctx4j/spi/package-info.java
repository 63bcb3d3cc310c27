/**
 * Service provider interfaces: what an application or an integration implements to plug into ctx4j at run time,
 * found with {@link java.util.ServiceLoader}.
 */
package dev.ctx4j.spi;
