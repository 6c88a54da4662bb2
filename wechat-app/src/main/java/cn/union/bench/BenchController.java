package cn.union.bench;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/**
 * Endpoints for {@code bench/callback.sh} only; they exist when {@code union.bench.enabled=true} is
 * set (the script passes it on the command line) and never otherwise.
 *
 * <p>{@code /bench/empty} is the baseline: the cheapest Spring MVC round trip this app can make (it
 * reads the posted body, as the WeChat callback does, and answers {@code success}). {@code
 * /bench/inbound-count} lets the script check that every accepted callback was persisted.
 */
@RestController
@RequestMapping("/bench")
@ConditionalOnProperty(name = "union.bench.enabled", havingValue = "true")
class BenchController {

  private final JdbcTemplate jdbc;

  BenchController(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @RequestMapping(
      path = "/empty",
      method = {RequestMethod.GET, RequestMethod.POST},
      produces = "text/plain")
  String empty(@RequestBody(required = false) String body) {
    return "success";
  }

  @GetMapping(path = "/inbound-count", produces = "text/plain")
  String inboundCount() {
    Long rows = jdbc.queryForObject("SELECT COUNT(*) FROM wx_inbound", Long.class);
    return Long.toString(rows == null ? 0 : rows);
  }
}
