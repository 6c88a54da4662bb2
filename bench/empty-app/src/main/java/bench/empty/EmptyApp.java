package bench.empty;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The bench's baseline: reads the posted body, as a WeChat callback must, and answers {@code success}. */
@SpringBootApplication
@RestController
public class EmptyApp {

  public static void main(String[] args) {
    SpringApplication.run(EmptyApp.class, args);
  }

  @PostMapping(path = "/wx/portal", produces = "text/plain")
  String portal(@RequestBody(required = false) String body) {
    return "success";
  }
}
