// TallyTesting: see the module's files.
