/*
 * capability.c - Part 3 §30.2 TPM2_GetCapability.
 */
#include <string.h>
#include "cmds_int.h"

/* Part 3 §30.2 response: moreData, capabilityData */
mtpm_rc mtpm_GetCapability_rsp(mtpm_cur *c, uint8_t *moreData,
			       mtpm_TPMS_CAPABILITY_DATA *capabilityData)
{
	mtpm_get_u8(c, moreData);                        /* moreData (TPMI_YES_NO) */
	if (c->err == MTPM_OK && *moreData > 1)
		mtpm_cur_fail(c, MTPM_E_MALFORMED);
	mtpm_get_TPMS_CAPABILITY_DATA(c, capabilityData); /* capabilityData */
	if (mtpm_cur_done(c) != MTPM_OK) {
		*moreData = 0;
		memset(capabilityData, 0, sizeof(*capabilityData));
	}
	return c->err;
}

/* The command up to its response (cmds_int.h): shared with the
 * recovery's handle listing (context.c list_handles), which parses the
 * response into a small array of its own. */
mtpm_rc mtpm_cap_run(mtpm_cmd *cmd, mtpm_ctx *ctx, uint32_t capability,
		     uint32_t property, uint32_t propertyCount)
{
	mtpm_cur *p;

	mtpm_cmd_begin(cmd, ctx, &mtpm_cmd_GetCapability);
	mtpm_cmd_auths(cmd, NULL);
	p = mtpm_cmd_params(cmd);
	mtpm_put_u32(p, capability);     /* capability */
	mtpm_put_u32(p, property);       /* property */
	mtpm_put_u32(p, propertyCount);  /* propertyCount */
	return mtpm_cmd_run(cmd);
}

/* Part 3 §30.2 TPM2_GetCapability */
mtpm_rc mtpm_GetCapability(mtpm_ctx *ctx, uint32_t capability, uint32_t property,
			   uint32_t propertyCount, uint8_t *moreData,
			   mtpm_TPMS_CAPABILITY_DATA *capabilityData)
{
	mtpm_cmd cmd;
	mtpm_rc rc;

	rc = mtpm_cap_run(&cmd, ctx, capability, property, propertyCount);
	if (rc == MTPM_OK)
		rc = mtpm_GetCapability_rsp(&cmd.rsp, moreData, capabilityData);
	if (rc == MTPM_OK && capabilityData->capability != capability)
		rc = MTPM_E_MALFORMED;   /* answered a question we did not ask */
	rc = mtpm_cmd_end(&cmd, rc);
	if (rc != MTPM_OK) {
		*moreData = 0;
		memset(capabilityData, 0, sizeof(*capabilityData));
	}
	return rc;
}
