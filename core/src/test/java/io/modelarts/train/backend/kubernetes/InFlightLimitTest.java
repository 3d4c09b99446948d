package io.modelarts.train.backend.kubernetes;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InFlightLimitTest {

    /** Calls the test completes by hand, in the order they were started. */
    private final List<CompletableFuture<String>> started = new ArrayList<>();

    private CompletableFuture<String> call() {
        CompletableFuture<String> f = new CompletableFuture<>();
        synchronized (started) {
            started.add(f);
        }
        return f;
    }

    private int startedCount() {
        synchronized (started) {
            return started.size();
        }
    }

    @Test
    void noMoreThanTheLimitRunAndTheOthersStartInOrderAsPlacesFree() {
        InFlightLimit limit = new InFlightLimit(3, Runnable::run);
        List<CompletableFuture<String>> results = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            results.add(limit.submit(this::call));
        }
        assertThat(startedCount()).isEqualTo(3);
        assertThat(limit.running()).isEqualTo(3);
        assertThat(limit.waiting()).isEqualTo(7);

        started.get(1).complete("b");
        assertThat(results.get(1)).isCompletedWithValue("b");
        assertThat(startedCount()).isEqualTo(4); // the fourth submitted took the freed place
        started.get(0).completeExceptionally(new IllegalStateException("refused"));
        assertThatThrownBy(results.get(0)::join).hasRootCauseMessage("refused");
        assertThat(startedCount()).isEqualTo(5); // a failure frees its place too

        for (int i = 2; i < 10; i++) {
            started.get(i).complete("call " + i);
        }
        assertThat(results.get(9)).isCompletedWithValue("call 9");
        assertThat(limit.running()).isZero();
        assertThat(limit.waiting()).isZero();
    }

    @Test
    void aCallThatThrowsAtOnceFailsAloneAndFreesItsPlace() {
        InFlightLimit limit = new InFlightLimit(1, Runnable::run);
        CompletableFuture<String> first = limit.submit(this::call);
        CompletableFuture<String> throwing = limit.submit(() -> {
            throw new IllegalArgumentException("bad request");
        });
        CompletableFuture<String> third = limit.submit(this::call);
        assertThat(throwing).isNotDone();

        started.get(0).complete("a");

        assertThat(first).isCompletedWithValue("a");
        assertThatThrownBy(throwing::join).hasRootCauseMessage("bad request");
        assertThat(startedCount()).isEqualTo(2); // the third started after the throwing one gave its place back
        started.get(1).complete("c");
        assertThat(third).isCompletedWithValue("c");
        assertThat(limit.running()).isZero();
    }

    @Test
    void thousandsOfCallsThatFailAtOnceDoNotGrowTheStack() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            InFlightLimit limit = new InFlightLimit(1, pool);
            CompletableFuture<String> first = limit.submit(this::call);
            List<CompletableFuture<String>> failing = new ArrayList<>();
            for (int i = 0; i < 50_000; i++) {
                failing.add(limit.submit(() -> CompletableFuture.failedFuture(new IllegalStateException("down"))));
            }
            started.get(0).complete("a");
            CompletableFuture.allOf(failing.toArray(CompletableFuture[]::new)).handle((v, e) -> null).get(30, TimeUnit.SECONDS);
            assertThat(failing).allSatisfy(f -> assertThat(f).isCompletedExceptionally());
            assertThat(first).isCompletedWithValue("a");
            assertThat(limit.running()).isZero();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void whenTheStarterIsShutDownTheWaitingCallsFailSayingSo() {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        pool.shutdown();
        InFlightLimit limit = new InFlightLimit(1, pool);
        CompletableFuture<String> first = limit.submit(this::call);
        CompletableFuture<String> second = limit.submit(this::call);
        CompletableFuture<String> third = limit.submit(this::call);

        started.get(0).complete("a");

        assertThat(first).isCompletedWithValue("a");
        assertThatThrownBy(second::join).hasMessageContaining("the Kubernetes backend was closed before the call was sent");
        assertThatThrownBy(third::join).hasMessageContaining("the Kubernetes backend was closed before the call was sent");
        assertThat(startedCount()).isEqualTo(1);
        assertThat(limit.running()).isZero();
        assertThat(limit.waiting()).isZero();
    }
}
