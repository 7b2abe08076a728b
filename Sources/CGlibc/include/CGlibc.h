#ifndef TALLY_CGLIBC_H
#define TALLY_CGLIBC_H

#include <sys/types.h>
#include <malloc.h>

/* glibc's heap controls, which its Swift module does not export (used by tallyd's MemoryHygiene). */
static inline void tally_malloc_limit_arenas(int arenas) { mallopt(M_ARENA_MAX, arenas); }
static inline void tally_malloc_trim(void) { malloc_trim(0); }
/* A fixed threshold: blocks this large or larger are mapped and unmapped on free. glibc otherwise raises the
   threshold to the size of each large block freed, and later large replies stay in the heap. */
static inline void tally_malloc_mmap_threshold(int bytes) { mallopt(M_MMAP_THRESHOLD, bytes); }
/* Free memory at the top of a heap is given back on free() only above this much (glibc: 128 KiB). */
static inline void tally_malloc_trim_threshold(int bytes) { mallopt(M_TRIM_THRESHOLD, bytes); }

/* glibc declares struct ucred only under _GNU_SOURCE; this mirror has the same layout (SO_PEERCRED). */
struct tally_ucred {
    pid_t pid;
    uid_t uid;
    gid_t gid;
};

/* SO_PEERGROUPS (Linux 4.13): the supplementary groups the peer had when it connected. A service's
   SupplementaryGroups= (a DynamicUser's above all) exist only there, not in /etc/group. Read into a fixed
   array, zeroed first: a peer with more than 256 groups makes getsockopt fail (ERANGE). */
#define TALLY_SO_PEERGROUPS 59
#define TALLY_PEER_GROUPS_MAX 256
struct tally_peer_groups {
    gid_t gids[TALLY_PEER_GROUPS_MAX];
};

#endif
