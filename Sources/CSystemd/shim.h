#ifndef TALLY_CSYSTEMD_SHIM_H
#define TALLY_CSYSTEMD_SHIM_H

/* Journal entries carry the caller's CODE_FILE/LINE/FUNC fields, not those of this shim. */
#define SD_JOURNAL_SUPPRESS_LOCATION 1

#include <sys/types.h>
#include <sys/socket.h>
#include <systemd/sd-daemon.h>
#include <systemd/sd-journal.h>

/* glibc declares struct ucred only under _GNU_SOURCE; this mirror has the same layout (SO_PEERCRED). */
struct tally_ucred {
    pid_t pid;
    uid_t uid;
    gid_t gid;
};

#endif
