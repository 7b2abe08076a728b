// TallyReport: see the module's files.
