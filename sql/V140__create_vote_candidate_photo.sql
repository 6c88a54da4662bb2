-- A candidate's photo as uploaded in the console (JPEG, PNG or WebP, at most 2 MB), served to the
-- H5 vote page from the same origin at /h5/vote/photos/<candidate>; the candidate's photo_url then
-- points there, with the content's hash so a new upload is never hidden by a cached old one.
CREATE TABLE vote_candidate_photo (
  candidate_id  BIGINT       NOT NULL,
  campaign_id   BIGINT       NOT NULL,
  content_type  VARCHAR(32)  NOT NULL,
  size_bytes    BIGINT       NOT NULL,
  sha256        CHAR(64)     NOT NULL,
  content       MEDIUMBLOB   NOT NULL,
  uploaded_at   DATETIME(3)  NOT NULL,
  PRIMARY KEY (candidate_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
