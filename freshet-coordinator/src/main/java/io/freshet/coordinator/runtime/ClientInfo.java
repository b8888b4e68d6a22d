package io.freshet.coordinator.runtime;

/** Who sent a request: for member descriptions, and the API version that decides some answers. */
public record ClientInfo(String clientId, String clientHost, short apiVersion) {
}
