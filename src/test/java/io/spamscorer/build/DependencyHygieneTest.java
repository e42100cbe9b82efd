package io.spamscorer.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.Version;
import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The class path holds exactly one SLF4J binding (Logback) and one Jackson line, as the BOMs in the pom intend. */
class DependencyHygieneTest {

    @Test
    void shouldBindSlf4jToLogbackOnly() throws IOException {
        assertEquals("ch.qos.logback.classic.LoggerContext", LoggerFactory.getILoggerFactory().getClass().getName());
        final List<URL> providers = Collections.list(getClass().getClassLoader()
                .getResources("META-INF/services/org.slf4j.spi.SLF4JServiceProvider"));
        assertEquals(1, providers.size(), "SLF4J providers: " + providers);
        assertTrue(Collections.list(getClass().getClassLoader().getResources("org/slf4j/impl/StaticLoggerBinder.class")).isEmpty(),
                "an SLF4J 1.x binding is on the class path");
    }

    @Test
    void shouldUseOneJacksonMinorLineForCoreDatabindAndAnnotations() {
        final Version core = com.fasterxml.jackson.core.json.PackageVersion.VERSION;
        final Version databind = com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION;
        final List<String> lines = new ArrayList<>();
        lines.add(core.getMajorVersion() + "." + core.getMinorVersion());
        lines.add(databind.getMajorVersion() + "." + databind.getMinorVersion());
        final Package annotations = com.fasterxml.jackson.annotation.JsonProperty.class.getPackage();
        final String annotationsVersion = annotations.getImplementationVersion();
        if (annotationsVersion != null) {
            lines.add(annotationsVersion.replaceAll("^(\\d+\\.\\d+).*", "$1"));
        }
        assertEquals(1, lines.stream().distinct().count(), "Jackson lines: core, databind, annotations = " + lines);
    }
}
