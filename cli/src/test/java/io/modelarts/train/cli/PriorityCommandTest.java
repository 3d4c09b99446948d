package io.modelarts.train.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.modelarts.train.cli.MainTest.cli;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code modelarts-train priority NAME N}: what is refused before any cluster is asked (the change itself: PriorityChangeTest). */
class PriorityCommandTest {

    @TempDir
    Path tmp;

    Path pools() throws IOException {
        Path f = tmp.resolve("pools.yaml");
        Files.writeString(f, "pools:\n  - {name: p, type: dedicated, namespace: ns, queue: q, priorityClasses: {1: p1, 2: p2, 3: p3}}\n");
        return f;
    }

    @Test
    void aPriorityOutsideOneToThreeIsInvalid() throws IOException {
        MainTest.Result r = cli("priority", "demo", "4", "--pools", pools().toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("modelarts-train: priority: must be 1, 2 or 3 (got '4')\n");
    }

    @Test
    void threeNeedsThePermission() throws IOException {
        MainTest.Result r = cli("priority", "demo", "3", "--pools", pools().toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("3 needs the \"highest job priority\" permission (--allow-highest-priority)");
    }

    @Test
    void thePoolCatalogIsNeeded() {
        MainTest.Result r = cli("priority", "demo", "2");
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("--pools FILE is needed");
    }

    @Test
    void withoutAClusterItIsAnError() throws IOException {
        MainTest.Result r = cli("priority", "demo", "3", "--allow-highest-priority", "--pools", pools().toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains(NoCluster.MESSAGE);
    }
}
