package dev.ballista.tpch;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * What a table directory holds, as written in its {@code _STARTED} and {@code _SUCCESS} markers: the scale factor
 * and the number of part files. A small properties text, readable by people and scripts.
 */
record TableMarker(double scaleFactor, int files) {
  private static final String SCALE_FACTOR = "scale_factor";
  private static final String FILES = "files";

  String toText() {
    return SCALE_FACTOR + "=" + scaleFactor + "\n" + FILES + "=" + files + "\n";
  }

  static TableMarker read(Path file) throws IOException {
    Properties properties = new Properties();
    properties.load(new StringReader(Files.readString(file)));
    String scaleFactor = properties.getProperty(SCALE_FACTOR);
    String files = properties.getProperty(FILES);
    if (scaleFactor == null || files == null) {
      throw new IOException("marker " + file + " lacks " + SCALE_FACTOR + " or " + FILES + "; delete the directory");
    }
    try {
      return new TableMarker(Double.parseDouble(scaleFactor), Integer.parseInt(files));
    } catch (NumberFormatException e) {
      throw new IOException("marker " + file + " is not readable (" + e.getMessage() + "); delete the directory", e);
    }
  }
}
