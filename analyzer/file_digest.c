/*
 * file_digest.c -- SHA-256 of a file, read in large blocks.
 */
#include <errno.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/file_digest.h"

#define DIGEST_BLOCK	(1u << 20)

int
file_sha256(const char *path, char hex[FILE_DIGEST_HEX], uint64_t *size,
    char *err, size_t errlen)
{
	static const char digits[] = "0123456789abcdef";
	struct sha256_ctx ctx;
	uint8_t digest[SHA256_DIGEST_SIZE];
	uint8_t *block = NULL;
	FILE *fp;
	size_t n, i;

	*size = 0;
	if ((fp = fopen(path, "rb")) == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if ((block = malloc(DIGEST_BLOCK)) == NULL) {
		snprintf(err, errlen, "%s: out of memory", path);
		goto fail;
	}
	sha256_init(&ctx);
	while ((n = fread(block, 1, DIGEST_BLOCK, fp)) > 0) {
		sha256_update(&ctx, n, block);
		*size += n;
	}
	if (ferror(fp)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		goto fail;
	}
	sha256_digest(&ctx, sizeof(digest), digest);
	for (i = 0; i < sizeof(digest); i++) {
		hex[2 * i] = digits[digest[i] >> 4];
		hex[2 * i + 1] = digits[digest[i] & 15];
	}
	hex[64] = '\0';
	free(block);
	fclose(fp);
	return 0;
fail:
	free(block);
	fclose(fp);
	return -1;
}
