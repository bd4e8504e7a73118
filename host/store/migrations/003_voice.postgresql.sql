-- PostgreSQL variant of 003_voice.sql: the same schema, with audio columns
-- typed BYTEA (PostgreSQL has no BLOB type). Keep the two files in step.
ALTER TABLE agents ADD COLUMN speech_hints TEXT NOT NULL DEFAULT '';
ALTER TABLE agents ADD COLUMN stt_engine TEXT;
ALTER TABLE agents ADD COLUMN tts_engine TEXT;
ALTER TABLE agents ADD COLUMN voice TEXT;

CREATE TABLE voice_turns (
  tenant_id            TEXT   NOT NULL REFERENCES tenants (id),
  id                   TEXT   NOT NULL,
  session_id           TEXT   NOT NULL,
  user_message_id      TEXT   NOT NULL,
  message_id           TEXT   NOT NULL,
  transcript           TEXT   NOT NULL,
  transcript_confidence DOUBLE PRECISION,
  input_audio          BYTEA  NOT NULL,
  output_audio         BYTEA  NOT NULL,
  input_duration_ms    BIGINT NOT NULL,
  output_duration_ms   BIGINT NOT NULL,
  input_bytes          BIGINT NOT NULL,
  output_bytes         BIGINT NOT NULL,
  stt_engine           TEXT   NOT NULL,
  stt_version          TEXT   NOT NULL,
  tts_engine           TEXT   NOT NULL,
  tts_version          TEXT   NOT NULL,
  voice                TEXT   NOT NULL,
  tts_error            TEXT,
  stt_ms               BIGINT NOT NULL,
  llm_ms               BIGINT NOT NULL,
  tts_ms               BIGINT NOT NULL,
  request_id           TEXT   NOT NULL,
  created_at           TEXT   NOT NULL,
  audio_purged_at      TEXT,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, message_id),
  FOREIGN KEY (tenant_id, session_id) REFERENCES sessions (tenant_id, id),
  FOREIGN KEY (tenant_id, user_message_id) REFERENCES messages (tenant_id, id),
  FOREIGN KEY (tenant_id, message_id) REFERENCES messages (tenant_id, id)
);
CREATE INDEX voice_turns_by_session ON voice_turns (tenant_id, session_id);
CREATE INDEX voice_turns_by_age ON voice_turns (created_at);
