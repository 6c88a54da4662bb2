package cn.union.enrollment;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.LuminanceSource;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.Result;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The printable poster: a PNG whose QR code reads back as the code WeChat issued, and the sandbox's
 * own image of it.
 */
class PosterIT extends EnrollmentFixture {

  @Test
  void thePosterPngCarriesTheQrCodeWeChatIssued() throws Exception {
    JsonNode qr = qrcode(countyId, true);
    HttpResponse<byte[]> png =
        get(
            baseUrl() + "/admin/api/v1/qrcodes/" + qr.get("id").asLong() + "/poster.png",
            admin.token());
    assertThat(png.statusCode()).isEqualTo(200);
    assertThat(png.headers().firstValue("Content-Type").orElse("")).startsWith("image/png");
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png.body()));
    assertThat(image.getWidth()).isEqualTo(1240);
    assertThat(image.getHeight()).isEqualTo(1754);
    assertThat(decode(image)).isEqualTo(qr.get("url").asString());
    // The org's name is drawn on the red band: white text pixels appear there.
    assertThat(countWhite(image, 0, 120, 1240, 240)).isGreaterThan(500);

    // WeChat's own image of the code (what /cgi-bin/showqrcode serves) encodes the same URL.
    String ticket =
        jdbc.queryForObject(
            "SELECT ticket FROM enroll_qrcode WHERE id = ?", String.class, qr.get("id").asLong());
    HttpResponse<byte[]> shown =
        get(baseUrl() + "/sandbox/cgi-bin/showqrcode?ticket=" + ticket, null);
    assertThat(shown.statusCode()).isEqualTo(200);
    assertThat(decode(ImageIO.read(new ByteArrayInputStream(shown.body()))))
        .isEqualTo(qr.get("url").asString());
  }

  private static String decode(BufferedImage image) throws Exception {
    LuminanceSource source = new BufferedImageLuminanceSource(image);
    Result result = new MultiFormatReader().decode(new BinaryBitmap(new HybridBinarizer(source)));
    return result.getText();
  }

  private static int countWhite(BufferedImage image, int x0, int y0, int x1, int y1) {
    int n = 0;
    for (int y = y0; y < y1; y++) {
      for (int x = x0; x < x1; x++) {
        if ((image.getRGB(x, y) & 0xFFFFFF) == 0xFFFFFF) {
          n++;
        }
      }
    }
    return n;
  }

  private static HttpResponse<byte[]> get(String url, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }
}
