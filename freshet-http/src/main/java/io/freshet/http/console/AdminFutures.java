package io.freshet.http.console;

import org.apache.kafka.common.KafkaFuture;

import java.util.concurrent.CompletableFuture;

/** A {@link KafkaFuture} as a {@link CompletableFuture} to compose, completing on the Admin client's thread. */
final class AdminFutures {

    private AdminFutures() {
    }

    static <T> CompletableFuture<T> of(KafkaFuture<T> future) {
        CompletableFuture<T> result = new CompletableFuture<>();
        future.whenComplete((value, error) -> {
            if (error != null) {
                result.completeExceptionally(error);
            } else {
                result.complete(value);
            }
        });
        return result;
    }
}
