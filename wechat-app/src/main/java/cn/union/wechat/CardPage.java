package cn.union.wechat;

import cn.union.enrollment.MemberCard;
import cn.union.platform.Copy;
import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The electronic member card ({@code /h5/card}), linked from 我的会员: the worker, signed in through
 * OAuth {@code snsapi_base}, sees their member number and union and a QR code (drawn with ZXing)
 * carrying the card's check code, which staff at a service site scan and verify through {@code GET
 * /admin/api/v1/member-cards/{code}}.
 */
@RestController
class CardPage {

  static final String PATH = "/h5/card";
  static final int QR_SIZE = 480;

  private final H5Session session;
  private final MemberCard cards;
  private final Copy copy;

  CardPage(H5Session session, MemberCard cards, @Qualifier("wechatCopy") Copy copy) {
    this.session = session;
    this.cards = cards;
    this.copy = copy;
  }

  @GetMapping(PATH)
  ResponseEntity<?> page(
      @RequestParam(required = false) String code,
      @RequestParam(required = false) String state,
      HttpServletRequest request,
      HttpServletResponse response)
      throws IOException {
    return session.page("h5/card.html", code, state, request, response);
  }

  @GetMapping(path = "/h5/api/card", produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<?> card(HttpServletRequest request) {
    String openid = session.openid(request);
    if (openid == null) {
      return H5Session.signedOut();
    }
    MemberCard.Card card = cards.of(openid);
    if (card == null) {
      return ResponseEntity.status(HttpStatus.NOT_FOUND)
          .cacheControl(CacheControl.noStore())
          .body(Map.of("message", copy.text("h5.not-member")));
    }
    return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(card);
  }

  /** The QR code of the signed-in member's card, as PNG. */
  @GetMapping(path = "/h5/card.png", produces = MediaType.IMAGE_PNG_VALUE)
  ResponseEntity<byte[]> qr(HttpServletRequest request) throws IOException {
    String openid = session.openid(request);
    MemberCard.Card card = openid == null ? null : cards.of(openid);
    if (card == null) {
      return ResponseEntity.status(openid == null ? HttpStatus.UNAUTHORIZED : HttpStatus.NOT_FOUND)
          .build();
    }
    return ResponseEntity.ok()
        .contentType(MediaType.IMAGE_PNG)
        .cacheControl(CacheControl.noStore())
        .body(png(card.code()));
  }

  static byte[] png(String text) throws IOException {
    try {
      BitMatrix matrix =
          new QRCodeWriter()
              .encode(
                  text,
                  BarcodeFormat.QR_CODE,
                  QR_SIZE,
                  QR_SIZE,
                  Map.of(
                      EncodeHintType.ERROR_CORRECTION,
                      ErrorCorrectionLevel.M,
                      EncodeHintType.MARGIN,
                      4));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      MatrixToImageWriter.writeToStream(matrix, "PNG", out);
      return out.toByteArray();
    } catch (WriterException e) {
      throw new IllegalStateException("cannot encode the member card's QR code", e);
    }
  }

  @GetMapping("/h5/card.js")
  ResponseEntity<?> script() throws IOException {
    return H5Session.script("h5/card.js");
  }

  @GetMapping("/h5/card.css")
  ResponseEntity<?> styles() throws IOException {
    return H5Session.styles("h5/card.css");
  }
}
