package cn.union.helpdesk;

import cn.union.platform.Copy;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * The intake's first step: the numbered list of categories, and which one the worker's answer
 * names.
 */
@Component
class IntakeCategories {

  /** The category the answer names, or what to tell the worker when it names none or several. */
  record Choice(HelpCategory chosen, String refusal) {}

  /** Every intake's first reply, rendered once for each snapshot of the categories. */
  private record FirstPrompt(List<HelpCategory> categories, String text) {}

  private final Categories categories;
  private final Copy copy;
  private volatile FirstPrompt firstPrompt;

  IntakeCategories(Categories categories, @Qualifier("helpdeskCopy") Copy copy) {
    this.categories = categories;
    this.copy = copy;
  }

  String firstPrompt() {
    List<HelpCategory> all = categories.enabled();
    FirstPrompt prompt = firstPrompt;
    if (prompt == null || prompt.categories() != all) {
      prompt = new FirstPrompt(all, copy.render("intake_category", Map.of("list", list(all))));
      firstPrompt = prompt;
    }
    return prompt.text();
  }

  /** The numbered list the worker picks from. */
  String list() {
    return list(categories.enabled());
  }

  /** By its number (any width) or by its name, or part of it when that names one category only. */
  Choice choose(String text) {
    List<HelpCategory> all = categories.enabled();
    Integer n = IntakeWords.number(text, all.size());
    if (n != null) {
      return new Choice(all.get(n - 1), null);
    }
    if (!text.isEmpty()) {
      List<HelpCategory> named = byName(all, text);
      if (named.size() > 1) {
        return new Choice(
            null,
            copy.render(
                "intake_category_ambiguous",
                Map.of(
                    "text",
                    IntakeWords.echo(text),
                    "names",
                    named.stream().map(HelpCategory::getName).collect(Collectors.joining("、")),
                    "list",
                    list(all))));
      }
      if (named.size() == 1) {
        return new Choice(named.get(0), null);
      }
    }
    return new Choice(
        null,
        copy.render(
            "intake_category_invalid",
            Map.of("text", IntakeWords.echo(text), "max", all.size(), "list", list(all))));
  }

  /**
   * The categories named by the text: the one of exactly that name, else every one whose name
   * contains it.
   */
  private static List<HelpCategory> byName(List<HelpCategory> all, String text) {
    for (HelpCategory c : all) {
      if (c.getName().equalsIgnoreCase(text)) {
        return List.of(c);
      }
    }
    return all.stream().filter(c -> c.getName().contains(text)).toList();
  }

  private static String list(List<HelpCategory> all) {
    StringBuilder list = new StringBuilder();
    for (int i = 0; i < all.size(); i++) {
      list.append(i == 0 ? "" : "\n").append(i + 1).append(". ").append(all.get(i).getName());
    }
    return list.toString();
  }
}
