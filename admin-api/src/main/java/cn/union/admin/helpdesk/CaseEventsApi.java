package cn.union.admin.helpdesk;

import static cn.union.platform.PlatformConfig.ZONE;

import cn.union.admin.web.ApiException;
import cn.union.admin.web.Public;
import cn.union.admin.web.Roles;
import cn.union.platform.Copy;
import cn.union.staff.Caller;
import cn.union.staff.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.OffsetDateTime;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * 求助件 as they happen: a Server-Sent Events stream of new cases, follow-ups, transfers and returns
 * of the caller's subtree.
 */
@RestController
@RequestMapping("/admin/api/v1/cases/events")
@Tag(name = "求助", description = "职工求助的签收、答复、审核、改派、退回与归档校验")
class CaseEventsApi {

  private static final Copy COPY = Copy.load("admin");

  private final CaseEventStream stream;

  CaseEventsApi(CaseEventStream stream) {
    this.stream = stream;
  }

  record TicketView(String ticket, OffsetDateTime expiresAt) {}

  @PostMapping("/ticket")
  @Roles({Role.INFORMANT, Role.ORG_ADMIN, Role.SUPER_ADMIN})
  @Operation(summary = "取得订阅求助动态的一次性票据", description = "1分钟内有效，只能使用一次")
  TicketView ticket(Caller caller, jakarta.servlet.http.HttpServletRequest request) {
    CaseEventStream.Ticket t =
        stream.issueTicket(
            caller, (String) request.getAttribute(cn.union.admin.web.AuthInterceptor.TOKEN));
    return new TicketView(t.ticket(), t.expiresAt().atZone(ZONE).toOffsetDateTime());
  }

  /**
   * Authenticated by the ticket, not by a header: EventSource cannot send one. Events: {@code
   * ready} once, then {@code case} with {@code {caseId, number, kind}}.
   */
  @GetMapping(produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  @Public
  @Operation(
      summary = "订阅本辖区求助动态（Server-Sent Events）",
      description = "参数 ticket 来自 POST /cases/events/ticket")
  SseEmitter events(@RequestParam(required = false) String ticket) {
    CaseEventStream.Redeemed caller = stream.redeem(ticket);
    if (caller == null) {
      throw new ApiException(HttpStatus.UNAUTHORIZED, "auth.ticket", COPY.text("auth.ticket"));
    }
    return stream.subscribe(caller);
  }
}
