/*
 * tests/support/itest.h - set-up shared by the C integration tests.
 *
 * The tests run against the private swtpm that tests/run.sh started:
 * MTPM_TCTI names it. Each test opens its own connection, wrapped in the
 * recording/tampering transport so a test can count round trips and grep
 * what crossed the bus.
 */
#ifndef MTPM_TEST_ITEST_H
#define MTPM_TEST_ITEST_H

#include <mtpm/mtpm.h>
#include "tamper.h"

typedef struct itest {
	mtpm_tcti tcti;
	mtpm_transport real;
	mtpm_transport tt;
	mtpm_ctx ctx;
	tamper_t tp;
} itest;

/* Open MTPM_TCTI through a recording transport; BearSSL crypto. Fails
 * the test (cmocka) when no TPM can be opened. */
void itest_open(itest *it);
void itest_close(itest *it);
/* Create the TCG ECC (or RSA) SRK under the owner hierarchy; returns its
 * handle, public area and Name. */
uint32_t itest_srk(itest *it, int rsa, mtpm_TPM2B_PUBLIC *pub, mtpm_TPM2B_NAME *name);
/* Number of transient objects plus loaded sessions in the TPM. */
unsigned itest_loaded(itest *it);
/* Does needle occur anywhere in what crossed the bus? */
int itest_seen(const itest *it, const void *needle, size_t n);
/* Close and reopen the connection to the TPM: what a caller does after a
 * transport error or timeout, when the stream may be out of step. The
 * recording transport and the context stay as they are. */
void itest_reopen(itest *it);
/* Flush every transient object and every loaded session; returns how
 * many. The recovery after a command whose response was lost once the
 * TPM had created something the library cannot name. */
unsigned itest_flush_all(itest *it);
/* The password policy session the tests share: a policy session with
 * AES-128 CFB (salted to salt_key / salt_pub when salt_pub is not NULL)
 * that has run PolicyPassword (Part 3 §23.18), so it sends the
 * authValue in clear in its HMAC field. d, when not NULL, is extended
 * offline by the step too. Fails the test on any error. */
void itest_password_session(itest *it, mtpm_session *s, uint32_t salt_key,
			    const mtpm_TPMT_PUBLIC *salt_pub, mtpm_TPM2B_DIGEST *d);

#endif
