package io.conntrack4j;

import io.conntrack4j.model.Flow;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The module exports its API packages to everyone and the internal access point only to the backend modules. */
class ModuleExportsTest {

    private static ModuleDescriptor descriptor() throws IOException, URISyntaxException {
        final Path classes = Path.of(Flow.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
            return ModuleDescriptor.read(in);
        }
    }

    @Test
    void onlyTheApiIsExportedToEveryone() throws Exception {
        final Map<String, Set<String>> exports = descriptor().exports().stream()
            .collect(Collectors.toMap(ModuleDescriptor.Exports::source, ModuleDescriptor.Exports::targets));
        assertThat(exports).containsOnlyKeys("io.conntrack4j", "io.conntrack4j.error", "io.conntrack4j.model",
            "io.conntrack4j.spi", "io.conntrack4j.text", "io.conntrack4j.internal.access");
        assertThat(exports.get("io.conntrack4j.model")).as("unqualified").isEmpty();
        assertThat(exports.get("io.conntrack4j.internal.access"))
            .containsExactlyInAnyOrder("io.conntrack4j.netlink", "io.conntrack4j.sim");
    }
}
