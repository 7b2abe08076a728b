// TallyStore: see the module's files.
