package cn.union.admin.enrollment;

import cn.union.platform.Copy;
import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.GraphicsEnvironment;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.springframework.stereotype.Component;

/**
 * Draws an enrollment poster (org name, call to action, the QR code with its quiet zone) from the
 * layout in {@code templates/poster/enrollment.properties}. Chinese needs a CJK font: the layout
 * names the families to use, and when none of them is installed the poster is refused with that
 * list, never drawn with boxes in place of characters.
 */
@Component
class PosterRenderer {

  private static final Copy COPY = Copy.load("admin");

  static final String LAYOUT = "templates/poster/enrollment.properties";

  /** No font of the layout can draw the poster's text. */
  static final class NoCjkFontException extends IllegalStateException {
    NoCjkFontException(String message) {
      super(message);
    }
  }

  private final Properties layout;

  PosterRenderer() {
    this(load());
  }

  PosterRenderer(Properties layout) {
    this.layout = layout;
  }

  /** The PNG of a poster whose QR code encodes {@code url}. */
  byte[] render(String orgName, String label, String url) {
    String call = layout.getProperty("call.text");
    String steps = layout.getProperty("steps.text");
    String footer = layout.getProperty("footer.text");
    String family = fontFamily(String.join("", orgName, label, call, steps, footer));
    int width = num("width");
    int height = num("height");
    BufferedImage page = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = page.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setColor(color("background"));
      g.fillRect(0, 0, width, height);
      g.setColor(color("band.color"));
      g.fillRect(0, 0, width, num("band.height"));
      centered(g, family, Font.BOLD, orgName, "org", width);
      centered(g, family, Font.BOLD, call, "call", width);
      centered(g, family, Font.PLAIN, steps, "steps", width);
      int qrSize = num("qr.size");
      g.drawImage(qr(url, qrSize), (width - qrSize) / 2, num("qr.y"), null);
      centered(g, family, Font.PLAIN, label, "label", width);
      centered(g, family, Font.PLAIN, footer, "footer", width);
    } finally {
      g.dispose();
    }
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    try {
      ImageIO.write(page, "PNG", png);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return png.toByteArray();
  }

  /** The first family of the layout that is installed and draws every character of {@code text}. */
  String fontFamily(String text) {
    List<String> wanted =
        Arrays.stream(layout.getProperty("fonts").split(",")).map(String::strip).toList();
    Set<String> installed =
        Set.of(GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames());
    for (String family : wanted) {
      if (installed.contains(family)
          && new Font(family, Font.PLAIN, 12).canDisplayUpTo(text) == -1) {
        return family;
      }
    }
    throw new NoCjkFontException(
        COPY.render(
            "poster.no-cjk-font",
            Map.of("fonts", String.join(COPY.text("poster.font-separator"), wanted))));
  }

  private BufferedImage qr(String url, int size) {
    try {
      BitMatrix matrix =
          new QRCodeWriter()
              .encode(
                  url,
                  BarcodeFormat.QR_CODE,
                  size,
                  size,
                  Map.of(
                      EncodeHintType.MARGIN,
                      num("qr.quiet-zone"),
                      EncodeHintType.ERROR_CORRECTION,
                      ErrorCorrectionLevel.M,
                      EncodeHintType.CHARACTER_SET,
                      "UTF-8"));
      return MatrixToImageWriter.toBufferedImage(matrix);
    } catch (WriterException e) {
      throw new IllegalStateException("cannot encode the poster's QR code", e);
    }
  }

  /** Draws a line centred, shrinking the font until it fits the page with a margin. */
  private void centered(
      Graphics2D g, String family, int style, String text, String key, int width) {
    if (text == null || text.isEmpty()) {
      return;
    }
    int size = num(key + ".size");
    Font font = new Font(family, style, size);
    FontMetrics metrics = g.getFontMetrics(font);
    int room = width - 2 * 60;
    while (metrics.stringWidth(text) > room && size > 12) {
      size -= 2;
      font = new Font(family, style, size);
      metrics = g.getFontMetrics(font);
    }
    g.setFont(font);
    g.setColor(color(key + ".color"));
    g.drawString(text, (width - metrics.stringWidth(text)) / 2, num(key + ".y"));
  }

  private int num(String key) {
    return Integer.parseInt(layout.getProperty(key).strip());
  }

  private Color color(String key) {
    return Color.decode(layout.getProperty(key).strip());
  }

  static Properties load() {
    try (InputStream in = PosterRenderer.class.getClassLoader().getResourceAsStream(LAYOUT)) {
      if (in == null) {
        throw new IllegalStateException("missing poster layout " + LAYOUT);
      }
      Properties p = new Properties();
      p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
      String missing =
          Set.of("width", "height", "fonts", "qr.size", "qr.y", "qr.quiet-zone", "call.text")
              .stream()
              .filter(k -> p.getProperty(k) == null)
              .collect(Collectors.joining(", "));
      if (!missing.isEmpty()) {
        throw new IllegalStateException("poster layout " + LAYOUT + " lacks " + missing);
      }
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
