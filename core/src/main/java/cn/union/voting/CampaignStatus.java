package cn.union.voting;

/** A campaign takes votes while {@code OPEN} and between its two instants; closing is final. */
public enum CampaignStatus {
  OPEN,
  PAUSED,
  CLOSED;

  public boolean canMoveTo(CampaignStatus next) {
    return switch (this) {
      case OPEN -> next == PAUSED || next == CLOSED;
      case PAUSED -> next == OPEN || next == CLOSED;
      case CLOSED -> false;
    };
  }
}
