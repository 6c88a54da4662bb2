package cn.union.voting;

import cn.union.platform.Copy;
import cn.union.shared.DomainException;
import cn.union.staff.Caller;
import cn.union.voting.VotingViews.CandidateView;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Candidates' photos uploaded in the console: checked to be the picture they claim (by their first
 * bytes, not the declared type), kept in the database, and served from this origin to the H5 page.
 */
@Service
public class CandidatePhotos {

  /** Where the H5 page finds a photo: this plus the candidate's id. */
  public static final String PATH = "/h5/vote/photos/";

  public static final int MAX_BYTES = 2 * 1024 * 1024;

  private static final Copy COPY = Copy.load("voting");

  /** A stored photo, as served. */
  public record Photo(String contentType, byte[] content, String sha256) {}

  private final Campaigns campaigns;
  private final JdbcTemplate jdbc;
  private final Clock clock;

  CandidatePhotos(Campaigns campaigns, JdbcTemplate jdbc, Clock clock) {
    this.campaigns = campaigns;
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /**
   * Stores the photo of a candidate of a campaign the caller sees and points its photo URL at it.
   */
  @Transactional
  public CandidateView upload(Caller caller, long campaignId, long candidateId, byte[] content) {
    Campaign c = campaigns.visible(caller, campaignId);
    if (c.status() == CampaignStatus.CLOSED) {
      throw DomainException.conflict("campaign.closed", COPY.text("error_closed_candidate"));
    }
    Candidate old =
        campaigns.candidates(campaignId).stream()
            .filter(x -> x.id() == candidateId)
            .findFirst()
            .orElseThrow(() -> DomainException.notFound(COPY.text("what_candidate")));
    if (content == null || content.length == 0) {
      throw DomainException.invalid("candidate.photo-empty", COPY.text("error_photo_empty"));
    }
    if (content.length > MAX_BYTES) {
      throw DomainException.invalid("candidate.photo-size", COPY.text("error_photo_size"));
    }
    String type = sniff(content);
    if (type == null) {
      throw DomainException.invalid("candidate.photo-type", COPY.text("error_photo_type"));
    }
    String sha = sha256(content);
    jdbc.update("DELETE FROM vote_candidate_photo WHERE candidate_id = ?", candidateId);
    jdbc.update(
        "INSERT INTO vote_candidate_photo (candidate_id, campaign_id, content_type, size_bytes, sha256,"
            + " content, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        candidateId,
        campaignId,
        type,
        content.length,
        sha,
        content,
        Campaigns.local(clock.instant()));
    Candidate next =
        new Candidate(
            old.id(),
            campaignId,
            old.number(),
            old.name(),
            old.unit(),
            PATH + candidateId + "?v=" + sha.substring(0, 12),
            old.story());
    campaigns.updateCandidate(next);
    return VotingViews.of(next);
  }

  /** The photo of a candidate, or {@code null}; public, like the candidate list of the H5 page. */
  public Photo photo(long candidateId) {
    List<Photo> found =
        jdbc.query(
            "SELECT content_type, content, sha256 FROM vote_candidate_photo"
                + " WHERE candidate_id = ?",
            (rs, i) ->
                new Photo(
                    rs.getString("content_type"), rs.getBytes("content"), rs.getString("sha256")),
            candidateId);
    return found.isEmpty() ? null : found.get(0);
  }

  static String sniff(byte[] b) {
    if (b.length > 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff) {
      return "image/jpeg";
    }
    if (b.length > 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
      return "image/png";
    }
    if (b.length > 12
        && b[0] == 'R'
        && b[1] == 'I'
        && b[2] == 'F'
        && b[3] == 'F'
        && b[8] == 'W'
        && b[9] == 'E'
        && b[10] == 'B'
        && b[11] == 'P') {
      return "image/webp";
    }
    return null;
  }

  private static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
