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

/* Exit codes: stable, documented in README.md and man/mtpm.1. */
enum {
	EXIT_OK = 0,
	EXIT_FAIL = 1,        /* the TPM refused, or another failure */
	EXIT_USAGE = 2,       /* bad arguments */
	EXIT_NOTPM = 3,       /* no TPM, or I/O with it failed */
	EXIT_INTEGRITY = 4,   /* response failed verification: possible bus tampering */
	EXIT_MALFORMED = 5,   /* malformed file or TPM response */
	EXIT_POLICY = 6,      /* PCR values or policy do not match */
	EXIT_AUTH = 7,        /* wrong PIN or password */
	EXIT_LOCKOUT = 8,     /* TPM dictionary-attack lockout */
	EXIT_WRONG_TPM = 9,   /* wrong TPM or parent key */
	EXIT_TOO_LARGE = 10,  /* secret or input too large */
};

typedef struct cli_env {
	const char *tcti;     /* -T / MTPM_TCTI, NULL for the default device */
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
/* Print "mtpm: MSG" on stderr and return EXIT_USAGE. */
int cli_usage_error(const char *fmt, ...) __attribute__((format(__printf__, 1, 2)));
/* Is arg -h or --help? */
int cli_is_help(const char *arg);

/* Parsers shared by several subcommands (fuzzed in fuzz/). */
int cli_parse_u32(const char *s, uint32_t *out);
uint16_t cli_hash_alg(const char *name);        /* "sha256" -> MTPM_ALG_SHA256, 0 if unknown */
const char *cli_hash_name(uint16_t alg);
/* tpm2-tools PCR selection: "sha256:0,1,7+sha1:all"; "all" alone is every
 * bank the caller lists in banks_all (may be NULL: sha1+sha256). */
mtpm_rc cli_parse_pcr_selection(const char *s, mtpm_TPML_PCR_SELECTION *out);
/* hex string to bytes; returns number of bytes or -1 */
long cli_hex_decode(const char *hex, uint8_t *out, size_t cap);
void cli_hex_print(FILE *f, const uint8_t *b, size_t n, int upper);

/* Read the PCRs of sel into values[bank] in PCR order (src/cli/basic.c). */
mtpm_rc cli_read_pcrs(mtpm_ctx *ctx, const mtpm_TPML_PCR_SELECTION *sel,
		      mtpm_TPML_DIGEST values[MTPM_MAX_BANKS]);

/* Files and secrets (src/cli/fileio.c). Each returns an exit code and has
 * printed the error. Secrets go to files created 0600, or to a stdout that
 * is not a terminal unless allow_tty. */
int cli_read_fd(int fd, uint8_t *buf, size_t cap, size_t *len);
int cli_read_file(const char *path, uint8_t *buf, size_t cap, size_t *len, const char *what);
int cli_write_file(const char *path, const uint8_t *b, size_t n, int secret, int allow_tty);
/* A PIN from a file, an fd, or a no-echo prompt on /dev/tty (prompt). */
int cli_read_pin(const char *file, int fd, int prompt, uint8_t *pin, size_t cap, size_t *len);

/* Owner public keys (src/cli/pubkey.c). */
mtpm_rc cli_spki_to_public(const uint8_t *der, size_t n, mtpm_TPM2B_PUBLIC *out);
int cli_load_pubkey(const char *path, mtpm_TPM2B_PUBLIC *out);

/* A PolicyPCR step from "SEL" (current values, read from the TPM) or
 * "SEL=FILE" (values concatenated in selection order, as tpm2_pcrread -o
 * writes them); the values are returned too when vals is not NULL
 * (src/cli/policy.c). */
int cli_pcr_step(cli_env *env, const char *spec, int need_digest,
		 mtpm_policy_step *st, mtpm_TPML_DIGEST vals[MTPM_MAX_BANKS]);

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
int cli_decode(cli_env *env, int argc, char **argv);    /* src/cli/decode.c */

#endif
