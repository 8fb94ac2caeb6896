package dev.ballista.tpch.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Shared by the run and compare reports: number formats, the machine section, and writing JSON beside Markdown. */
public final class Reports {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Reports() {}

  static String millis(double ms) {
    return Double.isNaN(ms) ? "-" : String.format(Locale.ROOT, "%.1f", ms);
  }

  static String seconds(double ms) {
    return Double.isNaN(ms) ? "-" : String.format(Locale.ROOT, "%.2f s", ms / 1000);
  }

  /** Rounded to 0.1 ms for the JSON file; null stands for "no value". */
  static Double json(double ms) {
    return Double.isNaN(ms) ? null : Math.round(ms * 10) / 10.0;
  }

  static String machineMarkdown(MachineInfo m) {
    return new TextTable("Machine", "").row("CPU", m.cpu()).row("Cores", m.cores()).row("Memory", m.memory())
        .row("JVM", m.jvm()).row("OS", m.os()).row("Date (UTC)", m.date()).row("Commit", m.commit()).markdown();
  }

  /** {@code report.json} gets {@code report.md} beside it. */
  public static Path markdownBeside(Path json) {
    String name = json.getFileName().toString();
    String base = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
    return json.resolveSibling(base + ".md");
  }

  static void write(Path json, Object document, String markdown) throws IOException {
    Path parent = json.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    JSON.writeValue(json.toFile(), document);
    Files.writeString(markdownBeside(json), markdown);
  }
}
