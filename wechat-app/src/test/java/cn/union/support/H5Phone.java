package cn.union.support;

import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * A phone's browser on the H5 pages: keeps cookies and follows redirects. It carries the {@code
 * sandbox_openid} cookie the sandbox page sets, so opening a page signs the worker in through the
 * sandbox's OAuth as WeChat's browser would (authorize, then the code exchanged at
 * /sns/oauth2/access_token).
 */
public class H5Phone {

  private final String baseUrl;
  private final CookieManager cookies = new CookieManager();
  private final HttpClient http =
      HttpClient.newBuilder()
          .cookieHandler(cookies)
          .followRedirects(HttpClient.Redirect.NORMAL)
          .build();

  /** The browser of worker {@code openid}, on the application at {@code baseUrl}. */
  public H5Phone(String baseUrl, String openid) {
    this.baseUrl = baseUrl;
    cookie("sandbox_openid", openid, "/");
  }

  /** Sets a cookie for {@code path} as if the application had set it. */
  public void cookie(String name, String value, String path) {
    HttpCookie c = new HttpCookie(name, value);
    c.setPath(path);
    c.setVersion(0);
    cookies.getCookieStore().add(URI.create(baseUrl + path), c);
  }

  /** The value of the cookie {@code name} this browser holds, or {@code null}. */
  public String cookie(String name) {
    return cookies.getCookieStore().getCookies().stream()
        .filter(c -> c.getName().equals(name))
        .map(HttpCookie::getValue)
        .findFirst()
        .orElse(null);
  }

  public HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(baseUrl + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  public HttpResponse<byte[]> bytes(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(baseUrl + path)).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  /** POSTs {@code json}, with {@code headers} given as name, value, name, value… */
  public HttpResponse<String> postJson(String path, String json, String... headers)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }
}
