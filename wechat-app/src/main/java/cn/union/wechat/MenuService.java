package cn.union.wechat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import me.chanjar.weixin.common.error.WxErrorException;
import me.chanjar.weixin.mp.api.WxMpService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The account menu from {@code templates/menu.json}: checked against WeChat's limits, then pushed
 * with {@code /cgi-bin/menu/create}.
 */
@Service
public class MenuService {

  private static final Logger log = LoggerFactory.getLogger(MenuService.class);
  static final int MAX_TOP = 3;
  static final int MAX_SUB = 5;
  static final int MAX_TOP_NAME_BYTES = 16;
  static final int MAX_SUB_NAME_BYTES = 60;
  static final int MAX_KEY_BYTES = 128;
  static final int MAX_URL_BYTES = 1024;

  private final WxMpService wx;
  private final JsonMapper json;
  private final WxProperties props;

  MenuService(WxMpService wx, JsonMapper json, WxProperties props) {
    this.wx = wx;
    this.json = json;
    this.props = props;
  }

  /** The menu is not acceptable to WeChat; the message says which button and why. */
  public static final class InvalidMenuException extends RuntimeException {
    public InvalidMenuException(String message) {
      super(message);
    }
  }

  public String loadMenuJson() {
    try (InputStream in =
        MenuService.class.getClassLoader().getResourceAsStream("templates/menu.json")) {
      if (in == null) {
        throw new IllegalStateException("templates/menu.json is missing from the build");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read templates/menu.json", e);
    }
  }

  /** Problems of a menu document against WeChat's limits; empty when it is fine. */
  public List<String> validate(String menuJson) {
    List<String> problems = new ArrayList<>();
    JsonNode root = json.readTree(menuJson);
    JsonNode buttons = root.path("button");
    if (!buttons.isArray() || buttons.isEmpty()) {
      problems.add("menu needs at least one button");
      return problems;
    }
    if (buttons.size() > MAX_TOP) {
      problems.add("at most " + MAX_TOP + " top-level buttons, found " + buttons.size());
    }
    for (JsonNode top : buttons) {
      String name = top.path("name").asString("");
      checkBytes(problems, "top-level name '" + name + "'", name, MAX_TOP_NAME_BYTES, true);
      JsonNode subs = top.path("sub_button");
      if (subs.isArray() && !subs.isEmpty()) {
        if (subs.size() > MAX_SUB) {
          problems.add("'" + name + "' has " + subs.size() + " sub-buttons, at most " + MAX_SUB);
        }
        for (JsonNode sub : subs) {
          String subName = sub.path("name").asString("");
          checkBytes(
              problems, "sub-button name '" + subName + "'", subName, MAX_SUB_NAME_BYTES, true);
          checkAction(problems, sub);
        }
      } else {
        checkAction(problems, top);
      }
    }
    return problems;
  }

  private static void checkAction(List<String> problems, JsonNode button) {
    String name = button.path("name").asString("");
    String type = button.path("type").asString("");
    switch (type) {
      case "click", "scancode_push", "scancode_waitmsg" ->
          checkBytes(
              problems,
              "key of '" + name + "'",
              button.path("key").asString(""),
              MAX_KEY_BYTES,
              true);
      case "view" ->
          checkBytes(
              problems,
              "url of '" + name + "'",
              button.path("url").asString(""),
              MAX_URL_BYTES,
              true);
      case "miniprogram" -> {
        if (button.path("appid").asString("").isEmpty()) {
          problems.add("miniprogram button '" + name + "' needs an appid");
        }
      }
      default -> problems.add("button '" + name + "' has unsupported type '" + type + "'");
    }
  }

  private static void checkBytes(
      List<String> problems, String what, String value, int max, boolean required) {
    int bytes = value.getBytes(StandardCharsets.UTF_8).length;
    if (required && bytes == 0) {
      problems.add(what + " is empty");
    } else if (bytes > max) {
      problems.add(what + " is " + bytes + " bytes, at most " + max);
    }
  }

  /** Validates and pushes the menu file. */
  public void push() throws WxErrorException {
    String menu = loadMenuJson();
    List<String> problems = validate(menu);
    if (!problems.isEmpty()) {
      throw new InvalidMenuException(String.join("; ", problems));
    }
    wx.getMenuService().menuCreate(menu);
    log.info("Pushed the account menu ({} bytes)", menu.length());
  }

  @EventListener(ApplicationReadyEvent.class)
  void pushOnStart() {
    if (!props.pushMenuOnStart()) {
      return;
    }
    try {
      push();
    } catch (WxErrorException | RuntimeException e) {
      // The app still serves messages without a fresh menu; an admin can push again.
      log.error("Could not push the menu at start: {}", e.getMessage());
    }
  }
}
