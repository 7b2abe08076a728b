// TallyConfig: see the module's files.
