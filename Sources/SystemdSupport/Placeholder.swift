// SystemdSupport: see the module's files.
