package cn.union.sandbox;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import javax.imageio.ImageIO;

/**
 * What the sandbox phone "sends" as a picture or a voice message: small, real files of those kinds.
 */
final class SampleMedia {

  private SampleMedia() {}

  /** A small PNG (a payslip-coloured square with stripes), new each time so no two are alike. */
  static byte[] png() {
    BufferedImage img = new BufferedImage(120, 80, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setColor(new Color(0xF4F1E8));
      g.fillRect(0, 0, 120, 80);
      g.setColor(new Color(0xC8102E));
      for (int y = 10; y < 80; y += 14) {
        g.fillRect(10, y, 40 + (int) (System.nanoTime() % 60), 4);
      }
    } finally {
      g.dispose();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(img, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** An AMR-NB file of one second of silence: the header and 50 empty 20 ms frames. */
  static byte[] amr() {
    byte[] head = "#!AMR\n".getBytes(StandardCharsets.US_ASCII);
    byte[] amr = new byte[head.length + 50];
    System.arraycopy(head, 0, amr, 0, head.length);
    // Frame type 15 (NO_DATA), quality bit set: one byte per frame.
    for (int i = head.length; i < amr.length; i++) {
      amr[i] = 0x7C;
    }
    return amr;
  }
}
