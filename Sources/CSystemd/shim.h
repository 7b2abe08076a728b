#ifndef TALLY_CSYSTEMD_SHIM_H
#define TALLY_CSYSTEMD_SHIM_H

/* Journal entries carry the caller's CODE_FILE/LINE/FUNC fields, not those of this shim. */
#define SD_JOURNAL_SUPPRESS_LOCATION 1

#include <sys/types.h>
#include <sys/socket.h>
#include <systemd/sd-daemon.h>
#include <systemd/sd-journal.h>

#endif
