package io.freshet.broker.handler;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Joins the per-resource results of a request, kept in request order, once all of them are in. */
final class Futures {

    private Futures() {
    }

    static <T> CompletableFuture<List<T>> inOrder(List<CompletableFuture<T>> results) {
        return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new))
            .thenApply(ignored -> results.stream().map(CompletableFuture::join).toList());
    }
}
