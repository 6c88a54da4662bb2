package cn.union.support;

import static org.assertj.core.api.Assertions.assertThat;

import cn.union.support.RawHttp.Answer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The admin API's operations as its OpenAPI document lists them: method, path (below {@link
 * ApiClient#API}), who may call it ({@code x-public}, {@code x-roles}), its query parameters and
 * the media type of its body. Tests that walk every operation start here, so a new endpoint is
 * walked the day it is added.
 */
public final class ApiOperations {

  private ApiOperations() {}

  public record Operation(
      String method,
      String path,
      boolean isPublic,
      Set<String> roles,
      Set<String> query,
      String contentType) {
    public String label() {
      return method + " " + path;
    }
  }

  public static List<Operation> of(int port) {
    Answer doc = RawHttp.send(port, null, "GET", "/v3/api-docs", Map.of(), null);
    assertThat(doc.status()).as(doc.body()).isEqualTo(200);
    JsonNode paths = new ObjectMapper().readTree(doc.body()).get("paths");
    List<Operation> ops = new ArrayList<>();
    for (Map.Entry<String, JsonNode> path : paths.properties()) {
      if (!path.getKey().startsWith(ApiClient.API)) {
        continue;
      }
      for (Map.Entry<String, JsonNode> m : path.getValue().properties()) {
        JsonNode op = m.getValue();
        Set<String> roles = new LinkedHashSet<>();
        op.path("x-roles").forEach(r -> roles.add(r.asString()));
        Set<String> query = new LinkedHashSet<>();
        op.path("parameters")
            .forEach(
                p -> {
                  if ("query".equals(p.path("in").asString())) {
                    query.add(p.get("name").asString());
                  }
                });
        String contentType = null;
        if (op.has("requestBody")) {
          contentType = op.get("requestBody").get("content").propertyNames().iterator().next();
        }
        boolean isPublic = op.path("x-public").asBoolean(false);
        assertThat(isPublic || !roles.isEmpty())
            .as("%s %s says who may call it", m.getKey(), path.getKey())
            .isTrue();
        ops.add(
            new Operation(
                m.getKey().toUpperCase(),
                path.getKey().substring(ApiClient.API.length()),
                isPublic,
                roles,
                query,
                contentType));
      }
    }
    assertThat(ops).as("the admin API's operations").hasSizeGreaterThan(60);
    return ops;
  }
}
