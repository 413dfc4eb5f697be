/*
 * cli.h - shared pieces of the mtpm command-line tool.
 *
 * The CLI is the only part of mtpm that touches stdio, files and the
 * environment. Each subcommand lives in its own file and has the shape
 *   int cli_<name>(cli_env *env, int argc, char **argv)
 * returning one of the exit codes below (README "Exit codes").
 */
#ifndef MTPM_CLI_H
#define MTPM_CLI_H

#include <stdarg.h>
#include <stdio.h>
#include "mtpm/mtpm.h"
#include "mtpm/keyfile.h"

/* Formatted output of src/cli/print.c: the CLI's format subset. */
int cli_vfprintf(FILE *f, const char *fmt, va_list ap)
	__attribute__((format(__printf__, 2, 0)));
int cli_fprintf(FILE *f, const char *fmt, ...) __attribute__((format(__printf__, 2, 3)));
int cli_printf(const char *fmt, ...) __attribute__((format(__printf__, 1, 2)));

/* Error lines (src/cli/print.c): cli_err prints "mtpm COMMAND: MSG\n" on
 * stderr, cli_err_head only its "mtpm COMMAND: " head. COMMAND is cli_cmd,
 * which main.c sets to the subcommand before dispatch (NULL before that:
 * "mtpm: "). One line per error, and never a secret in it. */
extern const char *cli_cmd;
void cli_err(const char *fmt, ...) __attribute__((format(__printf__, 1, 2)));
void cli_err_head(void);

/*
 * MTPM_CLI_MINIMAL is the static initramfs build (make static,
 * docs/static.md): every command that talks to the TPM, without the two
 * offline tools an initramfs never runs (mtpm decode, and the signing half
 * of mtpm policy), and with print.c in place of the C library's printf.
 */
#ifdef MTPM_CLI_MINIMAL
#define printf cli_printf
#define fprintf cli_fprintf
#define vfprintf cli_vfprintf
#endif

/* The body of a command's --help after its usage lines: the full build
 * prints it, the initramfs build (MTPM_CLI_MINIMAL) only the usage, to
 * keep the static binary small; man/mtpm.1 has it all. */
#ifdef MTPM_CLI_MINIMAL
#define CLI_MORE(s) ""
#else
#define CLI_MORE(s) s
#endif

/* Exit codes: stable, documented in README.md and man/mtpm.1. */
enum {
	EXIT_OK = 0,
	EXIT_FAIL = 1,        /* the TPM refused, or another failure */
	EXIT_USAGE = 2,       /* bad arguments */
	EXIT_NOTPM = 3,       /* no TPM, or I/O with it failed */
	EXIT_INTEGRITY = 4,   /* response failed verification: possible bus tampering */
	EXIT_MALFORMED = 5,   /* malformed or unusable file, or malformed TPM response */
	EXIT_POLICY = 6,      /* PCR values or policy do not match */
	EXIT_AUTH = 7,        /* wrong PIN or password */
	EXIT_LOCKOUT = 8,     /* TPM dictionary-attack lockout */
	EXIT_WRONG_TPM = 9,   /* wrong TPM or parent key */
	EXIT_TOO_LARGE = 10,  /* secret or input too large */
};

typedef struct cli_env {
	const char *tcti;     /* -T / MTPM_TCTI / TPM2TOOLS_TCTI, NULL for the default device */
	const char *tcti_from; /* where tcti came from ("-T", "MTPM_TCTI", ...), for errors */
	int trace;            /* --trace / MTPM_TRACE=1 */
	mtpm_tcti parsed;
	mtpm_transport tr;
	mtpm_ctx ctx;         /* large (two 4 KiB buffers): lives in static storage */
	int open;
} cli_env;

/* Open the TPM named by env->tcti and set up env->ctx (BearSSL crypto,
 * retry backoff, trace). Prints the error and returns an exit code. */
int cli_open(cli_env *env);
void cli_close(cli_env *env);

/* Print "mtpm WHAT: <decoded rc>" on stderr and map rc to an exit code. */
int cli_fail(const char *what, mtpm_rc rc);
int cli_exit_code(mtpm_rc rc);
/* Print "mtpm COMMAND: MSG (see mtpm --help)" on stderr and return
 * EXIT_USAGE. A MSG that already starts with the command's name ("seal:
 * bad --pin-fd") is not prefixed twice. */
int cli_usage_error(const char *fmt, ...) __attribute__((format(__printf__, 1, 2)));
/* Is arg -h or --help? */
int cli_is_help(const char *arg);

/* Parsers shared by several subcommands (fuzzed in fuzz/). */
int cli_parse_u32(const char *s, uint32_t *out);
uint16_t cli_hash_alg(const char *name);        /* "sha256" -> MTPM_ALG_SHA256, 0 if unknown */
const char *cli_hash_name(uint16_t alg);
/* PCR selection in tpm2-tools' and systemd's syntax (src/cli/util.c):
 * "sha256:0,1,7+sha1:all", "7", "0+7", "0-7", "sha256:0-3,7". A "+"
 * followed by a bank name starts a new bank, a "+" followed by a digit is
 * another PCR of the current one; a list without a bank is sha256. */
mtpm_rc cli_parse_pcr_selection(const char *s, mtpm_TPML_PCR_SELECTION *out);
/* hex string to bytes; returns number of bytes or -1 */
long cli_hex_decode(const char *hex, uint8_t *out, size_t cap);
void cli_hex_print(FILE *f, const uint8_t *b, size_t n, int upper);

/* Read the PCRs of sel into values[bank] in PCR order (src/cli/basic.c). */
mtpm_rc cli_read_pcrs(mtpm_ctx *ctx, const mtpm_TPML_PCR_SELECTION *sel,
		      mtpm_TPML_DIGEST values[MTPM_MAX_BANKS]);
/* The values of one bank of a selection, in PCR order: room for all 24,
 * which a TPML_DIGEST (8) does not have. Same field names. */
#define CLI_MAX_PCRS 24
typedef struct {
	uint32_t count;
	mtpm_TPM2B_DIGEST digests[CLI_MAX_PCRS];
} cli_pcr_values;
/* Read the PCRs of sel into vals[bank], any number per bank (src/cli/basic.c).
 * _audited: every PCR_Read carries s with the audit attribute, so its
 * response HMAC covers the values and a changed byte is MTPM_E_INTEGRITY.
 * s must be an active HMAC session salted to a key whose Name the caller
 * trusts (an unsalted, unbound one is refused: its HMAC key is empty); on
 * failure the pipeline has flushed it. Values all come from one PCR state
 * (pcrUpdateCounter unchanged across the commands). */
mtpm_rc cli_read_pcr_values(mtpm_ctx *ctx, const mtpm_TPML_PCR_SELECTION *sel,
			    cli_pcr_values vals[MTPM_MAX_BANKS]);
mtpm_rc cli_read_pcrs_audited(mtpm_ctx *ctx, mtpm_session *s,
			      const mtpm_TPML_PCR_SELECTION *sel,
			      cli_pcr_values vals[MTPM_MAX_BANKS]);
/* pcrDigest of values read for sel, in the policy hash alg (Part 3 §23.7;
 * src/cli/policy.c). */
mtpm_rc cli_pcr_values_digest(uint16_t alg, const mtpm_TPML_PCR_SELECTION *sel,
			      const cli_pcr_values vals[MTPM_MAX_BANKS],
			      mtpm_TPM2B_DIGEST *out);

/*
 * Files and secrets (src/cli/fileio.c). Each returns an exit code and has
 * printed one error line ("mtpm COMMAND: WHAT 'F': why"). Every file error
 * is EXIT_MALFORMED (5), except an input larger than cap: EXIT_TOO_LARGE.
 *
 * cli_write_file writes a new file through a 0600 temporary in the same
 * directory (O_EXCL|O_NOFOLLOW, written, fsync'ed, then linked or renamed
 * into place), so a reader never sees half a file and a failed write
 * leaves none. An existing file is replaced only when cli_force is set
 * (--force, which main.c takes from any command's arguments); it is never
 * written in place. A FIFO or character device (a pipe, /dev/stdout,
 * /dev/null) and "-" (stdout) are written directly, without fsync or
 * chmod. A secret never goes to a terminal unless allow_tty.
 * cli_update_file replaces a regular file the command has just read and
 * was asked to update (policy sign --add), the same way, with no --force.
 */
extern int cli_force;
const char *cli_strerror(int e);
int cli_read_fd(int fd, uint8_t *buf, size_t cap, size_t *len);
int cli_read_file(const char *path, uint8_t *buf, size_t cap, size_t *len, const char *what);
/* mtpm_keyfile_read with the CLI's one DER scratch buffer (src/cli/util.c). */
mtpm_rc cli_keyfile_parse(const uint8_t *in, size_t n, mtpm_keyfile *kf);
int cli_write_file(const char *path, const uint8_t *b, size_t n, int secret, int allow_tty);
int cli_update_file(const char *path, const uint8_t *b, size_t n);
/* A PIN from a file, an fd, or a no-echo prompt on /dev/tty (prompt). */
int cli_read_pin(const char *file, int fd, int prompt, uint8_t *pin, size_t cap, size_t *len);

/* Owner public keys (src/cli/pubkey.c). */
mtpm_rc cli_spki_to_public(const uint8_t *der, size_t n, mtpm_TPM2B_PUBLIC *out);
void cli_signing_key_template(mtpm_TPMT_PUBLIC *p, uint16_t type);
int cli_load_pubkey(const char *path, mtpm_TPM2B_PUBLIC *out);

/* A PolicyPCR step from "SEL" (current values, read from the TPM) or
 * "SEL=FILE" (values concatenated in selection order, as tpm2_pcrread -o
 * writes them); the values are returned too when vals is not NULL
 * (src/cli/policy.c). */
int cli_pcr_step(cli_env *env, const char *spec, int need_digest,
		 mtpm_policy_step *st, mtpm_TPML_DIGEST vals[MTPM_MAX_BANKS]);
/* The same with pcrDigest in the policy hash alg (any bank with any
 * policy hash, Part 3 §23.7), current values read under the audit session
 * when audit is not NULL (cli_read_pcrs_audited), and all 24 values a bank
 * returned in vals. cli_pcr_step is this with SHA-256 and no audit; its
 * vals get at most 8 values a bank (the digest still covers them all). */
int cli_pcr_step_ex(cli_env *env, const char *spec, int need_digest, uint16_t alg,
		    mtpm_session *audit, mtpm_policy_step *st,
		    cli_pcr_values vals[MTPM_MAX_BANKS]);

/* Trace printer installed by cli_open when env->trace (src/cli/trace.c). */
void cli_trace(void *user, int dir, uint32_t cc, const uint8_t *b, size_t n);

/* Subcommands. */
int cli_getrandom(cli_env *env, int argc, char **argv);
int cli_pcrread(cli_env *env, int argc, char **argv);
int cli_pcrextend(cli_env *env, int argc, char **argv);
int cli_info(cli_env *env, int argc, char **argv);
int cli_handles(cli_env *env, int argc, char **argv);
int cli_flush(cli_env *env, int argc, char **argv);
int cli_startup(cli_env *env, int argc, char **argv);
int cli_seal(cli_env *env, int argc, char **argv);      /* src/cli/seal.c */
int cli_unseal(cli_env *env, int argc, char **argv);    /* src/cli/seal.c */
int cli_policy(cli_env *env, int argc, char **argv);    /* src/cli/policy.c */
int cli_decode(cli_env *env, int argc, char **argv);    /* src/cli/trace.c */

/* Parent trust (src/cli/parent.c). The sources of a trusted parent Name
 * other than the pinned-parent file, which cli_trusted_parent reads
 * itself ($MTPM_PARENT_NAME_FILE, else /etc/mtpm/parents). */
typedef struct {
	mtpm_TPM2B_NAME opt_name;              /* --parent-name; size 0: none */
	const mtpm_TPM2B_NAME *recorded;       /* recorded with the key file, or NULL */
	const char *recorded_from;             /* e.g. "'disk.pem'", for messages */
} cli_trust;
/* The Name the parent (handle, or MTPM_RH_OWNER with rsa) must have: every
 * source that has one must agree (else exit 9); out->size 0 when none has
 * one. Prints its errors; returns an exit code. */
int cli_trusted_parent(const char *cmd, const cli_trust *t, uint32_t parent, int rsa,
		       mtpm_TPM2B_NAME *out);
int cli_trusted_parent_key(const char *cmd, const cli_trust *t, const char *key,
			   mtpm_TPM2B_NAME *out);
/* "no trusted Name: give --parent-name or pin it" for cmd. */
void cli_no_trust_msg(const char *cmd, uint32_t parent, int rsa);
void cli_no_trust_msg_key(const char *cmd, const char *key);
/* Merge entries into the pinned-parent file out: a changed entry only
 * with --force (else exit 9); other keys' lines kept. */
typedef struct {
	char key[24];
	mtpm_TPM2B_NAME name;
} cli_pin_entry;
int cli_pin_store(const char *cmd, const char *out, const cli_pin_entry *e, unsigned n);
void cli_print_name_line(const char *key, const mtpm_TPM2B_NAME *n);
int cli_luks(cli_env *env, int argc, char **argv);      /* src/cli/luks.c */
/* After a wrong PIN: the tries left before lockout (src/cli/seal.c). */
void cli_tries_left(cli_env *env);
/* An HMAC session salted to a trusted parent, for audited PCR reads
 * (src/cli/parent.c); prints its error, returns an exit code. */
int cli_audit_session(cli_env *env, const mtpm_parent *pa, mtpm_session *s);
/* A Name in hex (nameAlg || digest): 0, or -1 if malformed. */
int cli_parse_name(const char *hex, mtpm_TPM2B_NAME *name);
const char *cli_pinfile_path(int *explicit_path);
int cli_parent(cli_env *env, int argc, char **argv);    /* src/cli/parent.c */

#endif
