package dev.modelx.cli;

import picocli.CommandLine;

import java.io.InputStream;
import java.util.Properties;

final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws Exception {
        Properties p = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        }
        return new String[]{"modelx " + p.getProperty("version", "unknown"), "Java " + System.getProperty("java.version")};
    }
}
