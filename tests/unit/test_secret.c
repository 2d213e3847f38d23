/*
** test_secret.c - the one secret detector (src/common/secret.c), shared by
** redaction and D06: key names by word with a deny-list of non-secret last
** words, values by content, command lines; the secret part only is hidden.
** Table-driven, each case of issue 14 both ways.
*/
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "common/ds_secret.h"

static const struct {
  const char *key;
  int secret;
} keys[] = {
    /* not secrets: what the value is, by its last word, or no secret word */
    {"DOCKER_TLS_CERTDIR", 0},
    {"DOCKER_CERT_PATH", 0},
    {"AUTH_ENABLED", 0},
    {"GF_AUTH_ANONYMOUS_ENABLED", 0},
    {"KEYCLOAK_URL", 0},
    {"PASSENGER_APP_ENV", 0},
    {"SESSION_TIMEOUT", 0},
    {"TOKEN_TTL", 0},
    {"POSTGRES_PASSWORD_FILE", 0},
    {"DATABASE_URL", 0},
    {"PWD", 0},
    {"OLDPWD", 0},
    {"SSH_PUBLIC_KEY", 0},
    {"MONKEY", 0},
    {"BYPASS_CACHE", 0},
    {"PATH", 0},
    /* secrets */
    {"DB_PASSWORD", 1},
    {"POSTGRES_PASSWORD", 1},
    {"MYSQL_ROOT_PASSWORD", 1},
    {"githubToken", 1},
    {"AWS_SECRET_ACCESS_KEY", 1},
    {"API_KEY", 1},
    {"apikey", 1},
    {"DBPASSWORD", 1},
    {"SENTRY_DSN", 1},
    {"BASIC_AUTH", 1},
    {"com.example.api-token", 1},
    {"JWT_SECRET", 1},
    {"REDIS_PASS", 1},
    {"client.credentials", 1},
};

static const struct {
  const char *in, *out;
} values[] = {
    {"postgres://app:pw@db/x", "postgres://app:<redacted>@db/x"},
    {"redis://:pw@cache", "redis://:<redacted>@cache"},
    {"Authorization: Bearer abcdef123456", "Authorization: Bearer <redacted>"},
    {"Authorization: Basic dXNlcjpwYXNzd29yZA==", "Authorization: Basic <redacted>"},
    {"key AKIAIOSFODNN7EXAMPLE here", "key <redacted> here"},
    {"ghp_0123456789abcdefghijABCDEFGHIJ012345", "<redacted>"},
    {"github_pat_11ABCDEFG0123456789_abcdefghij", "<redacted>"},
    {"xoxb-123456789012-abcdefABCDEF", "<redacted>"},
    {"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.sig_nature-x", "<redacted>"},
    {"-----BEGIN RSA PRIVATE KEY-----\nMIIEabc\n-----END RSA PRIVATE KEY-----",
     "-----BEGIN RSA PRIVATE KEY-----<redacted>-----END RSA PRIVATE KEY-----"},
    /* not secrets */
    {"https://keycloak.example.com/auth", NULL},
    {"http://db:5432/x", NULL},
    {"/certs/client", NULL},
    {"true", NULL},
    {"300s", NULL},
    {"-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----", NULL},
    {"Basic auth is off", NULL},
    {"ghp_short", NULL},
};

static const struct {
  const char *in, *out;
} commands[] = {
    {"app --token=abc123 --port 80", "app --token=<redacted> --port 80"},
    {"app --password=hunter2", "app --password=<redacted>"},
    {"app --password hunter2 -v", "app --password <redacted> -v"},
    {"psql postgres://app:pw@db/x", "psql postgres://app:<redacted>@db/x"},
    {"curl -H Authorization: Bearer abcdef123456 x", "curl -H Authorization: Bearer <redacted> x"},
    {"nginx -g daemon off;", NULL},
    {"app --token-ttl=300 --cert-path=/x", NULL},
};

/* Case names are one line each. */
static void one_line(char *s) {
  for (; *s; s++)
    if (*s == '\n') *s = ' ';
}

int main(void) {
  char name[256];
  for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
    snprintf(name, sizeof(name), "secret-key %s %s", keys[i].key, keys[i].secret ? "yes" : "no");
    CHECK_INT(name, keys[i].secret, ds_is_secret_key(keys[i].key, strlen(keys[i].key)));
  }
  for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
    int secret = -1;
    char *got = ds_redact_value(values[i].in, strlen(values[i].in), 0, &secret);
    snprintf(name, sizeof(name), "secret-value %.40s", values[i].in);
    one_line(name);
    CHECK_STR(name, values[i].out ? values[i].out : values[i].in, got);
    snprintf(name, sizeof(name), "secret-value-flag %.40s", values[i].in);
    one_line(name);
    CHECK_INT(name, values[i].out != NULL, secret);
    free(got);
    got = ds_redact_value(values[i].in, strlen(values[i].in), 1, &secret);
    snprintf(name, sizeof(name), "secret-value-revealed %.40s", values[i].in);
    one_line(name);
    CHECK_STR(name, values[i].in, got);
    free(got);
  }
  for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
    int secret = -1;
    char *got = ds_redact_command(commands[i].in, 0, &secret);
    snprintf(name, sizeof(name), "secret-command %.40s", commands[i].in);
    CHECK_STR(name, commands[i].out ? commands[i].out : commands[i].in, got);
    CHECK_INT(name, commands[i].out != NULL, secret);
    free(got);
  }
  /* Environment entries: the name decides the whole value, else the content
  ** its secret part. */
  int secret = -1;
  char *e = ds_redact_env("DATABASE_URL=postgres://app:pw@db/x", 35, 0, &secret);
  CHECK_STR("env url password", "DATABASE_URL=postgres://app:<redacted>@db/x", e);
  CHECK_INT("env url password flagged", 1, secret);
  free(e);
  e = ds_redact_env("DOCKER_TLS_CERTDIR=/certs", 25, 0, &secret);
  CHECK_STR("env certdir shown", "DOCKER_TLS_CERTDIR=/certs", e);
  CHECK_INT("env certdir not flagged", 0, secret);
  free(e);
  e = ds_redact_env("POSTGRES_PASSWORD=x", 19, 0, &secret);
  CHECK_STR("env password", "POSTGRES_PASSWORD=<redacted>", e);
  free(e);
  char *k = NULL, *v = NULL;
  ds_env_entry("HTTP_HEADER=Authorization: Bearer abcdef123456", 0, &k, &v, &secret);
  CHECK_STR("env entry bearer", "Authorization: Bearer <redacted>", v);
  CHECK_INT("env entry bearer flagged", 1, secret);
  free(k);
  free(v);
  CHECK_DONE();
}
