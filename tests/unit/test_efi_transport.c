/*
 * tests/unit/test_efi_transport.c - transport/efi.c, the UEFI TCG2
 * transport of mtpm.efi, against a fake EFI_TCG2_PROTOCOL.
 *
 * transport/efi.c is left out of the hosted library (Makefile LIB_SRC),
 * so it is compiled into this test directly. The firmware is not there on
 * Linux, so here - and only here - the protocol is a fake: a table whose
 * GetCapability and SubmitCommand are C functions with the firmware's
 * calling convention (ms_abi on x86-64, as transport/efi.c declares it),
 * each playing one firmware behaviour. The real firmware path (OVMF's
 * Tcg2Dxe on swtpm) is tests/efi/efi-test.sh.
 *
 * The contract under test (include/mtpm/transport_efi.h, transport.h):
 * a whole frame or an error, never a partial success; a response larger
 * than the buffer (EFI_BUFFER_TOO_SMALL, or a header that claims more
 * than was offered) is MTPM_E_SPACE; a header size below 10 (or a
 * firmware that wrote nothing) is MTPM_E_MALFORMED; the firmware is never
 * offered more than rsp_cap or its own MaxResponseSize; on failure
 * *rsp_len is 0 and the buffer is cleared.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "../../transport/efi.c"

/* TPM2_GetRandom(8): Part 3 §16.1, TPM_ST_NO_SESSIONS, CC 0x17B. */
static const uint8_t getrandom8[12] = {
	0x80, 0x01, 0x00, 0x00, 0x00, 0x0c, 0x00, 0x00, 0x01, 0x7b, 0x00, 0x08
};

#define EFI_DEVICE_ERROR_ (EFI_ERR | 7)

/* What the fake firmware does on SubmitCommand. */
enum fw_mode {
	FW_OK,            /* a 20-byte GetRandom response */
	FW_TOO_SMALL,     /* EFI_BUFFER_TOO_SMALL, after writing what fit */
	FW_CLAIMS_MORE,   /* success, header size = out_size + 1 (what fit was written) */
	FW_SIZE_SHORT,    /* success, header size 8 (< a header) */
	FW_SILENT,        /* success, nothing written */
	FW_TIMEOUT,       /* EFI_TIMEOUT */
	FW_DEVICE_ERROR,  /* EFI_DEVICE_ERROR */
	FW_INVALID,       /* EFI_INVALID_PARAMETER */
	FW_BIG            /* a response of big_len bytes, honest header, if it fits */
};

/* The fake protocol: the table first, so the transport's pointer to it is
 * also a pointer to the fake's state. */
struct fake_fw {
	struct efi_tcg2 p;
	enum fw_mode mode;
	int cap_status;            /* GetCapability: 0 ok, else an error */
	uint8_t present;           /* TPMPresentFlag */
	uint16_t max_cmd, max_rsp;
	uint8_t cap_size;          /* the Size the firmware reports */
	uint32_t big_len;
	/* what SubmitCommand saw */
	unsigned calls;
	uint32_t last_in_size, last_out_size;
	uint8_t last_cmd[64];
};

static EFI_ABI efi_status fake_getcap(struct efi_tcg2 *self, uint8_t *cap)
{
	struct fake_fw *f = (struct fake_fw *)self;

	if (f->cap_status)
		return EFI_ERR | 2;
	/* EFI_TCG2_BOOT_SERVICE_CAPABILITY, natural alignment (§6.4.1). */
	cap[0] = f->cap_size;
	cap[1] = 1;
	cap[2] = 1;
	cap[8] = 0x02;                          /* SHA256 */
	cap[CAP_PRESENT] = f->present;
	cap[CAP_MAX_CMD] = (uint8_t)f->max_cmd;
	cap[CAP_MAX_CMD + 1] = (uint8_t)(f->max_cmd >> 8);
	cap[CAP_MAX_RSP] = (uint8_t)f->max_rsp;
	cap[CAP_MAX_RSP + 1] = (uint8_t)(f->max_rsp >> 8);
	return 0;
}

static void put_hdr(uint8_t *out, uint32_t size)
{
	out[0] = 0x80;
	out[1] = 0x01;
	out[2] = (uint8_t)(size >> 24);
	out[3] = (uint8_t)(size >> 16);
	out[4] = (uint8_t)(size >> 8);
	out[5] = (uint8_t)size;
	memset(out + 6, 0, 4);                  /* TPM_RC_SUCCESS */
}

static EFI_ABI efi_status fake_submit(struct efi_tcg2 *self, uint32_t in_size, uint8_t *in,
				      uint32_t out_size, uint8_t *out)
{
	struct fake_fw *f = (struct fake_fw *)self;
	uint32_t i;

	f->calls++;
	f->last_in_size = in_size;
	f->last_out_size = out_size;
	memcpy(f->last_cmd, in, in_size < sizeof(f->last_cmd) ? in_size : sizeof(f->last_cmd));
	/* The firmware's own rule (TCG EFI Protocol Specification §6.6): an
	 * output block larger than MaxResponseSize is refused. */
	if (out_size > f->max_rsp)
		return EFI_INVALID_PARAMETER;
	switch (f->mode) {
	case FW_OK:
		if (out_size < 20)
			return EFI_BUFFER_TOO_SMALL;
		put_hdr(out, 20);
		out[10] = 0;
		out[11] = 8;
		for (i = 12; i < 20; i++)
			out[i] = (uint8_t)(0xA0 + i);
		return 0;
	case FW_TOO_SMALL:
		memset(out, 0x5A, out_size);
		put_hdr(out, out_size + 100);
		return EFI_BUFFER_TOO_SMALL;
	case FW_CLAIMS_MORE:
		memset(out, 0x5A, out_size);
		put_hdr(out, out_size + 1);
		return 0;
	case FW_SIZE_SHORT:
		put_hdr(out, 8);
		return 0;
	case FW_SILENT:
		return 0;
	case FW_TIMEOUT:
		return EFI_TIMEOUT;
	case FW_DEVICE_ERROR:
		return EFI_DEVICE_ERROR_;
	case FW_INVALID:
		return EFI_INVALID_PARAMETER;
	case FW_BIG:
		if (f->big_len > out_size)
			return EFI_BUFFER_TOO_SMALL;
		memset(out, 0x33, f->big_len);
		put_hdr(out, f->big_len);
		return 0;
	}
	return EFI_DEVICE_ERROR_;
}

static void fake_init(struct fake_fw *f, enum fw_mode mode)
{
	memset(f, 0, sizeof(*f));
	f->p.get_capability = fake_getcap;
	f->p.submit_command = fake_submit;
	f->mode = mode;
	f->present = 1;
	f->max_cmd = 3968;       /* OVMF's CRB buffer: 4096 less its registers */
	f->max_rsp = 3968;
	f->cap_size = 36;
}

/* transmit through the transport; on failure the buffer must be clean. */
static mtpm_rc xmit(struct fake_fw *f, uint8_t *rsp, size_t cap, size_t *n)
{
	mtpm_transport t;
	mtpm_rc rc;
	size_t i;

	mtpm_transport_efi(&t, f);
	memset(rsp, 0xEE, cap);
	*n = 12345;
	rc = t.transmit(&t, getrandom8, sizeof(getrandom8), rsp, cap, n);
	if (rc != MTPM_OK) {
		assert_int_equal(*n, 0);
		for (i = 0; i < cap; i++)
			if (rsp[i] != 0)
				fail_msg("byte %zu of the response buffer left after rc %08x", i,
					 (unsigned)rc);
	}
	return rc;
}

static void test_normal_frame(void **state)
{
	struct fake_fw f;
	uint8_t rsp[4096];
	size_t n;
	mtpm_transport t;
	(void)state;

	fake_init(&f, FW_OK);
	mtpm_transport_efi(&t, &f);
	assert_string_equal(t.desc, "efi-tcg2");
	assert_int_equal(t.resource_manager, 0);
	assert_int_equal(xmit(&f, rsp, sizeof(rsp), &n), MTPM_OK);
	assert_int_equal(n, 20);
	assert_int_equal(f.calls, 1);
	assert_int_equal(f.last_in_size, 12);
	assert_memory_equal(f.last_cmd, getrandom8, 12);
	assert_int_equal(rsp[5], 20);
	assert_int_equal(rsp[11], 8);
	assert_int_equal(rsp[19], 0xA0 + 19);
	/* the bytes after the frame are the caller's, untouched */
	assert_int_equal(rsp[20], 0xEE);
}

/* The firmware is offered min(rsp_cap, MaxResponseSize), never more: OVMF
 * refuses a larger output block with EFI_INVALID_PARAMETER. */
static void test_rsp_cap_respected(void **state)
{
	struct fake_fw f;
	uint8_t rsp[4096];
	size_t n;
	(void)state;

	fake_init(&f, FW_OK);
	assert_int_equal(xmit(&f, rsp, sizeof(rsp), &n), MTPM_OK);
	assert_int_equal(f.last_out_size, 3968);        /* the firmware's max */
	assert_int_equal(xmit(&f, rsp, 64, &n), MTPM_OK);
	assert_int_equal(f.last_out_size, 64);          /* the caller's cap */
	assert_int_equal(n, 20);
	/* a cap that cannot hold the response: the firmware says so */
	assert_int_equal(xmit(&f, rsp, 16, &n), MTPM_E_SPACE);
	assert_int_equal(f.last_out_size, 16);
	/* below a header, nothing is sent (and nothing written) */
	{
		mtpm_transport t;

		f.calls = 0;
		mtpm_transport_efi(&t, &f);
		n = 1;
		assert_int_equal(t.transmit(&t, getrandom8, 12, rsp, 9, &n), MTPM_E_SPACE);
		assert_int_equal(n, 0);
		assert_int_equal(f.calls, 0);
	}
}

/* EFI_BUFFER_TOO_SMALL: an error, whatever the firmware wrote first. */
static void test_buffer_too_small(void **state)
{
	struct fake_fw f;
	uint8_t rsp[256];
	size_t n;
	(void)state;

	fake_init(&f, FW_TOO_SMALL);
	assert_int_equal(xmit(&f, rsp, sizeof(rsp), &n), MTPM_E_SPACE);
	assert_int_equal(f.calls, 1);
}

/* A success whose header claims more than the block offered: the firmware
 * cut the response short. Never the first cap bytes as a frame. */
static void test_header_exceeds_buffer(void **state)
{
	struct fake_fw f;
	uint8_t rsp[256];
	size_t n;
	(void)state;

	fake_init(&f, FW_CLAIMS_MORE);
	assert_int_equal(xmit(&f, rsp, sizeof(rsp), &n), MTPM_E_SPACE);
	assert_int_equal(f.last_out_size, sizeof(rsp));
	/* the same against the firmware's max, with a larger caller buffer */
	{
		uint8_t big[8192];

		fake_init(&f, FW_CLAIMS_MORE);
		f.max_rsp = 1024;
		assert_int_equal(xmit(&f, big, sizeof(big), &n), MTPM_E_SPACE);
		assert_int_equal(f.last_out_size, 1024);
	}
}

/* A response as large as the firmware's max passes; one byte more than
 * the offered block cannot. */
static void test_max_size_frame(void **state)
{
	struct fake_fw f;
	uint8_t rsp[4096];
	size_t n;
	(void)state;

	fake_init(&f, FW_BIG);
	f.big_len = 3968;
	assert_int_equal(xmit(&f, rsp, sizeof(rsp), &n), MTPM_OK);
	assert_int_equal(n, 3968);
	f.big_len = 3969;
	assert_int_equal(xmit(&f, rsp, sizeof(rsp), &n), MTPM_E_SPACE);
	f.big_len = 100;
	assert_int_equal(xmit(&f, rsp, 99, &n), MTPM_E_SPACE);
	assert_int_equal(xmit(&f, rsp, 100, &n), MTPM_OK);
	assert_int_equal(n, 100);
}

/* The header size is the only length SubmitCommand gives: one below a
 * header, or a firmware that wrote nothing (the transport cleared the
 * header first), is a malformed frame. */
static void test_size_field_wrong(void **state)
{
	struct fake_fw f;
	uint8_t rsp[256];
	size_t n;
	(void)state;

	fake_init(&f, FW_SIZE_SHORT);
	assert_int_equal(xmit(&f, rsp, sizeof(rsp), &n), MTPM_E_MALFORMED);
	fake_init(&f, FW_SILENT);
	assert_int_equal(xmit(&f, rsp, sizeof(rsp), &n), MTPM_E_MALFORMED);
	/* a silent firmware after a good response: the old frame is not
	 * handed back again */
	fake_init(&f, FW_OK);
	assert_int_equal(xmit(&f, rsp, sizeof(rsp), &n), MTPM_OK);
	{
		mtpm_transport t;

		f.mode = FW_SILENT;
		mtpm_transport_efi(&t, &f);
		n = 1;
		assert_int_equal(t.transmit(&t, getrandom8, 12, rsp, sizeof(rsp), &n),
				 MTPM_E_MALFORMED);
		assert_int_equal(n, 0);
		assert_int_equal(rsp[5], 0);
	}
}

static void test_firmware_errors(void **state)
{
	struct fake_fw f;
	uint8_t rsp[256];
	size_t n;
	(void)state;

	fake_init(&f, FW_TIMEOUT);
	assert_int_equal(xmit(&f, rsp, sizeof(rsp), &n), MTPM_E_TIMEOUT);
	fake_init(&f, FW_DEVICE_ERROR);
	assert_int_equal(xmit(&f, rsp, sizeof(rsp), &n), MTPM_E_TRANSPORT);
	fake_init(&f, FW_INVALID);
	assert_int_equal(xmit(&f, rsp, sizeof(rsp), &n), MTPM_E_USAGE);
}

/* What GetCapability says decides before anything is sent. */
static void test_capability(void **state)
{
	struct fake_fw f;
	uint8_t rsp[256];
	size_t n;
	(void)state;

	fake_init(&f, FW_OK);
	f.present = 0;
	assert_int_equal(xmit(&f, rsp, sizeof(rsp), &n), MTPM_E_NOTPM);
	fake_init(&f, FW_OK);
	f.cap_status = 1;
	assert_int_equal(xmit(&f, rsp, sizeof(rsp), &n), MTPM_E_NOTPM);
	fake_init(&f, FW_OK);
	f.cap_size = 11;          /* a TCG2 1.0 structure: no MaxResponseSize */
	assert_int_equal(xmit(&f, rsp, sizeof(rsp), &n), MTPM_E_NOTPM);
	fake_init(&f, FW_OK);
	f.max_rsp = 9;
	assert_int_equal(xmit(&f, rsp, sizeof(rsp), &n), MTPM_E_NOTPM);
	fake_init(&f, FW_OK);
	f.max_cmd = 11;           /* the 12-byte command does not fit */
	assert_int_equal(xmit(&f, rsp, sizeof(rsp), &n), MTPM_E_SPACE);
	assert_int_equal(f.calls, 0);
	/* no protocol, or one without the members */
	{
		mtpm_transport t;

		mtpm_transport_efi(&t, NULL);
		assert_int_equal(t.transmit(&t, getrandom8, 12, rsp, sizeof(rsp), &n),
				 MTPM_E_NOTPM);
		fake_init(&f, FW_OK);
		f.p.submit_command = NULL;
		mtpm_transport_efi(&t, &f);
		assert_int_equal(t.transmit(&t, getrandom8, 12, rsp, sizeof(rsp), &n),
				 MTPM_E_NOTPM);
	}
}

/* A command that is not a frame never reaches the firmware. */
static void test_bad_command(void **state)
{
	struct fake_fw f;
	mtpm_transport t;
	uint8_t rsp[256];
	size_t n;
	(void)state;

	fake_init(&f, FW_OK);
	mtpm_transport_efi(&t, &f);
	assert_int_equal(t.transmit(&t, getrandom8, 11, rsp, sizeof(rsp), &n), MTPM_E_USAGE);
	assert_int_equal(f.calls, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_normal_frame),
		cmocka_unit_test(test_rsp_cap_respected),
		cmocka_unit_test(test_buffer_too_small),
		cmocka_unit_test(test_header_exceeds_buffer),
		cmocka_unit_test(test_max_size_frame),
		cmocka_unit_test(test_size_field_wrong),
		cmocka_unit_test(test_firmware_errors),
		cmocka_unit_test(test_capability),
		cmocka_unit_test(test_bad_command),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
