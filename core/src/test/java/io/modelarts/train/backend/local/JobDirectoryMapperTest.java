package io.modelarts.train.backend.local;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobDirectoryMapperTest {

    final JobDirectoryMapper mapper = new JobDirectoryMapper(Path.of("/jobs/j1"));

    @Test
    void containerPathsLandUnderTheJobDirectory() {
        assertThat(mapper.map("/home/ma-user/modelarts/inputs/data_url_0")).isEqualTo("/jobs/j1/home/ma-user/modelarts/inputs/data_url_0");
        assertThat(mapper.map("/cache")).isEqualTo("/jobs/j1/cache");
        assertThat(mapper.map("/opt/work")).isEqualTo("/jobs/j1/opt/work");
        assertThat(mapper.map("relative/x")).isEqualTo("relative/x");
        assertThat(mapper.map("/")).isEqualTo("/jobs/j1");
    }

    @Test
    void pathsThatClimbOutAreRefused() {
        assertThatThrownBy(() -> mapper.map("/home/../../etc/passwd")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("leaves the job directory");
    }

    @Test
    void variablesInPlannedPathsAreExpandedAndEmptyElementsDropped() {
        assertThat(WorkerEnvironment.expand("/a:${PYTHONPATH}", Map.of())).isEqualTo("/a");
        assertThat(WorkerEnvironment.expand("/a:${PYTHONPATH}", Map.of("PYTHONPATH", "/x:/y"))).isEqualTo("/a:/x:/y");
        assertThat(WorkerEnvironment.expand("/plain", Map.of())).isEqualTo("/plain");
    }
}
