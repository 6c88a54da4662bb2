package cn.union.admin.voting;

import cn.union.admin.web.AuditTrail;
import cn.union.admin.web.Roles;
import cn.union.shared.PageResult;
import cn.union.staff.Caller;
import cn.union.staff.Role;
import cn.union.voting.CampaignAdmin;
import cn.union.voting.CandidatePhotos;
import cn.union.voting.VoteResults;
import cn.union.voting.VotingViews.CampaignData;
import cn.union.voting.VotingViews.CampaignView;
import cn.union.voting.VotingViews.CandidateData;
import cn.union.voting.VotingViews.CandidateView;
import cn.union.voting.VotingViews.FlaggedVote;
import cn.union.voting.VotingViews.Recount;
import cn.union.voting.VotingViews.ResultRow;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * 最美职工 campaigns of the caller's subtree: rules, candidates, pause/resume/close, results, review.
 */
@RestController
@RequestMapping("/admin/api/v1/campaigns")
@Roles({Role.SUPER_ADMIN, Role.ORG_ADMIN})
@Tag(name = "投票", description = "最美职工评选：活动、候选人、结果与异常票审核")
class CampaignApi {

  private final CampaignAdmin voting;
  private final VoteResults results;
  private final CandidatePhotos photos;
  private final AuditTrail audit;

  CampaignApi(CampaignAdmin voting, VoteResults results, CandidatePhotos photos, AuditTrail audit) {
    this.voting = voting;
    this.results = results;
    this.photos = photos;
    this.audit = audit;
  }

  record CampaignCreate(
      @NotBlank @Size(max = 128) String title,
      @Size(max = 2000) String description,
      @NotNull OffsetDateTime startAt,
      @NotNull OffsetDateTime endAt,
      @NotNull Integer votesPerVoterPerDay,
      Integer votesPerCandidatePerDay,
      Boolean membersOnly,
      Integer burstPerMinute,
      Long orgId) {}

  record CampaignPatch(
      @Size(max = 128) String title,
      @Size(max = 2000) String description,
      OffsetDateTime startAt,
      OffsetDateTime endAt,
      Integer votesPerVoterPerDay,
      Integer votesPerCandidatePerDay,
      Boolean membersOnly,
      Integer burstPerMinute) {}

  record CandidateCreate(
      @NotBlank @Size(max = 64) String name,
      @Size(max = 128) String unit,
      Integer number,
      @Size(max = 1024) String photoUrl,
      @Size(max = 4000) String story) {}

  record CandidatePatch(
      @Size(max = 64) String name,
      @Size(max = 128) String unit,
      @Size(max = 1024) String photoUrl,
      @Size(max = 4000) String story) {}

  record Verdict(@NotBlank String verdict) {}

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(summary = "创建投票活动", description = "默认属于调用者所在工会；每人每天对同一候选人的票数默认等于每天可投票数")
  CampaignView create(Caller caller, @Valid @RequestBody CampaignCreate req) {
    CampaignView c =
        voting.create(
            caller,
            new CampaignData(
                req.title(),
                req.description(),
                req.startAt(),
                req.endAt(),
                req.votesPerVoterPerDay(),
                req.votesPerCandidatePerDay(),
                req.membersOnly(),
                req.burstPerMinute(),
                req.orgId()));
    audit.record(
        caller,
        voting.orgPathOf(caller, c.id()),
        "campaign.created",
        "campaign",
        c.id(),
        c.title());
    return c;
  }

  @GetMapping
  @Operation(summary = "投票活动列表")
  PageResult<CampaignView> list(
      Caller caller,
      @RequestParam(required = false) Integer page,
      @RequestParam(required = false) Integer size) {
    return voting.list(caller, PageResult.page(page), PageResult.size(size));
  }

  @GetMapping("/{id}")
  @Operation(summary = "投票活动详情")
  CampaignView get(Caller caller, @PathVariable long id) {
    return voting.get(caller, id);
  }

  @PatchMapping("/{id}")
  @Operation(summary = "修改活动规则")
  CampaignView update(Caller caller, @PathVariable long id, @Valid @RequestBody CampaignPatch req) {
    CampaignView c =
        voting.update(
            caller,
            id,
            new CampaignData(
                req.title(),
                req.description(),
                req.startAt(),
                req.endAt(),
                req.votesPerVoterPerDay(),
                req.votesPerCandidatePerDay(),
                req.membersOnly(),
                req.burstPerMinute(),
                null));
    audit.record(caller, voting.orgPathOf(caller, id), "campaign.updated", "campaign", id, null);
    return c;
  }

  @PostMapping("/{id}/pause")
  @Operation(summary = "暂停投票")
  CampaignView pause(Caller caller, @PathVariable long id) {
    CampaignView c = voting.pause(caller, id);
    audit.record(caller, voting.orgPathOf(caller, id), "campaign.paused", "campaign", id, null);
    return c;
  }

  @PostMapping("/{id}/resume")
  @Operation(summary = "恢复投票")
  CampaignView resume(Caller caller, @PathVariable long id) {
    CampaignView c = voting.resume(caller, id);
    audit.record(caller, voting.orgPathOf(caller, id), "campaign.resumed", "campaign", id, null);
    return c;
  }

  @PostMapping("/{id}/close")
  @Operation(summary = "结束活动并冻结结果", description = "此后不再计票；结果以结束时为准")
  CampaignView close(Caller caller, @PathVariable long id) {
    CampaignView c = voting.close(caller, id);
    audit.record(caller, voting.orgPathOf(caller, id), "campaign.closed", "campaign", id, null);
    return c;
  }

  @PostMapping("/{id}/candidates")
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(summary = "添加候选人", description = "不填编号时取当前最大编号加一；职工发送“投票 编号”投票")
  CandidateView addCandidate(
      Caller caller, @PathVariable long id, @Valid @RequestBody CandidateCreate req) {
    CandidateView c =
        voting.addCandidate(
            caller,
            id,
            new CandidateData(req.name(), req.unit(), req.number(), req.photoUrl(), req.story()));
    audit.record(
        caller, voting.orgPathOf(caller, id), "candidate.created", "candidate", c.id(), null);
    return c;
  }

  @GetMapping("/{id}/candidates")
  @Operation(summary = "候选人列表")
  List<CandidateView> candidates(Caller caller, @PathVariable long id) {
    return voting.candidates(caller, id);
  }

  @PatchMapping("/{id}/candidates/{candidateId}")
  @Operation(summary = "修改候选人（编号不可改）")
  CandidateView updateCandidate(
      Caller caller,
      @PathVariable long id,
      @PathVariable long candidateId,
      @Valid @RequestBody CandidatePatch req) {
    CandidateView c =
        voting.updateCandidate(
            caller,
            id,
            candidateId,
            new CandidateData(req.name(), req.unit(), null, req.photoUrl(), req.story()));
    audit.record(
        caller, voting.orgPathOf(caller, id), "candidate.updated", "candidate", candidateId, null);
    return c;
  }

  @PostMapping(
      path = "/{id}/candidates/{candidateId}/photo",
      consumes = {"image/jpeg", "image/png", "image/webp", "application/octet-stream"})
  @io.swagger.v3.oas.annotations.parameters.RequestBody(
      required = true,
      content = {
        @io.swagger.v3.oas.annotations.media.Content(mediaType = "image/jpeg"),
        @io.swagger.v3.oas.annotations.media.Content(mediaType = "image/png"),
        @io.swagger.v3.oas.annotations.media.Content(mediaType = "image/webp")
      })
  @Operation(summary = "上传候选人照片", description = "JPEG、PNG 或 WebP，不超过 2 MB；候选人的 photoUrl 随之指向站内地址")
  CandidateView uploadPhoto(
      Caller caller, @PathVariable long id, @PathVariable long candidateId, InputStream body)
      throws IOException {
    byte[] content = body.readNBytes(CandidatePhotos.MAX_BYTES + 1);
    CandidateView c = photos.upload(caller, id, candidateId, content);
    audit.record(
        caller,
        voting.orgPathOf(caller, id),
        "candidate.photo-uploaded",
        "candidate",
        candidateId,
        null);
    return c;
  }

  @GetMapping("/{id}/results")
  @Roles({Role.SUPER_ADMIN, Role.ORG_ADMIN, Role.AUDITOR})
  @Operation(summary = "投票结果", description = "得票多者在前；votes 为回复“投票成功”的票，flagged 为异常待审核、未计入的票")
  List<ResultRow> results(Caller caller, @PathVariable long id) {
    return results.results(caller, id);
  }

  @GetMapping("/{id}/results.csv")
  @Roles({Role.SUPER_ADMIN, Role.ORG_ADMIN, Role.AUDITOR})
  @Operation(summary = "导出投票结果（CSV）", description = "UTF-8 带 BOM，Excel 可直接打开；导出记入审计日志")
  void resultsCsv(Caller caller, @PathVariable long id, HttpServletResponse response)
      throws IOException {
    String path = voting.orgPathOf(caller, id);
    audit.record(caller, path, "campaign.results-exported", "campaign", id, null);
    response.setContentType("text/csv;charset=UTF-8");
    response.setHeader("Content-Disposition", "attachment; filename=\"results-" + id + ".csv\"");
    Writer out = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
    results.writeResultsCsv(caller, id, out);
    out.flush();
  }

  @PostMapping("/{id}/recount")
  @Operation(summary = "按投票流水核对实时计数", description = "rebuild=true 时先以流水重建实时计数")
  Recount recount(
      Caller caller, @PathVariable long id, @RequestParam(defaultValue = "false") boolean rebuild) {
    Recount r = results.recount(caller, id, rebuild);
    audit.record(
        caller,
        voting.orgPathOf(caller, id),
        "campaign.recounted",
        "campaign",
        id,
        "matches=" + r.matches() + (rebuild ? ", rebuilt" : ""));
    return r;
  }

  @GetMapping("/{id}/flagged")
  @Roles({Role.SUPER_ADMIN, Role.ORG_ADMIN, Role.AUDITOR})
  @Operation(summary = "异常票审核列表", description = "短时间内集中投给同一候选人的票：不计入结果，留待审核")
  PageResult<FlaggedVote> flagged(
      Caller caller,
      @PathVariable long id,
      @RequestParam(required = false) Integer page,
      @RequestParam(required = false) Integer size) {
    return results.flagged(caller, id, PageResult.page(page), PageResult.size(size));
  }

  @PostMapping("/{id}/flagged/{voteId}/review")
  @Operation(summary = "审核异常票", description = "verdict: FRAUD（作弊）或 GENUINE（正常）；不改变已公布的得票")
  void review(
      Caller caller,
      @PathVariable long id,
      @PathVariable long voteId,
      @Valid @RequestBody Verdict req) {
    results.review(caller, id, voteId, req.verdict());
    audit.record(
        caller, voting.orgPathOf(caller, id), "vote.reviewed", "vote", voteId, req.verdict());
  }
}
