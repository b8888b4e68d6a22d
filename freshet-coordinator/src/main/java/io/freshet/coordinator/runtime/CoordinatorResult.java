package io.freshet.coordinator.runtime;

import java.util.List;

/**
 * What an operation yields: the records to write and the response to release once they are durable (as Kafka's
 * {@code CoordinatorResult}).
 */
public record CoordinatorResult<T>(List<StateRecord> records, T response) {

    public CoordinatorResult {
        records = List.copyOf(records);
    }

    /** A response that writes nothing (it still waits for the writes before it). */
    public static <T> CoordinatorResult<T> of(T response) {
        return new CoordinatorResult<>(List.of(), response);
    }
}
