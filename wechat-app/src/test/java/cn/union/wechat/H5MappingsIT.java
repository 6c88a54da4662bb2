package cn.union.wechat;

import static org.assertj.core.api.Assertions.assertThat;

import cn.union.support.IntegrationTest;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The H5 pages' own handler mapping: it answers the pages' requests (the vote among them) before
 * the main mapping, holds every H5 endpoint the main one knows (a page added without it would still
 * work, only slower, so this test is what notices), and nothing of the admin API.
 */
class H5MappingsIT extends IntegrationTest {

  @Autowired
  @Qualifier("h5HandlerMapping")
  RequestMappingHandlerMapping h5;

  @Autowired
  @Qualifier("requestMappingHandlerMapping")
  RequestMappingHandlerMapping main;

  @Test
  void theVoteIsFoundByTheH5MappingWhichIsAskedFirst() throws Exception {
    assertThat(h5.getOrder()).isLessThan(main.getOrder());
    MockHttpServletRequest vote = new MockHttpServletRequest("POST", "/h5/api/campaigns/7/votes");
    vote.setContentType("application/json");
    vote.addHeader("Accept", "application/json");
    HandlerExecutionChain chain = h5.getHandler(vote);
    assertThat(chain).isNotNull();
    HandlerMethod method = (HandlerMethod) chain.getHandler();
    assertThat(method.getBeanType()).isEqualTo(VotePage.class);
    assertThat(method.getMethod().getName()).isEqualTo("vote");

    assertThat(h5.getHandler(new MockHttpServletRequest("GET", "/admin/api/v1/cases/5")))
        .as("the admin API is not the H5 mapping's")
        .isNull();
  }

  @Test
  void itHoldsEveryH5EndpointTheMainMappingKnows() {
    assertThat(patterns(h5)).isEqualTo(patterns(main, "/h5")).isNotEmpty();
  }

  private static Set<String> patterns(RequestMappingHandlerMapping mapping, String... under) {
    return mapping.getHandlerMethods().keySet().stream()
        .map(RequestMappingInfo::getPatternValues)
        .flatMap(Set::stream)
        .filter(p -> under.length == 0 || p.startsWith(under[0] + "/"))
        .collect(Collectors.toSet());
  }
}
