package cn.union.platform;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Files under {@code templates/} (UTF-8), read from the classpath: the copy ({@link Copy}) and the
 * data that is not code, such as word lists and the demo province. A missing file is an error, so a
 * build without its templates fails at once.
 */
public final class TemplateFiles {

  private TemplateFiles() {}

  /** {@code templates/<path>} as properties. */
  public static Properties properties(String path) {
    Properties props = new Properties();
    try (BufferedReader reader = open(path)) {
      props.load(reader);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read templates/" + path, e);
    }
    return props;
  }

  /**
   * The lines of {@code templates/<path>} as written, without blank lines and {@code #} comments.
   */
  public static List<String> lines(String path) {
    List<String> lines = new ArrayList<>();
    try (BufferedReader reader = open(path)) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (!line.isBlank() && !line.strip().startsWith("#")) {
          lines.add(line);
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read templates/" + path, e);
    }
    return lines;
  }

  private static BufferedReader open(String path) {
    String resource = "templates/" + path;
    InputStream in = TemplateFiles.class.getClassLoader().getResourceAsStream(resource);
    if (in == null) {
      throw new IllegalStateException("missing " + resource);
    }
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
  }
}
