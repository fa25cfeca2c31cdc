-- HTTP API: bearer tokens, and forecasts of models that are not metricast's own.

-- API tokens. Only the sha256 of a token is stored: a leaked table leaks no usable token. The
-- token itself is printed once by `metricast token create`. A revoked token keeps its row, so
-- `token list` shows who had access and when it ended. Scopes rank read < push < admin:
-- `push` may also post external predictions and actuals, `admin` may also retrain.
CREATE TABLE api_tokens (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  name          VARCHAR(64)     NOT NULL COMMENT 'who or what holds it, unique among live tokens',
  token_sha256  CHAR(64)        NOT NULL,
  scope         ENUM('read','push','admin') NOT NULL,
  created_at    DATETIME(3)     NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  revoked_at    DATETIME(3)     NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uq_api_tokens_sha256 (token_sha256),
  KEY ix_api_tokens_name (name, revoked_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- External models: predictions posted through the API by a model metricast did not train. Each
-- (series, model name) gets one model_versions row of kind 'external' (horizon 0, so its numbering
-- stays apart from metricast's own keys), and its forecasts are stored with role 'external', so the
-- normal reconciliation and accuracy aggregates score them like metricast's own.
CREATE TABLE external_models (
  series_id         BIGINT UNSIGNED NOT NULL,
  name              VARCHAR(64)     NOT NULL,
  model_version_id  BIGINT UNSIGNED NOT NULL,
  created_at        DATETIME(3)     NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (series_id, name),
  UNIQUE KEY uq_external_models_version (model_version_id),
  CONSTRAINT fk_external_models_series FOREIGN KEY (series_id) REFERENCES series (id),
  CONSTRAINT fk_external_models_version FOREIGN KEY (model_version_id) REFERENCES model_versions (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

ALTER TABLE forecasts MODIFY role ENUM('champion','challenger','external') NOT NULL DEFAULT 'champion'
  COMMENT 'alias the version served under; external: posted through the API';
