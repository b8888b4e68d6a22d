/**
 * Kafka's security model for every Freshet listener. {@link io.freshet.security.Security} is the one object the
 * listeners are given; {@code acl/} decides who may do what, {@code auth/} who someone is.
 */
package io.freshet.security;
