package cn.union.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Calls the admin REST API over HTTP as the console does. */
public final class ApiClient {

  public static final String API = "/admin/api/v1";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final String baseUrl;
  private final HttpClient http = HttpClient.newHttpClient();
  private String token;

  public ApiClient(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  /** An answer: status, content type and body as JSON (null when empty). */
  public record Res(int status, String contentType, String raw, JsonNode json) {
    public JsonNode get(String field) {
      return json.get(field);
    }
  }

  public static ApiClient loggedIn(String baseUrl, String username, String password) {
    ApiClient c = new ApiClient(baseUrl);
    Res r = c.post("/auth/login", Map.of("username", username, "password", password));
    if (r.status() != 200) {
      throw new AssertionError("login of " + username + " failed: " + r.raw());
    }
    c.token = r.json().get("token").asString();
    TestLog.token(c.token);
    return c;
  }

  /**
   * Creates a user through this client (an admin) and returns that user logged in, the forced first
   * password change done (to {@code Changed#2026}).
   */
  public ApiClient newUser(String role, long orgId) {
    return newUser(
        "u" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 10),
        role,
        orgId);
  }

  /** The same, under a given name, so a test that travels in time can log in again. */
  public ApiClient newUser(String username, String role, long orgId) {
    Res created =
        post(
            "/users",
            Map.of(
                "username",
                username,
                "password",
                "Initial#2026",
                "displayName",
                "测试人员",
                "role",
                role,
                "orgId",
                orgId));
    if (created.status() != 201) {
      throw new AssertionError("creating a " + role + " failed: " + created.raw());
    }
    ApiClient c = loggedIn(baseUrl, username, "Initial#2026");
    Res changed =
        c.post(
            "/auth/password", Map.of("oldPassword", "Initial#2026", "newPassword", "Changed#2026"));
    if (changed.status() != 204) {
      throw new AssertionError("the first password change failed: " + changed.raw());
    }
    return c;
  }

  /** Creates an org through this client (an admin) and returns its id. */
  public long newOrg(long parentId, String name, String level) {
    Res created = post("/orgs", Map.of("parentId", parentId, "name", name, "level", level));
    if (created.status() != 201) {
      throw new AssertionError("creating " + name + " failed: " + created.raw());
    }
    return created.get("id").asLong();
  }

  /** Creates a city union under the root, named {@code prefix} and a random suffix; its id. */
  public long newCity(String prefix) {
    long root = get("/orgs/tree").json().get(0).get("id").asLong();
    return newOrg(root, prefix + java.util.UUID.randomUUID().toString().substring(0, 6), "CITY");
  }

  public ApiClient token(String token) {
    this.token = token;
    return this;
  }

  public String token() {
    return token;
  }

  public Res get(String path) {
    return send("GET", path, null);
  }

  public Res post(String path, Object body) {
    return send("POST", path, body);
  }

  public Res put(String path, Object body) {
    return send("PUT", path, body);
  }

  public Res patch(String path, Object body) {
    return send("PATCH", path, body);
  }

  public Res send(String method, String path, Object body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + API + path));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    String payload =
        body == null ? "" : body instanceof String s ? s : JSON.writeValueAsString(body);
    b.header("Content-Type", "application/json");
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(payload, StandardCharsets.UTF_8));
    try {
      HttpResponse<String> r =
          http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      String ct = r.headers().firstValue("Content-Type").orElse("");
      JsonNode json =
          r.body() == null || r.body().isBlank() || !ct.contains("json")
              ? null
              : JSON.readTree(r.body());
      return new Res(r.statusCode(), ct, r.body(), json);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
