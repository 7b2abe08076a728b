// TallyDaemon: see the module's files.
