/*
 * file_digest.h -- the SHA-256 of a file's bytes on disk (through
 * nettle), so that a report says exactly which inputs it was made from.
 */
#ifndef LIGHTSOUT_FILE_DIGEST_H
#define LIGHTSOUT_FILE_DIGEST_H

#include <stddef.h>
#include <stdint.h>

#define FILE_DIGEST_HEX	65	/* 64 hex digits and a NUL */

/* -1 with "PATH: reason" in err when the file cannot be read. */
int	file_sha256(const char *path, char hex[FILE_DIGEST_HEX],
	    uint64_t *size, char *err, size_t errlen);

#endif
