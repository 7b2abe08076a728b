#ifndef TALLY_CGLIBC_H
#define TALLY_CGLIBC_H

#include <sys/types.h>
#include <malloc.h>

/* glibc's heap controls, which its Swift module does not export (used by tallyd's MemoryHygiene). */
static inline void tally_malloc_limit_arenas(int arenas) { mallopt(M_ARENA_MAX, arenas); }
static inline void tally_malloc_trim(void) { malloc_trim(0); }

/* glibc declares struct ucred only under _GNU_SOURCE; this mirror has the same layout (SO_PEERCRED). */
struct tally_ucred {
    pid_t pid;
    uid_t uid;
    gid_t gid;
};

#endif
